/**
 * What a read-back of a send with an unknown outcome leads to (docs/architecture.md, "Exactly
 * once"). A message with our body that is new since the baseline settles it as delivered. A send
 * the site refused (`not_taken`) may go again once the appearance window is over and a read-back
 * found nothing; a send the site may have taken (`uncertain`) never goes again on its own — it
 * is looked for until the settle window is over and then handed to a person as `unconfirmed`.
 * Pure, so every case is tested (dispatch-rules.test.ts).
 */
import type { SubmitAnswer } from "../../connectors/core/contract.ts";

/** Read-backs that could not tell, at the least, before a person is asked. */
export const MIN_READBACKS = 3;

export interface ReadbackFacts {
  /** What the site answered to the submit; null reads as `uncertain` (a run died mid-submit). */
  answer: SubmitAnswer | null;
  /** Since the submit that left the outcome unknown. */
  elapsedMs: number;
  /** Earlier read-backs that ran and could not tell. */
  readbackFailures: number;
  attempts: number;
}

export interface ReadbackConfig {
  appearanceWindowMs: number;
  settleWindowMs: number;
  recheckMs: number;
  maxAttempts: number;
}

/**
 * found: ours is there. absent: the thread was read and ours is not — and since a message the
 * site shows stays shown, one such read after the settle window proves it was not shown within
 * it. undecided: read, but it could not tell (still "sending", no baseline, a page that no longer
 * parses). unreadable: the site did not serve the thread (5xx, 429, a timeout) — no evidence of
 * anything, so it neither ends the wait nor counts toward giving up: a site that is down for a
 * while only delays the answer.
 */
export type ReadbackResult = "found" | "absent" | "undecided" | "unreadable";

export type AfterReadback =
  | { next: "delivered" }
  | { next: "recheck"; inMs: number; readbackFailures: number }
  /** Proven absent after the window, and the site had refused the submit: send again, same key. */
  | { next: "retry" }
  | { next: "dead"; failureClass: "unconfirmed" | "transient"; error: string };

export function afterReadback(f: ReadbackFacts, result: ReadbackResult, cfg: ReadbackConfig): AfterReadback {
  if (result === "found") return { next: "delivered" };
  const failures = f.readbackFailures + (result === "undecided" ? 1 : 0);
  const windowOver = f.elapsedMs >= cfg.appearanceWindowMs;
  if (result === "absent" && f.answer === "not_taken" && windowOver) {
    if (f.attempts >= cfg.maxAttempts)
      return {
        next: "dead",
        failureClass: "transient",
        error: "read-back proved it absent and attempts are used up",
      };
    return { next: "retry" };
  }
  if (
    f.elapsedMs >= cfg.settleWindowMs &&
    (result === "absent" || (result === "undecided" && failures >= MIN_READBACKS))
  ) {
    return {
      next: "dead",
      failureClass: "unconfirmed",
      error:
        result === "absent"
          ? "the site may have taken it, but it never showed in the thread"
          : "the thread could not be read to tell whether it was sent",
    };
  }
  return { next: "recheck", inMs: recheckIn(f.elapsedMs, cfg), readbackFailures: failures };
}

/**
 * Often inside the appearance window, then less often: every read-back is a page load from the
 * account's hourly budget, and a message that has not shown for a while will not show any sooner.
 */
export function recheckIn(elapsedMs: number, cfg: ReadbackConfig): number {
  if (elapsedMs < cfg.appearanceWindowMs)
    return Math.max(250, Math.min(cfg.recheckMs, cfg.appearanceWindowMs - elapsedMs));
  return Math.max(cfg.recheckMs, Math.min(Math.round(elapsedMs / 4), cfg.appearanceWindowMs));
}
