/**
 * How a run stops: an account-level failure (lost login, captcha, challenge, block, our own page
 * budget, or a site in trouble) ends the run; a failure of one reply does not.
 */
import type { Failure, Step } from "../../connectors/core/failures.ts";
import type { DlqStage } from "../../domain/db/schema.ts";

export class AccountFailure extends Error {
  readonly failure: Failure;
  constructor(f: Failure) {
    super(f.message);
    this.failure = f;
  }
}

/**
 * The run's lease was taken over by another run (this one hung in a browser call past the
 * lease's ttl): it must stop at once and write nothing more. docs/architecture.md, "Exactly once".
 */
export class LeaseLost extends Error {
  constructor(runId: string) {
    super(`run ${runId} lost its lease`);
    this.name = "LeaseLost";
  }
}

export const isLeaseLost = (err: unknown): boolean => err instanceof Error && err.name === "LeaseLost";

/** Failure classes that are about the account, not one reply. */
export const ACCOUNT_LEVEL: ReadonlySet<string> = new Set([
  "session_expired",
  "captcha",
  "bot_challenge",
  "access_blocked",
]);

/** Marks the failure of our own hourly page budget: waiting, not the site's fault. */
export const BUDGET_MARKER = "page_budget";

/** The dead-letter stage a connector step belongs to. */
export function dlqStage(step: Step): DlqStage {
  if (step === "login") return "login";
  if (step === "inbox" || step === "thread" || step === "listings") return "ingest";
  if (step === "submit") return "submit";
  if (step === "confirm") return "confirm";
  return "compose";
}
