/**
 * When an account looks at its site next, and whether its browser stays up until then: pure
 * rules, no I/O (the object stores the times; wake-plan.ts feeds these rules from storage).
 *
 * A notification e-mail wakes the account at once (push). Polling on the object's alarm is the
 * safety net, for accounts without push and for e-mails that get lost:
 *   - a conversation is live (a message came in or we replied within `liveWindowMs`): poll
 *     sooner, because a lead who just wrote often writes again;
 *   - otherwise idle: with push trusted, rarely (a handful of page loads an hour); without push,
 *     or when push has gone quiet (polls keep finding messages no e-mail announced), at the
 *     one-minute cadence the cron used to give every account;
 *   - idle at night in the account's time zone: slower still;
 *   - never more often than the polls' share of the hourly page budget allows, and slower
 *     when the last hour already used that share;
 *   - every interval jittered (shortened by up to `jitter`, never lengthened), so accounts do not
 *     poll in step.
 * A browser is kept after a run only when work is due within `keepBrowserWithinMs`; Browser Run
 * bills a kept browser's idle time the same as a busy one's (docs/architecture.md, "Browser
 * sessions").
 */

export interface WakeScheduleConfig {
  /** Push trusted, nothing live: the safety-net poll for lost e-mails. */
  pushIdleMs: number;
  /** Push trusted, a conversation live. */
  pushLiveMs: number;
  /** No push (or push gone quiet), nothing live. */
  pollIdleMs: number;
  /** No push (or push gone quiet), a conversation live. */
  pollLiveMs: number;
  /** How long after the last message in or reply out a conversation counts as live. */
  liveWindowMs: number;
  /** Idle intervals are multiplied by this at night in the account's time zone. */
  nightFactor: number;
  /** Night is [nightStartHour, nightEndHour) in the account's time zone (hours 0–23). */
  nightStartHour: number;
  nightEndHour: number;
  /** Each interval is drawn uniformly from [1 − jitter, 1] × itself (0.2: 80–100 %). */
  jitter: number;
  /** Keep the browser after a run only when the next work is due within this. */
  keepBrowserWithinMs: number;
  /** Share of the hourly page budget polls may use; the rest stays for sends and read-backs. */
  pollBudgetShare: number;
  /** Polls in a row that found messages no e-mail announced, after which push counts as quiet. */
  quietAfterMisses: number;
}

export const WAKE_DEFAULTS: WakeScheduleConfig = {
  pushIdleMs: 13 * 60_000,
  pushLiveMs: 3 * 60_000,
  pollIdleMs: 60_000,
  pollLiveMs: 30_000,
  liveWindowMs: 15 * 60_000,
  nightFactor: 4,
  nightStartHour: 23,
  nightEndHour: 7,
  jitter: 0.2,
  keepBrowserWithinMs: 30_000,
  pollBudgetShare: 0.5,
  quietAfterMisses: 2,
};

export interface WakeFacts {
  now: number;
  /** Push is on for the account (D1) and it has a notification address. */
  pushEnabled: boolean;
  /** Polls in a row that found new messages no e-mail had announced. */
  pushMisses: number;
  /** The last message in or reply out, if any. */
  lastActivityAt: number | null;
  /** IANA time zone of the account, or null (no night rule). */
  timeZone: string | null;
  /** Page loads of the last rolling hour, and the hourly budget (docs/anti-bot.md). */
  pageLoadsLastHour: number;
  pageLoadsPerHour: number;
}

export type PollMode = "push" | "poll";

export interface PollPlan {
  /** The interval before jitter. */
  intervalMs: number;
  mode: PollMode;
  live: boolean;
  night: boolean;
  /** The page budget stretched the interval. */
  budgetBound: boolean;
}

/** The hour (0–23) at `now` in `timeZone`; null when the zone is unknown to the runtime. */
export function localHour(now: number, timeZone: string): number | null {
  try {
    const h = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(now);
    const n = Number(h);
    return Number.isInteger(n) ? n % 24 : null;
  } catch {
    return null;
  }
}

export function isNight(now: number, timeZone: string | null, cfg: WakeScheduleConfig): boolean {
  if (!timeZone) return false;
  const h = localHour(now, timeZone);
  if (h === null) return false;
  const { nightStartHour: a, nightEndHour: b } = cfg;
  return a <= b ? h >= a && h < b : h >= a || h < b;
}

/** Push counts only while it is on and has not gone quiet. */
export function pushTrusted(
  f: Pick<WakeFacts, "pushEnabled" | "pushMisses">,
  cfg: WakeScheduleConfig,
): boolean {
  return f.pushEnabled && f.pushMisses < cfg.quietAfterMisses;
}

export function pollPlan(f: WakeFacts, cfg: WakeScheduleConfig): PollPlan {
  const mode: PollMode = pushTrusted(f, cfg) ? "push" : "poll";
  const live = f.lastActivityAt !== null && f.now - f.lastActivityAt < cfg.liveWindowMs;
  const night = !live && isNight(f.now, f.timeZone, cfg);
  let intervalMs =
    mode === "push" ? (live ? cfg.pushLiveMs : cfg.pushIdleMs) : live ? cfg.pollLiveMs : cfg.pollIdleMs;
  if (night) intervalMs *= cfg.nightFactor;
  // Polls (one inbox page each when nothing changed) stay within their share of the budget.
  const pollBudget = Math.max(1, f.pageLoadsPerHour * cfg.pollBudgetShare);
  let floor = 3_600_000 / pollBudget;
  // The hour already used the polls' share (busy sending, or many new threads): back off hard.
  if (f.pageLoadsLastHour >= pollBudget) floor *= 4;
  const budgetBound = floor > intervalMs;
  return { intervalMs: Math.max(intervalMs, floor), mode, live, night, budgetBound };
}

/**
 * The next poll: the plan's interval, jittered. `random` is in [0, 1). The jitter only ever
 * shortens the interval: the plan's interval is the longest a lead whose e-mail got lost (or an
 * account without push) waits for a poll — without push, never longer than the one-minute cron.
 */
export function nextPollAt(f: WakeFacts, cfg: WakeScheduleConfig, random: number): number {
  const { intervalMs } = pollPlan(f, cfg);
  const factor = 1 - cfg.jitter * random;
  return f.now + Math.round(intervalMs * factor);
}

/** Keep the browser only while work is imminent; otherwise close it and launch when needed. */
export function keepBrowser(nextWorkAt: number | null, now: number, cfg: WakeScheduleConfig): boolean {
  return nextWorkAt !== null && nextWorkAt - now <= cfg.keepBrowserWithinMs;
}
