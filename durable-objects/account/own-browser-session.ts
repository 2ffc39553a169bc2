/**
 * The run's browser when the account uses one of the operator's own (browser_provider `cdp`,
 * docs/anti-bot.md) instead of Browser Run: its address and token come from the Worker secrets
 * the account's `browserRefs` name, the run connects over the Worker's own WebSocket
 * (connectors/browser/own-browser.ts), works in a browser context of its own and closes it at
 * the end. The governor's slot and the pacing are the same as on Browser Run; there is nothing
 * to keep alive (the browser is the operator's and stays up; a connect is one WebSocket), so the
 * slot is given back at the end of every run.
 */
import { OwnBrowserError, openOwnBrowser, releaseOwnBrowser } from "../../connectors/browser/own-browser.ts";
import { openSiteSession, type SessionSetup } from "../../connectors/browser/page-setup.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { db } from "../../domain/db/client.ts";
import { referencedName, resolveCredential } from "../../domain/policy/credentials.ts";
import { readAccountPolicy } from "../../domain/policy/policy-store.ts";
import type { BrowserGovernor } from "../browser-governor.ts";
import type { RunContext } from "./run-context.ts";
import { AccountFailure } from "./run-failure.ts";
import { conversationMoved } from "./wake-plan.ts";

export interface OwnBrowserAddress {
  endpoint: string;
  token: string | null;
}

const launchFailure = (message: string) =>
  new AccountFailure({ class: "transient", step: "launch", message });
/** A secret the account names is missing: configuration, not a fault to retry (run-outcome.ts parks it). */
const setupFailure = (message: string) =>
  new AccountFailure({ class: "configuration", step: "launch", message, marker: "missing_secret" });

/** The account's own browser address, or null when it runs on Browser Run. */
export async function ownBrowserOf(ctx: RunContext): Promise<OwnBrowserAddress | null> {
  const account = (await readAccountPolicy(db(ctx.env.DB), ctx.ref.accountId))?.account;
  if (account?.browserProvider !== "cdp") return null;
  const refs = account.browserRefs;
  if (!refs) throw setupFailure("the account is set to its own browser but names no endpoint (browserRefs)");
  // Secret names only, never values, in anything that reaches health, alerts or logs.
  const endpoint = resolveCredential(ctx.env, refs.endpoint);
  if (!endpoint)
    throw setupFailure(
      `the Worker has no account secret ${referencedName(refs.endpoint)} (the account's browser endpoint)`,
    );
  const token = refs.token ? resolveCredential(ctx.env, refs.token) : null;
  if (refs.token && !token)
    throw setupFailure(
      `the Worker has no account secret ${referencedName(refs.token)} (the account's browser token)`,
    );
  return { endpoint, token };
}

/** The parts of a site session the run makes the same way for either browser. */
export type SessionParts = Pick<SessionSetup, "pacer" | "cookies" | "evidence">;

export async function openOwnSession(
  ctx: RunContext,
  origin: string,
  address: OwnBrowserAddress,
  parts: () => Promise<SessionParts>,
): Promise<void> {
  let own: Awaited<ReturnType<typeof openOwnBrowser>>;
  try {
    own = await openOwnBrowser(address.endpoint, address.token);
  } catch (err) {
    // The runtime's own errors may quote the address (and a token in it): only ours are shown.
    const why =
      err instanceof OwnBrowserError
        ? err.message
        : `${err instanceof Error ? err.name : "Error"} while connecting`;
    throw launchFailure(`could not open the account's own browser: ${why}`);
  }
  ctx.own = own;
  ctx.browser = own.browser;
  ctx.holdLease();
  ctx.bumpCounter("own_browser_connects");
  ctx.log("browser_opened", { sessionId: own.sessionId, reused: false, keepAliveMs: 0, provider: "cdp" });
  ctx.session = await openSiteSession(own.context, {
    spec: connectorFor(ctx.ref.platform).spec,
    origin,
    ...(await parts()),
    navigationTimeoutMs: ctx.cfg.antibot.navigationTimeoutMs,
  });
}

export async function closeOwnSession(
  ctx: RunContext,
  governor: DurableObjectStub<BrowserGovernor>,
  holder: string,
): Promise<void> {
  const own = ctx.own;
  ctx.own = null;
  ctx.browser = null;
  const owns = ctx.store.holdsRunLease(ctx.runId);
  if (owns && ctx.report.delivered > 0) conversationMoved(ctx.store, ctx.cfg, Date.now());
  if (own) await releaseOwnBrowser(own);
  if (!owns) return;
  await governor.release(holder);
  ctx.log("browser_released", {
    sessionId: own?.sessionId ?? null,
    mode: "close",
    keepAliveMs: 0,
    nextWorkInMs: null,
    provider: "cdp",
  });
}

/**
 * Browser Run attaches `cf-brapi-devtools` and `cf-biso-devtools` (and Web Bot Auth signatures)
 * to its browsers' requests; the local Browser binding (a plain Chromium) attaches none — seen
 * in the sandbox's request log. With BROWSER_RUN_LOCAL_HEADERS="emulate" (the workerd tests)
 * the tab sends the same header names, so a site's defence sees locally what it would see from
 * Browser Run. Never set in production: there Browser Run adds the real ones.
 */
export function browserRunHeaders(env: Env, sessionId: string): Record<string, string> {
  const mode = (env as { BROWSER_RUN_LOCAL_HEADERS?: string }).BROWSER_RUN_LOCAL_HEADERS;
  return mode === "emulate" ? { "cf-brapi-devtools": sessionId, "cf-biso-devtools": "1" } : {};
}
