/**
 * What a failed send attempt leads to, by failure class (the architecture's table). Attempts
 * are only burned by failures of the send itself; a captcha, challenge, block, lost login or a
 * site that is down for everyone says nothing about this reply, so the item waits for the
 * account (or the site) to recover.
 */

import type { FailureClass } from "../../connectors/core/failures.ts";
import { backoffMs } from "../../connectors/core/pacing.ts";

export interface RetryConfig {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

export const RETRY_DEFAULTS: RetryConfig = { baseMs: 30_000, capMs: 30 * 60_000, maxAttempts: 6 };

export type AfterFailure =
  | { next: "retry_wait"; at: number }
  | { next: "dead"; reason: string }
  /** Account-level trouble: give the attempt back and wait (circuit, login, block). */
  | { next: "wait_account"; refund: true };

export function afterSendFailure(
  cls: FailureClass,
  attempts: number,
  now: number,
  cfg: RetryConfig,
  random: number,
  siteRefusing = false,
): AfterFailure {
  switch (cls) {
    case "transient":
      // The site's own "unavailable" or "rate limited" page: it refuses everyone for now. The
      // reply waits for the site (the run stops and the circuit counts it) instead of using up
      // its attempts on an outage that may last longer than all of them.
      if (siteRefusing) return { next: "wait_account", refund: true };
      if (attempts >= cfg.maxAttempts) return { next: "dead", reason: "attempts_exhausted" };
      return {
        next: "retry_wait",
        at: now + Math.max(1, backoffMs(attempts, cfg.baseMs, cfg.capMs, random)),
      };
    case "session_expired":
    case "captcha":
    case "bot_challenge":
    case "relay_refused":
    case "configuration":
    case "access_blocked":
      return { next: "wait_account", refund: true };
    case "selector_drift":
      return { next: "dead", reason: "selector_drift" };
    case "rejected":
      return { next: "dead", reason: "rejected" };
    case "unknown_outcome":
      // Never reached here: an unknown outcome goes to read-back, not to a retry decision.
      return { next: "dead", reason: "unknown_outcome" };
  }
}
