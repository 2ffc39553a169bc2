/**
 * The run's browser and site session: reuse the kept-alive browser or launch one, restore the
 * sealed cookies, pace every page action within the hourly budget, and repair a lost login with
 * the account's stored credentials (at most `reloginsPerHour`). At the end the browser is kept
 * only while more work is due soon (wake-schedule.ts); otherwise it is closed, because Browser
 * Run bills a kept browser's idle time and counts it against the concurrent-browser limit.
 */
import { openCookies, type StoredCookie, sealCookies } from "../../connectors/browser/cookie-vault.ts";
import { closeSessionById, openBrowser, releaseBrowser } from "../../connectors/browser/launcher.ts";
import { collectCookies, openSiteSession } from "../../connectors/browser/page-setup.ts";
import type { EvidenceSink, Pacer, SiteSession } from "../../connectors/browser/site-session.ts";
import type { Failure, Result } from "../../connectors/core/failures.ts";
import { budgetCheck, nextActionAt } from "../../connectors/core/pacing.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { accountObjectName } from "../../domain/account/address.ts";
import { db } from "../../domain/db/client.ts";
import { missingSecrets, resolveCredential } from "../../domain/policy/credentials.ts";
import { readAccountPolicy } from "../../domain/policy/policy-store.ts";
import { sleep } from "../../domain/util/sleep.ts";
import type { BrowserGovernor } from "../browser-governor.ts";
import {
  freshLoginTried,
  IMPORTED_REFUSED_NO_LOGIN,
  importedSessionRefused,
  sessionProven,
} from "./imported-session.ts";
import { browserRunHeaders, closeOwnSession, openOwnSession, ownBrowserOf } from "./own-browser-session.ts";
import type { RunContext } from "./run-context.ts";
import { AccountFailure, BUDGET_MARKER } from "./run-failure.ts";
import { conversationMoved } from "./wake-plan.ts";
import { keepBrowser } from "./wake-schedule.ts";

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
  const own = await ownBrowserOf(ctx);
  if (own)
    return openOwnSession(ctx, origin, own, async () => ({
      pacer: pacer(ctx),
      cookies: await storedCookies(ctx),
      evidence: evidenceSink(ctx),
    }));
  const stale = ctx.store.meta.get("browser");
  if (stale && reuseId === null) {
    // A browser kept earlier that this run will not reuse (too old, or the governor gave its
    // slot away): make sure it is gone rather than idle until Browser Run times it out.
    await closeSessionById(ctx.env.BROWSER, stale.sessionId, 5000);
    ctx.store.meta.delete("browser");
  }
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
  ctx.log("browser_opened", { sessionId, reused, keepAliveMs: ctx.cfg.keepAliveMs, provider: "browser_run" });
  ctx.session = await openSiteSession(browser, {
    extraHeaders: browserRunHeaders(ctx.env, sessionId),
    spec: connectorFor(ctx.ref.platform).spec,
    origin,
    cookies: await storedCookies(ctx),
    pacer: pacer(ctx),
    navigationTimeoutMs: ctx.cfg.antibot.navigationTimeoutMs,
    evidence: evidenceSink(ctx),
  });
}

function evidenceSink(ctx: RunContext): EvidenceSink {
  return {
    save: async (e) => {
      const id = crypto.randomUUID();
      ctx.store.saveEvidence({ ...e, id, at: Date.now(), failureClass: e.failureClass });
      return id;
    },
  };
}

/** When the account has work next: a due send, a retry, a read-back, an ask, the next poll. */
function nextWorkAt(ctx: RunContext): number | null {
  const { store, report } = ctx;
  const times = [report.wakeAt, store.meta.get("pollAt")];
  // After a failure the outbox's times are the circuit's and the backoff's business, not a
  // reason to hold a browser.
  if (!report.failure) times.push(store.outbox.nextDueAt());
  if (store.meta.get("ingestDue")) times.push(Date.now());
  const known = times.filter((t): t is number => t !== null);
  return known.length ? Math.min(...known) : null;
}

/**
 * Ends the run's browser use: keeps the browser (disconnect; Browser Run closes it after
 * `keepAliveMs` idle) when the next work is due within `keepBrowserWithinMs`, else closes it.
 * The governor hears which: a kept browser still holds a slot of the concurrent-browser limit.
 */
export async function closeSession(
  ctx: RunContext,
  governor: DurableObjectStub<BrowserGovernor>,
  holder: string,
): Promise<void> {
  if (ctx.own) return closeOwnSession(ctx, governor, holder);
  const browser = ctx.browser;
  ctx.browser = null;
  const now = Date.now();
  // A run that lost its lease only disconnects and writes nothing: the account, its slot and
  // any browser the run that took over reconnected to belong to that run now.
  const owns = ctx.store.holdsRunLease(ctx.runId);
  if (owns && ctx.report.delivered > 0) conversationMoved(ctx.store, ctx.cfg, now);
  if (!browser) {
    if (owns) await governor.release(holder);
    return;
  }
  try {
    await ctx.session?.page.close();
  } catch {
    // the tab may already be gone
  }
  const next = nextWorkAt(ctx);
  const keep = owns && !ctx.report.failure && keepBrowser(next, now, ctx.cfg.wake);
  const kept = ctx.store.meta.get("browser");
  const sessionId = kept?.sessionId ?? browser.sessionId();
  await releaseBrowser(browser, keep || !owns ? "keep" : "close", 5000, ctx.env.BROWSER);
  if (!owns) return;
  const at = Date.now();
  if (keep) {
    ctx.store.meta.set("browser", { sessionId, lastUsed: at });
    await governor.keep(holder, sessionId, { until: at + ctx.cfg.keepAliveMs });
  } else {
    ctx.store.meta.delete("browser");
    await governor.release(holder);
  }
  ctx.log("browser_released", {
    sessionId,
    mode: keep ? "keep" : "close",
    keepAliveMs: keep ? ctx.cfg.keepAliveMs : 0,
    nextWorkInMs: next === null ? null : Math.max(0, next - at),
    provider: "browser_run",
  });
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
  } else if (!r.ok && importedSessionRefused(ctx, r.failure)) {
    const login = await loginAfresh(ctx, r.failure);
    if (!login.ok) return login;
    r = await op(s);
  }
  return r;
}

/**
 * The site refused a session imported from another browser (imported-session.ts): drop it and
 * log in with the account's credentials in this browser, once per run. Without credentials the
 * account is parked (session_expired) with a reason that says what happened.
 */
async function loginAfresh(ctx: RunContext, refused: Failure): Promise<Result<void>> {
  freshLoginTried(ctx);
  ctx.log("imported_session_refused", { class: refused.class, marker: refused.marker ?? null });
  const page = ctx.site().page;
  const jar = await page.cookies(ctx.site().opts.origin);
  if (jar.length)
    await page.deleteCookie(...jar.map((c) => ({ name: c.name, domain: c.domain, path: c.path })));
  // The sealed jar is left as it is: a good run replaces it with this browser's session, and a
  // login the site refuses too (Browser Run itself refused) keeps the person's capture.
  const r = await relogin(ctx);
  if (r.ok || r.failure.class !== "session_expired") return r;
  return {
    ok: false,
    failure: { ...r.failure, message: `${IMPORTED_REFUSED_NO_LOGIN}: ${r.failure.message}` },
  };
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
  if (r.ok) {
    ctx.store.meta.set("sessionState", "ok");
    sessionProven(ctx.store);
  }
  return r;
}
