/**
 * Sending a reply with the shared connector engine: read the thread first (the baseline — and,
 * on a later attempt, a last read-back), fill the composer, click through the submit relay, then
 * confirm by seeing a message with our body that is new since the baseline. Anything that goes
 * wrong after the click is `unknown` — never a failure that could lead to a blind resend — unless
 * the site clearly refused the message (`rejected`). An unknown outcome says what the site
 * answered to the submit itself (`not_taken` or `uncertain`): only the first may ever be sent
 * again, and only after a read-back (docs/architecture.md, "Exactly once").
 */
import { sleep } from "../../domain/util/sleep.ts";
import type { SiteSession } from "../browser/site-session.ts";
import type { RelayedRequest, SendPath } from "../browser/submit-relay.ts";
import { refusesClient } from "./bot-refusal.ts";
import type {
  ReplyRef,
  SendHooks,
  SendOutcome,
  SubmitAnswer,
  ThreadBaseline,
  ThreadDetail,
  ThreadMessage,
} from "./contract.ts";
import { failureOf } from "./failures.ts";
import { firstMatch, textOf } from "./html.ts";
import { PAGE_KINDS } from "./page-classifier.ts";
import { copiesSince, findOurReply, takeBaseline } from "./reply-evidence.ts";
import type { SiteSpec } from "./site-spec.ts";
import { loadThread, parseContext } from "./site-thread.ts";

export interface ConfirmOptions {
  /** How long an in-place send may take to show up before the outcome is unknown. */
  confirmTimeoutMs: number;
  pollMs: number;
}

const delivered = (m: ThreadMessage, submitted: boolean): SendOutcome => ({
  status: "delivered",
  messageId: m.externalMessageId,
  platformMessageId: m.nativeId ? m.externalMessageId : null,
  submitted,
});

const unknown = (reason: string, answer: SubmitAnswer): SendOutcome => ({
  status: "unknown",
  reason,
  answer,
});

/**
 * The site's own answer to the submit request, when it alone says the message was not taken:
 * a refusal status, or a redirect to the login page. Null when it says nothing of the kind.
 */
function refusal(spec: SiteSpec, r: RelayedRequest): string | null {
  const st = r.status;
  if (st === null) return null;
  // A rate limit is no verdict on the client: the send is read back and tried later on its path.
  if (r.refusal?.kind === "rate_limited") return `the site rate-limited the submit (${st})`;
  if (refusesClient(r.refusal)) return `a bot defence (${r.refusal?.vendor}) refused the submit (${st})`;
  if (st === 503) return `the site answered ${st} to the submit`;
  if (st === 401 || st === 403) return `the site answered ${st} (a login, challenge or block) to the submit`;
  if (st >= 300 && st < 400 && r.location && pathOf(r.location, r.url) === pathOf(spec.paths.login, r.url))
    return "the site sent the submit to its login page";
  return null;
}

function pathOf(location: string, base: string): string | null {
  try {
    return new URL(location, base).pathname;
  } catch {
    return null;
  }
}

/**
 * A first attempt may take its baseline from the thread as this run just read it: nothing of
 * ours went to the thread since (runs are exclusive, and a submit or click forgets the page).
 */
const REUSE_THREAD_WITHIN_MS = 30_000;

/**
 * Sends on the reply's path; a relayed submit that a bot defence refused (a challenge to our
 * own connection: nothing stored) is tried once in-browser within this send. That second try
 * starts, like any later attempt, with a read-back against the first try's baseline, so it can
 * only add a copy when the thread shows none (invariant 3).
 */
export async function sendReply(
  spec: SiteSpec,
  s: SiteSession,
  reply: ReplyRef,
  hooks: SendHooks | undefined,
  opts: ConfirmOptions,
): Promise<SendOutcome> {
  const path = reply.path ?? "relay";
  const first = await sendOnce(spec, s, { ...reply, path }, hooks, opts);
  if (first.kind === "done") return first.outcome;
  const again = await sendOnce(spec, s, { ...reply, baseline: first.baseline, path: "browser" }, hooks, opts);
  const outcome = again.kind === "done" ? again.outcome : unknown(first.reason, "not_taken");
  return { ...outcome, relayRefused: true, refusedBy: first.refusedBy };
}

/**
 * The thread as the site holds it now. A page whose script sent the message shows only what the
 * script appended from the site's answer — never a copy Chromium's own re-send stored before it
 * (submit-watch.ts) — so an in-browser send by script is counted from a fresh load. A load
 * that fails leaves the tab's view: the next read-back counts again.
 */
async function serverCopy(spec: SiteSpec, s: SiteSession, threadId: string): Promise<ThreadDetail | null> {
  try {
    return await loadThread(spec, s, threadId, "confirm");
  } catch {
    return null;
  }
}

type Attempt =
  | { kind: "done"; outcome: SendOutcome }
  /** A bot defence refused the relayed submit: nothing stored. */
  | { kind: "relay_refused"; baseline: ThreadBaseline; reason: string; refusedBy: string };

async function sendOnce(
  spec: SiteSpec,
  s: SiteSession,
  reply: ReplyRef & { path: SendPath },
  hooks: SendHooks | undefined,
  opts: ConfirmOptions,
): Promise<Attempt> {
  const done = (outcome: SendOutcome): Attempt => ({ kind: "done", outcome });
  const before = await loadThread(
    spec,
    s,
    reply.threadId,
    "compose",
    reply.baseline ? {} : { reuseWithinMs: REUSE_THREAD_WITHIN_MS },
  );
  const claimed = new Set(reply.claimed);
  if (reply.baseline) {
    // A later attempt: the earlier one may have turned up since the last read-back.
    const earlier = findOurReply(before, reply.body, reply.baseline, claimed, reply.deliveredSameWords);
    if (earlier.kind === "new") {
      if (earlier.message.deliveryState === "sending")
        return done(unknown("an earlier attempt still shows as sending", "uncertain"));
      // The read-back counts copies too: an earlier in-browser submit may have been re-sent.
      const extra = copiesSince(before, reply.body, reply.baseline, claimed, reply.deliveredSameWords) - 1;
      return done({ ...delivered(earlier.message, false), ...(extra > 0 ? { extraCopies: extra } : {}) });
    }
  }
  // An earlier attempt found above is delivered whatever the thread says now; this one is not.
  hooks?.beforeCompose?.(before);
  const fresh = takeBaseline(before, reply.body);
  // Against the first baseline, a copy from any attempt of this reply counts.
  const known = reply.baseline ?? fresh;
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
  await s.fill(textarea, reply.body, "compose");

  // From here on the message may have been stored: nothing below may become a failure
  // that invites a blind resend.
  const navigation = spec.composer.mode === "navigation";
  const sent = await s.submit(submit, {
    navigation,
    beforeDispatch: () => hooks?.beforeSubmit?.(fresh),
    path: reply.path,
  });
  const req = sent.request;
  const via = { path: reply.path };
  // The site's own answer first: a defence's challenge means nothing was stored, whatever went
  // wrong in the browser after it (the relay may fail to hand the answer to the page).
  if (req && reply.path === "relay" && refusesClient(req.refusal) && req.status !== null && req.status >= 400)
    return {
      kind: "relay_refused",
      baseline: known,
      reason: `a bot defence refused the relayed submit (${req.status}, ${req.refusal?.vendor}: ${req.refusal?.marker})`,
      refusedBy: `${req.refusal?.vendor}: ${req.refusal?.marker}`,
    };
  if (req?.error)
    return done({ ...unknown(`the connection failed after the submit: ${req.error}`, "uncertain"), ...via });
  const refused = req ? refusal(spec, req) : null;
  if (refused) return done({ ...unknown(refused, "not_taken"), ...via });
  if (req?.status != null && req.status >= 500)
    return done({ ...unknown(`the site answered ${req.status} to the submit`, "uncertain"), ...via });
  if (!sent.clicked.ok)
    return done({ ...unknown(`submit interrupted: ${sent.clicked.error}`, "uncertain"), ...via });
  // Any other 4xx is a refusal too, once the page had its chance to show the site's words.
  const unseen: SubmitAnswer =
    req?.status != null && req.status >= 400 && req.status !== 408 ? "not_taken" : "uncertain";
  // A form's answer without a redirect is the page we landed on: a captcha there is the answer.
  const landedOnAnswer = navigation && req?.status != null && req.status < 300;

  const deadline = Date.now() + (navigation ? 0 : opts.confirmTimeoutMs);
  for (;;) {
    let after: ThreadDetail;
    let errorText = "";
    try {
      const now = await s.read("confirm", null, "read", { allow: PAGE_KINDS });
      const kind = now.classification.kind;
      if (kind !== "normal") {
        return done({
          ...unknown(
            `the site showed a ${kind.replace("_", " ")} page after the submit`,
            landedOnAnswer && kind !== "http_error" ? "not_taken" : unseen,
          ),
          ...via,
        });
      }
      errorText = textOf(firstMatch(now.doc, spec.composer.error)?.el);
      if (!firstMatch(now.doc, spec.threadReady)) throw new Error("thread not rendered after submit");
      after = spec.parseThread(now.doc, reply.threadId, parseContext(s));
    } catch (err) {
      const why = failureOf(err)?.message ?? String(err);
      return done({
        ...unknown(`could not read the thread after submit: ${why.slice(0, 120)}`, unseen),
        ...via,
      });
    }
    const mine = findOurReply(after, reply.body, known, claimed, reply.deliveredSameWords);
    if (mine.kind === "new" && mine.message.deliveryState !== "sending") {
      const shown =
        (reply.path === "browser" && !navigation ? await serverCopy(spec, s, reply.threadId) : null) ?? after;
      const extra = copiesSince(shown, reply.body, known, claimed, reply.deliveredSameWords) - 1;
      return done({ ...delivered(mine.message, true), ...via, ...(extra > 0 ? { extraCopies: extra } : {}) });
    }
    // A refusal in the site's words: the path made no difference, and the outcome stays as it was.
    if (errorText) return done({ status: "rejected", siteText: errorText.slice(0, 300) });
    if (Date.now() >= deadline) {
      return done({
        ...unknown(
          mine.kind === "new"
            ? "the site still shows the message as sending"
            : "the message did not appear in the thread yet",
          unseen,
        ),
        ...via,
      });
    }
    await sleep(opts.pollMs);
  }
}
