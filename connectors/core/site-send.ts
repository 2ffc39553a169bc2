/**
 * Sending a reply with the shared connector engine: read the thread first (baseline), fill the
 * composer, click the visible submit, then confirm by seeing a new outbound message with our
 * body. Anything that goes wrong after the click is `unknown` — never a failure that could lead
 * to a blind resend — unless the site clearly refused the message (`rejected`).
 */
import { sleep } from "../../domain/util/sleep.ts";
import type { SiteSession } from "../browser/site-session.ts";
import type { SendHooks, SendOutcome, ThreadDetail } from "./contract.ts";
import { failureOf } from "./failures.ts";
import { firstMatch, textOf } from "./html.ts";
import type { SiteSpec } from "./site-spec.ts";
import { loadThread, ourNew, parseContext } from "./site-thread.ts";

export interface ConfirmOptions {
  /** How long an in-place send may take to show up before the outcome is unknown. */
  confirmTimeoutMs: number;
  pollMs: number;
}

export async function sendReply(
  spec: SiteSpec,
  s: SiteSession,
  threadId: string,
  body: string,
  hooks: SendHooks | undefined,
  opts: ConfirmOptions,
): Promise<SendOutcome> {
  const before = await loadThread(spec, s, threadId, "compose");
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

  const deadline = Date.now() + (spec.composer.mode === "navigation" ? 0 : opts.confirmTimeoutMs);
  for (;;) {
    let after: ThreadDetail;
    let errorText = "";
    try {
      const now = await s.read("confirm");
      errorText = textOf(firstMatch(now.doc, spec.composer.error)?.el);
      if (!firstMatch(now.doc, spec.threadReady)) throw new Error("thread not rendered after submit");
      after = spec.parseThread(now.doc, threadId, parseContext(s));
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
    await sleep(opts.pollMs);
  }
}
