import type { Failure } from "../../connectors/core/failures.ts";

/** What one run did, kept as the object's `lastRun` and returned to "run now" and the tests. */
export interface RunReport {
  skipped: string | null;
  launched: boolean;
  reused: boolean;
  pageLoads: number;
  threadsListed: number;
  threadsOpened: number;
  newMessages: number;
  enqueued: number;
  processed: number;
  delivered: number;
  failure: Failure | null;
  /** When the object should wake again (ms epoch), if anything waits. */
  wakeAt: number | null;
}

export function emptyReport(): RunReport {
  return {
    skipped: null,
    launched: false,
    reused: false,
    pageLoads: 0,
    threadsListed: 0,
    threadsOpened: 0,
    newMessages: 0,
    enqueued: 0,
    processed: 0,
    delivered: 0,
    failure: null,
    wakeAt: null,
  };
}
