/**
 * The account's wake schedule, kept in its storage: asking for an ingest, planning the next
 * safety-net poll from what the account has seen (wake-schedule.ts holds the rules), and
 * noting what a run found — whether a poll caught messages no e-mail announced (push gone
 * quiet), and whether a conversation is live.
 */
import type { WakePrefs } from "./meta-store.ts";
import { type RunConfig, runConfig } from "./run-config.ts";
import type { RunContext } from "./run-context.ts";
import type { AccountStorage } from "./storage.ts";
import { nextPollAt, type WakeFacts } from "./wake-schedule.ts";

const NO_PUSH = { pending: false, lastAt: null, misses: 0 };

/** Something wants the inbox read: the next run ingests. */
export function askIngest(store: AccountStorage, now: number): void {
  store.meta.set("ingestDue", true);
  store.meta.set("ingestAskedAt", now);
}

export function wakeFacts(store: AccountStorage, cfg: RunConfig, now: number): WakeFacts {
  const prefs = store.meta.get("wakePrefs");
  return {
    now,
    pushEnabled: prefs?.pushEnabled ?? false,
    pushMisses: (store.meta.get("push") ?? NO_PUSH).misses,
    lastActivityAt: store.meta.get("lastActivityAt"),
    timeZone: prefs?.timeZone ?? null,
    pageLoadsLastHour: store.pageLoadsSince(now - 3_600_000).length,
    pageLoadsPerHour: cfg.antibot.pageLoadsPerHour,
  };
}

/** Plans the next poll from now and stores it; returns it. */
export function planPoll(store: AccountStorage, cfg: RunConfig, now: number): number {
  const at = nextPollAt(wakeFacts(store, cfg, now), cfg.wake, Math.random());
  store.meta.set("pollAt", at);
  return at;
}

/** A notification e-mail arrived for the account. */
/**
 * E-mail wake-ups are coalesced per account: whatever the mail volume, one run in flight plus one
 * pending, and a run woken by e-mail starts no sooner than this after the previous run started.
 * A flood of (even genuine) notifications costs at most one inbox read per gap.
 */
export const PUSH_RUN_GAP_MS = 10_000;

/** When a run for an e-mail that arrives `now` may start. */
export function pushRunAt(store: AccountStorage, now: number): number {
  const last = store.meta.get("lastRunStartedAt");
  return last === null ? now : Math.max(now, last + PUSH_RUN_GAP_MS);
}

export function notePush(store: AccountStorage, now: number): void {
  store.meta.set("push", { pending: true, lastAt: now, misses: 0 });
  askIngest(store, now);
}

/**
 * An ingest that started at `startedAt` finished. It stays due if someone asked again while it
 * ran (an e-mail about a message the inbox listing may have missed). A poll that found new
 * messages while no e-mail was pending counts against push; then the next poll is planned from
 * what the account now looks like (a new message makes the conversation live).
 */
export function ingestDone(ctx: RunContext, startedAt: number): void {
  const { store, cfg, report } = ctx;
  const now = Date.now();
  if ((store.meta.get("ingestAskedAt") ?? 0) <= startedAt) store.meta.set("ingestDue", false);
  const push = store.meta.get("push") ?? NO_PUSH;
  const announced = push.pending && (push.lastAt ?? 0) <= startedAt;
  if (report.newMessages > 0) {
    store.meta.set("lastActivityAt", now);
    if (!push.pending) push.misses += 1;
  }
  if (announced) push.pending = false;
  store.meta.set("push", push);
  planPoll(store, cfg, now);
}

/**
 * A reply went out, or a message came in outside an ingest's own accounting: the lead may well
 * write (again) soon, so the conversation is live and the next poll comes no later than that says.
 */
export function conversationMoved(store: AccountStorage, cfg: RunConfig, now: number): void {
  store.meta.set("lastActivityAt", now);
  const pollAt = store.meta.get("pollAt");
  const planned = nextPollAt(wakeFacts(store, cfg, now), cfg.wake, Math.random());
  if (pollAt === null || planned < pollAt) store.meta.set("pollAt", planned);
}

/** What the wake schedule needs from D1; a change of push or zone re-plans the next poll. */
export function rememberPrefs(
  store: AccountStorage,
  env: Env,
  prefs: WakePrefs | undefined,
  now: number,
): void {
  if (!prefs) return;
  const before = store.meta.get("wakePrefs");
  if (before?.pushEnabled === prefs.pushEnabled && before.timeZone === prefs.timeZone) return;
  store.meta.set("wakePrefs", prefs);
  const ref = store.ref();
  const pollAt = store.meta.get("pollAt");
  if (ref && pollAt !== null) {
    const planned = planPoll(store, runConfig(env, ref.platform), now);
    // Push turned off: poll at the faster cadence from now; never later than already planned.
    if (planned > pollAt) store.meta.set("pollAt", pollAt);
  }
}
