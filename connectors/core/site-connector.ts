/**
 * The shared connector engine: one careful flow, parameterised by a SiteSpec.
 *
 * - Inbox: follows pagination; fingerprints rows so unchanged threads are not reopened.
 * - Send: reads the thread first (baseline), fills the composer, clicks the visible submit,
 *   then confirms by seeing a new outbound message with our body. Anything that goes wrong
 *   after the click is `unknown` — never a failure that could lead to a blind resend — unless
 *   the site clearly refused the message (`rejected`).
 * - Read-back: is our body in the thread as an outbound message at or after a time?
 */

import { sleep } from "../../domain/util/sleep.ts";
import type { SiteSession } from "../browser/site-session.ts";
import { bodiesMatch } from "./body-match.ts";
import type {
  InboxThread,
  PlatformConnector,
  ReadBack,
  SendOutcome,
  ThreadDetail,
  ThreadMessage,
} from "./contract.ts";
import { classifyThrown, fail, failureOf, ok, type Result, type Step } from "./failures.ts";
import { digest, firstMatch, textOf } from "./html.ts";
import type { ParseContext, SiteSpec } from "./site-spec.ts";

/** Site clocks are minute-precision local times; allow this much skew when comparing. */
const CLOCK_SKEW_MS = 3 * 60_000;

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

export function inboxFingerprint(row: Omit<InboxThread, "rank" | "fingerprint">): string {
  return digest(
    [
      row.externalThreadId,
      row.latestDirection,
      row.preview,
      row.lastActivityText ?? "",
      row.messageCount ?? "",
    ].join("|"),
  );
}

export function createSiteConnector(spec: SiteSpec, engine: EngineOptions = {}): PlatformConnector {
  const confirmTimeoutMs = engine.confirmTimeoutMs ?? 15_000;
  const pollMs = engine.pollMs ?? 500;
  const ctx = (s: SiteSession): ParseContext => ({ now: new Date(), origin: s.opts.origin });

  async function loadThread(s: SiteSession, threadId: string, step: Step): Promise<ThreadDetail> {
    let page = await s.open(spec.paths.thread(threadId), step);
    // Client-rendered threads (Roomies) show "Loading messages" first: wait for the items.
    const deadline = Date.now() + 10_000;
    while (!firstMatch(page.doc, spec.threadReady) && Date.now() < deadline) {
      await sleep(250);
      page = await s.read(step);
    }
    await s.require(page, spec.threadReady, step, "thread");
    return spec.parseThread(page.doc, threadId, ctx(s));
  }

  const ourNew = (detail: ThreadDetail, body: string, known: Set<string>): ThreadMessage | undefined =>
    detail.messages.find(
      (m) => m.direction === "outbound" && !known.has(m.externalMessageId) && bodiesMatch(body, m.text),
    );

  return {
    platform: spec.platform,

    login: (s, creds) =>
      run("login", async () => {
        const page = await s.open(spec.paths.login, "login", { allow: ["login"] });
        if (page.classification.kind === "normal" && !firstMatch(page.doc, spec.login.password)) return; // still logged in
        const user = await s.require(page, spec.login.username, "login", "username field");
        const pass = await s.require(page, spec.login.password, "login", "password field");
        await s.fill(user, creds.username, "login");
        await s.fill(pass, creds.password, "login");
        const remember = spec.login.remember ? firstMatch(page.doc, spec.login.remember) : null;
        if (remember)
          await s.page.$eval(
            remember.selector,
            (el) => (el as HTMLInputElement).checked || (el as HTMLInputElement).click(),
          );
        const submit =
          (await s.pickVisible(spec.login.submit)) ??
          (await s.require(page, spec.login.submit, "login", "login button"));
        const clicked = await s.click(submit, "login", { navigation: true });
        if (!clicked.ok)
          await s.fail({
            class: "transient",
            step: "login",
            message: `login submit failed: ${clicked.error}`,
          });
        const after = await s.read("login", clicked.ok ? clicked.status : null, "after login", {
          allow: ["login"],
        });
        if (after.classification.kind === "login" || firstMatch(after.doc, spec.login.password)) {
          await s.fail({
            class: "session_expired",
            step: "login",
            message: "the site refused the login",
            marker: "login form shown again",
          });
        }
      }),

    listInbox: (s, opts = {}) =>
      run("inbox", async () => {
        const maxPages = opts.maxPages ?? 5;
        const threads: InboxThread[] = [];
        const seen = new Set<string>();
        let path: string | null = spec.paths.inbox;
        for (let pageNo = 0; path && pageNo < maxPages; pageNo++) {
          const page = await s.open(path, "inbox");
          await s.require(page, spec.inboxReady, "inbox", "inbox");
          const parsed = spec.parseInbox(page.doc, ctx(s));
          for (const row of parsed.rows) {
            if (seen.has(row.externalThreadId)) continue;
            seen.add(row.externalThreadId);
            threads.push({ ...row, rank: threads.length + 1, fingerprint: inboxFingerprint(row) });
          }
          path = parsed.nextPath;
        }
        return threads;
      }),

    readThread: (s, threadId) => run("thread", () => loadThread(s, threadId, "thread")),

    sendReply: (s, threadId, body, hooks) =>
      run<SendOutcome>("compose", async () => {
        const before = await loadThread(s, threadId, "compose");
        const known = new Set(before.messages.map((m) => m.externalMessageId));
        const page = await s.read("compose");
        const textarea = await s.require(page, spec.composer.textarea, "compose", "reply box");
        await s.require(page, spec.composer.submit, "compose", "send button");
        const submit = await s.pickVisible(spec.composer.submit);
        if (!submit) {
          return s.fail({
            class: "selector_drift",
            step: "compose",
            message: "no visible send button",
            selector: spec.composer.submit.join(" | "),
          });
        }
        await s.fill(textarea, body, "compose");

        // From here on the message may have been stored: nothing below may become a failure
        // that invites a blind resend.
        hooks?.beforeSubmit?.();
        const clicked = await s.click(submit, "submit", { navigation: spec.composer.mode === "navigation" });
        if (!clicked.ok) return { status: "unknown", reason: `submit interrupted: ${clicked.error}` };
        if (clicked.status !== null && clicked.status >= 500)
          return { status: "unknown", reason: `the site answered ${clicked.status} to the submit` };

        const deadline = Date.now() + (spec.composer.mode === "navigation" ? 0 : confirmTimeoutMs);
        for (;;) {
          let after: ThreadDetail;
          let errorText = "";
          try {
            const now = await s.read("confirm");
            errorText = textOf(firstMatch(now.doc, spec.composer.error)?.el);
            if (!firstMatch(now.doc, spec.threadReady)) throw new Error("thread not rendered after submit");
            after = spec.parseThread(now.doc, threadId, ctx(s));
          } catch (err) {
            const why = failureOf(err)?.message ?? String(err);
            return {
              status: "unknown",
              reason: `could not read the thread after submit: ${why.slice(0, 120)}`,
            };
          }
          const mine = ourNew(after, body, known);
          if (mine && mine.deliveryState !== "sending") {
            return { status: "delivered", platformMessageId: mine.nativeId ? mine.externalMessageId : null };
          }
          if (errorText) return { status: "rejected", siteText: errorText.slice(0, 300) };
          if (Date.now() >= deadline) {
            return {
              status: "unknown",
              reason: mine
                ? "the site still shows the message as sending"
                : "the message did not appear in the thread yet",
            };
          }
          await sleep(pollMs);
        }
      }),

    findReply: (s, threadId, body, after) =>
      run<ReadBack>("confirm", async () => {
        const detail = await loadThread(s, threadId, "confirm");
        const since = Date.parse(after) - CLOCK_SKEW_MS;
        const hit = detail.messages.find(
          (m) =>
            m.direction === "outbound" &&
            bodiesMatch(body, m.text) &&
            (m.sentAt === null || Date.parse(m.sentAt) >= since),
        );
        if (!hit) return { found: false, platformMessageId: null, pending: false };
        return {
          found: hit.deliveryState !== "sending",
          platformMessageId: hit.nativeId ? hit.externalMessageId : null,
          pending: hit.deliveryState === "sending",
        };
      }),

    ...(spec.parseListings && spec.paths.listings
      ? {
          listListings: (s: SiteSession) =>
            run("listings", async () => {
              const parse = spec.parseListings!;
              const out = [];
              const seen = new Set<string>();
              let path: string | null = spec.paths.listings!;
              for (let n = 0; path && n < 25; n++) {
                const page = await s.open(path, "listings");
                const parsed = parse(page.doc, ctx(s));
                const fresh = parsed.listings.filter((l) => !seen.has(l.externalId));
                if (!fresh.length) break;
                for (const l of fresh) seen.add(l.externalId);
                out.push(...fresh);
                path = parsed.nextPath;
              }
              return out;
            }),
        }
      : {}),
  };
}
