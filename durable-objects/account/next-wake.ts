/**
 * When the account's object wakes next after a run (platform-account.ts runs it as the run lease
 * is released): the earliest of what the run said, the next due outbox item, the planned poll,
 * a follow-up, a recount, and an e-mail or a failed inbox read that asks to go again soon.
 */
import { followupWakeAt } from "./followups.ts";
import { recountWakeTime } from "./recount.ts";
import type { RunReport } from "./run.ts";
import type { AccountStorage } from "./storage.ts";
import { pushRunAt } from "./wake-plan.ts";

/** How soon an inbox read that failed is tried again (the circuit opens after three in a row). */
export const FAILED_INGEST_RETRY_MS = 30_000;

/** `startedAt`: when the run began (an e-mail asked after that goes again). Null: no wake. */
export function nextWakeAfterRun(
  store: AccountStorage,
  report: RunReport | null,
  startedAt: number,
): number | null {
  // A run that could not work (circuit open, login needed, no browser slot) wakes when it
  // said; one that could, when the next item falls due.
  const blocked = report?.skipped != null && report.skipped !== "idle" && report.skipped !== "inactive";
  const wake = [report?.wakeAt ?? null, blocked ? null : store.outbox.nextDueAt()];
  if (report?.skipped === "inactive") {
    // Nothing to poll for: the cron ticks the account again once it is active, and its
    // first tick then polls at once.
    store.meta.delete("pollAt");
  } else wake.push(store.meta.get("pollAt"), followupWakeAt(store));
  // A recount's time (an inactive account's too); while runs cannot work, its bound.
  wake.push(recountWakeTime(store, blocked || report?.failure != null));
  const ingestDue = store.meta.get("ingestDue") ?? false;
  // An e-mail that came in while this run held the lease found the alarm taken: go again.
  // Coalesced: one follow-up for everything that came in, no sooner than the push gap.
  if (ingestDue && (store.meta.get("ingestAskedAt") ?? 0) > startedAt)
    wake.push(pushRunAt(store, Date.now()));
  // An inbox read that failed (a launch error, a 503) is tried again soon rather than at the
  // next poll, which with push on may be many minutes away; the circuit stops a run of them.
  if (ingestDue && report?.failure) wake.push(Date.now() + FAILED_INGEST_RETRY_MS);
  const times = wake.filter((t): t is number => t !== null);
  return times.length ? Math.max(Date.now() + 250, Math.min(...times)) : null;
}
