/**
 * The account's circuit breaker. Captchas and challenges open it at once (no automatic retry:
 * a bot retrying a captcha is how accounts get banned); repeated transient failures open it
 * after a threshold; an access block stops the account until a person resets it. After the
 * cooldown exactly one half-open probe runs; its result closes or reopens the circuit.
 */
import type { FailureClass } from "./failures.ts";

export interface CircuitState {
  state: "closed" | "open" | "half_open" | "stopped";
  reason: string | null;
  until: number | null;
  consecutiveFailures: number;
}

export const CLOSED: CircuitState = { state: "closed", reason: null, until: null, consecutiveFailures: 0 };

export interface CircuitConfig {
  circuitCooldownMs: number;
  circuitFailureThreshold: number;
}

export type Gate =
  | { allowed: true; probe: boolean }
  | { allowed: false; retryAfterMs: number | null; reason: string };

/** May a run start now? Moving open → half_open is the caller's job (it persists the result). */
export function gate(s: CircuitState, now: number): Gate {
  switch (s.state) {
    case "closed":
      return { allowed: true, probe: false };
    case "stopped":
      return { allowed: false, retryAfterMs: null, reason: s.reason ?? "stopped" };
    case "half_open":
      // A probe is already out; wait for its verdict — unless its run died without one
      // (eviction, crash): past the probe's deadline the next run probes again.
      if (s.until !== null && now >= s.until) return { allowed: true, probe: true };
      return {
        allowed: false,
        retryAfterMs: s.until === null ? 60_000 : Math.min(60_000, s.until - now),
        reason: "half_open probe running",
      };
    case "open":
      if (s.until !== null && now >= s.until) return { allowed: true, probe: true };
      return {
        allowed: false,
        retryAfterMs: s.until === null ? null : s.until - now,
        reason: s.reason ?? "open",
      };
  }
}

/** `deadlineMs` bounds the probe's run: a half-open circuit never outlives the run that probes. */
export function onProbeStart(s: CircuitState, now: number, deadlineMs: number): CircuitState {
  return { ...s, state: "half_open", until: now + deadlineMs };
}

/**
 * The probe's run ended without saying whether the site still refuses us (the login was lost
 * and could not be repaired, or our own page budget ran out): the next run that may go probes
 * again, instead of the circuit waiting for a verdict that will never come.
 */
export function onProbeWithoutVerdict(s: CircuitState, now: number): CircuitState {
  return s.state === "half_open" ? { ...s, state: "open", until: now } : s;
}

export function onSuccess(_s: CircuitState): CircuitState {
  return CLOSED;
}

export function onFailure(s: CircuitState, cls: FailureClass, now: number, cfg: CircuitConfig): CircuitState {
  if (cls === "access_blocked")
    return {
      state: "stopped",
      reason: "access_blocked",
      until: null,
      consecutiveFailures: s.consecutiveFailures + 1,
    };
  if (cls === "captcha" || cls === "bot_challenge") {
    return {
      state: "open",
      reason: cls,
      until: now + cfg.circuitCooldownMs,
      consecutiveFailures: s.consecutiveFailures + 1,
    };
  }
  if (cls === "transient" || cls === "unknown_outcome") {
    const n = s.consecutiveFailures + 1;
    // A failed probe reopens at once; otherwise open at the threshold.
    if (s.state === "half_open" || n >= cfg.circuitFailureThreshold) {
      return {
        state: "open",
        reason: `${n} consecutive failures (${cls})`,
        until: now + cfg.circuitCooldownMs,
        consecutiveFailures: n,
      };
    }
    return { ...s, consecutiveFailures: n };
  }
  // session_expired, selector_drift and rejected are handled by their own paths (re-login,
  // evidence and alert, DLQ); they do not say the site is refusing us.
  return s.state === "half_open" ? { ...s, state: "open", until: now + cfg.circuitCooldownMs } : s;
}
