/**
 * Every connector outcome is a Result: a value, or a failure of one of the architecture's
 * classes, saying which step failed and which selector or text marker showed it. Inside a
 * connector, steps throw ConnectorFailureError; the connector boundary turns it into a Result,
 * so no raw exception (which could carry page text or a cookie) leaves a connector.
 */
export const FAILURE_CLASSES = [
  "transient",
  "session_expired",
  "captcha",
  "bot_challenge",
  "access_blocked",
  "selector_drift",
  "unknown_outcome",
  "rejected",
  /**
   * A bot defence refused the submit relay's request (a challenge answer to our own connection
   * while the browser's pages pass): nothing was stored, and the site wants the browser's own
   * request (connectors/browser/submit-watch.ts, docs/anti-bot.md).
   */
  "relay_refused",
  /**
   * Our own setup is missing something the run needs (a Worker secret an account's reference
   * names): no retry can help until a person sets it, so the account is parked with the name.
   */
  "configuration",
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export const STEPS = [
  "launch",
  "login",
  "inbox",
  "thread",
  "compose",
  "submit",
  "confirm",
  "listings",
] as const;
export type Step = (typeof STEPS)[number];

export interface Failure {
  class: FailureClass;
  step: Step;
  /** Short human-readable reason; never page text beyond a marker, never a credential. */
  message: string;
  /** The selector that was missing or matched (selector_drift, captcha, challenge). */
  selector?: string;
  /** The text marker or status that classified the page. */
  marker?: string;
  status?: number;
  /**
   * The site answered with its "unavailable" or "rate limited" page: it refuses everyone for
   * now, which says nothing about the page or the reply at hand.
   */
  siteRefusing?: boolean;
  /** The site's own words for a rejected message (validation error), capped. */
  siteText?: string;
  evidenceId?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(failure: Failure): Result<T> => ({ ok: false, failure });

export class ConnectorFailureError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(`${failure.class} at ${failure.step}: ${failure.message}`);
    this.failure = failure;
  }
}

/**
 * The failure an error carries, if it is a classified one. Structural rather than instanceof:
 * the same module can be instantiated twice (bundles, test pools), and a classified failure
 * must never be mistaken for an unexpected exception.
 */
export function failureOf(err: unknown): Failure | null {
  if (typeof err !== "object" || err === null || !("failure" in err)) return null;
  const f = (err as { failure: unknown }).failure;
  if (typeof f !== "object" || f === null) return null;
  const { class: cls, step } = f as { class?: unknown; step?: unknown };
  return FAILURE_CLASSES.includes(cls as FailureClass) && STEPS.includes(step as Step)
    ? (f as Failure)
    : null;
}

/** Throw a classified failure from inside a step. */
export function failWith(f: Failure): never {
  throw new ConnectorFailureError(f);
}

/**
 * Classifies an unexpected exception from the browser layer. Timeouts and disconnects before a
 * submit are transient; after a submit the caller maps them to unknown_outcome instead.
 */
export function classifyThrown(err: unknown, step: Step): Failure {
  const known = failureOf(err);
  if (known) return known;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const short = text.replace(/\s+/g, " ").slice(0, 200);
  return { class: "transient", step, message: short };
}

/** Which classes a retry can fix without a person. */
export function isRetryable(c: FailureClass): boolean {
  return c === "transient" || c === "session_expired";
}
