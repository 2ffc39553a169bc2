/**
 * The shared connector engine: one careful flow, parameterised by a SiteSpec. Every call runs
 * inside `run`, which turns anything thrown into a classified failure for its step.
 *
 * - Login: the site's own form (site-login-flow.ts).
 * - Inbox and listings: paged crawls; inbox rows are fingerprinted so unchanged threads are not
 *   reopened (site-crawl.ts).
 * - Send: baseline, fill, click through the submit relay, confirm; after the click only
 *   `delivered`, `rejected` or `unknown` (site-send.ts).
 * - Read-back: is a message with our body new since the reply's baseline (site-readback.ts)?
 */
import type { SiteSession } from "../browser/site-session.ts";
import type { PlatformConnector } from "./contract.ts";
import { classifyThrown, fail, ok, type Result, type Step } from "./failures.ts";
import { crawlInbox, crawlListings } from "./site-crawl.ts";
import { logIn } from "./site-login-flow.ts";
import { findReply } from "./site-readback.ts";
import { sendReply } from "./site-send.ts";
import type { SiteSpec } from "./site-spec.ts";
import { loadThread } from "./site-thread.ts";

export { inboxFingerprint } from "./site-crawl.ts";

export interface EngineOptions {
  /** How long an in-place send may take to show up before the outcome is unknown. */
  confirmTimeoutMs?: number;
  pollMs?: number;
}

async function run<T>(step: Step, fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    return fail(classifyThrown(err, step));
  }
}

export function createSiteConnector(spec: SiteSpec, engine: EngineOptions = {}): PlatformConnector {
  const confirm = { confirmTimeoutMs: engine.confirmTimeoutMs ?? 15_000, pollMs: engine.pollMs ?? 500 };
  const { parseListings } = spec;
  const listingsPath = spec.paths.listings;
  return {
    platform: spec.platform,
    login: (s, creds) => run("login", () => logIn(spec, s, creds)),
    listInbox: (s, opts = {}) => run("inbox", () => crawlInbox(spec, s, opts)),
    readThread: (s, threadId) => run("thread", () => loadThread(spec, s, threadId, "thread")),
    sendReply: (s, reply, hooks) => run("compose", () => sendReply(spec, s, reply, hooks, confirm)),
    findReply: (s, reply) => run("confirm", () => findReply(spec, s, reply)),
    ...(parseListings && listingsPath
      ? {
          listListings: (s: SiteSession) =>
            run("listings", () => crawlListings(s, listingsPath, parseListings)),
        }
      : {}),
  };
}
