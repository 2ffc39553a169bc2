/**
 * The run's browser and site session: reuse the kept-alive browser or launch one, restore the
 * sealed cookies, pace every page action within the hourly budget, and repair a lost login with
 * the account's stored credentials (at most `reloginsPerHour`).
 */
import { openCookies, type StoredCookie, sealCookies } from "../../connectors/browser/cookie-vault.ts";
import { openBrowser, releaseBrowser } from "../../connectors/browser/launcher.ts";
import { collectCookies, openSiteSession } from "../../connectors/browser/page-setup.ts";
import type { Pacer, SiteSession } from "../../connectors/browser/site-session.ts";
import type { Result } from "../../connectors/core/failures.ts";
import { budgetCheck, nextActionAt } from "../../connectors/core/pacing.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { accountObjectName } from "../../domain/account/address.ts";
import { db } from "../../domain/db/client.ts";
import { missingSecrets, resolveCredential } from "../../domain/policy/credentials.ts";
import { readAccountPolicy } from "../../domain/policy/policy-store.ts";
import { sleep } from "../../domain/util/sleep.ts";
import type { RunContext } from "./run-context.ts";
import { AccountFailure, BUDGET_MARKER } from "./run-failure.ts";

function pacer(ctx: RunContext): Pacer {
  return {
    beforePageAction: async () => {
      // A run that lost its lease (it hung past it) takes no further page action.
      ctx.holdLease();
      const now = Date.now();
      const budget = budgetCheck(ctx.store.pageLoadsSince(now - 3_600_000), ctx.cfg.antibot, now);
      if (!budget.allowed) {
        ctx.report.wakeAt = budget.retryAtMs;
        throw new AccountFailure({
          class: "transient",
          step: "launch",
          message: "hourly page-load budget used up",
          marker: BUDGET_MARKER,
        });
      }
      const at = nextActionAt(ctx.store.meta.get("lastActionAt"), ctx.cfg.antibot, Math.random());
      if (at > now) await sleep(at - now);
      const t = Date.now();
      ctx.store.meta.set("lastActionAt", t);
      ctx.store.recordPageLoad(t);
    },
  };
}

async function storedCookies(ctx: RunContext): Promise<StoredCookie[]> {
  const sealed = ctx.store.meta.get("cookies");
  if (!sealed) return [];
  try {
    return await openCookies(sealed, ctx.env.SESSION_KEY, accountObjectName(ctx.ref));
  } catch {
    ctx.log("cookie_jar_unreadable"); // key rotated or jar corrupt: log in afresh
    return [];
  }
}

export async function openSession(ctx: RunContext, origin: string, reuseId: string | null): Promise<void> {
  const { browser, sessionId, reused } = await openBrowser(ctx.env.BROWSER, {
    reuseSessionId: reuseId,
    keepAliveMs: ctx.cfg.keepAliveMs,
  });
  ctx.report.reused = reused;
  if (!reused) {
    ctx.report.launched = true;
    ctx.bumpCounter("launches");
  }
  ctx.browser = browser;
  ctx.holdLease();
  ctx.store.meta.set("browser", { sessionId, lastUsed: Date.now() });
  ctx.session = await openSiteSession(browser, {
    spec: connectorFor(ctx.ref.platform).spec,
    origin,
    cookies: await storedCookies(ctx),
    pacer: pacer(ctx),
    navigationTimeoutMs: ctx.cfg.antibot.navigationTimeoutMs,
    evidence: {
      save: async (e) => {
        const id = crypto.randomUUID();
        ctx.store.saveEvidence({ ...e, id, at: Date.now(), failureClass: e.failureClass });
        return id;
      },
    },
  });
}

export async function closeSession(ctx: RunContext): Promise<void> {
  const browser = ctx.browser;
  ctx.browser = null;
  if (!browser) return;
  try {
    await ctx.session?.page.close();
  } catch {
    // the tab may already be gone
  }
  // Keep the browser warm for the next minute's run; Browser Run closes it when idle.
  await releaseBrowser(browser, "keep");
  const kept = ctx.store.meta.get("browser");
  if (kept && ctx.store.holdsRunLease(ctx.runId))
    ctx.store.meta.set("browser", { ...kept, lastUsed: Date.now() });
}

/** Seals the session's cookies for the next run. */
export async function saveCookies(ctx: RunContext): Promise<void> {
  const cookies = await collectCookies(ctx.site());
  const sealed = await sealCookies(cookies, ctx.env.SESSION_KEY, accountObjectName(ctx.ref));
  ctx.holdLease();
  ctx.store.meta.set("cookies", sealed);
}

/** Runs a connector call; a lost login is repaired once (when allowed) and the call retried. */
export async function call<T>(
  ctx: RunContext,
  op: (s: SiteSession) => Promise<Result<T>>,
): Promise<Result<T>> {
  const s = ctx.site();
  let r = await op(s);
  if (!r.ok && r.failure.class === "session_expired") {
    const login = await relogin(ctx);
    if (!login.ok) return login;
    r = await op(s);
  }
  return r;
}

/** Logs in with the account's credential references, within the hourly cap. */
async function relogin(ctx: RunContext): Promise<Result<void>> {
  const now = Date.now();
  const times = ctx.store.recentLogins(now);
  const refs = (await readAccountPolicy(db(ctx.env.DB), ctx.ref.accountId))?.account.credentialRefs ?? {};
  const username = resolveCredential(ctx.env, refs.username);
  const password = resolveCredential(ctx.env, refs.password);
  if (!username || !password) {
    const missing = missingSecrets(ctx.env, refs);
    return {
      ok: false,
      failure: {
        class: "session_expired",
        step: "login",
        marker: "no_credentials",
        // Secret names only, never values: this text reaches health, alerts and logs.
        message:
          missing.length > 0
            ? `logged out, and the Worker has no ${missing.length > 1 ? "secrets" : "secret"} ${missing.join(", ")} to log in with (named by this account's credential references)`
            : "logged out, and the account has no credential references to log in with: set credentialRefs or capture a session",
      },
    };
  }
  if (times.length >= ctx.cfg.reloginsPerHour) {
    return {
      ok: false,
      failure: { class: "session_expired", step: "login", message: "too many logins in the last hour" },
    };
  }
  ctx.holdLease();
  ctx.store.meta.set("relogins", [...times, now]);
  ctx.log("relogin");
  const r = await ctx.connector.login(ctx.site(), { username, password });
  if (r.ok) ctx.store.meta.set("sessionState", "ok");
  return r;
}
