/**
 * Pacing: a careful human does not click twice in 200 ms nor load 500 pages an hour. Pure
 * arithmetic; the account object stores the times and sleeps.
 */
import type { AntiBotConfig } from "./antibot-config.ts";

/** When the next page action may start, given the previous one. `random` is in [0, 1). */
export function nextActionAt(
  lastActionAt: number | null,
  cfg: Pick<AntiBotConfig, "minIntervalMs" | "jitterMs">,
  random: number,
): number {
  if (lastActionAt === null) return 0;
  return lastActionAt + cfg.minIntervalMs + Math.round(cfg.jitterMs * random);
}

/** Whether another page load fits in the rolling hour, and if not, when it will. */
export function budgetCheck(
  loadTimesLastHour: readonly number[],
  cfg: Pick<AntiBotConfig, "pageLoadsPerHour">,
  now: number,
): { allowed: true } | { allowed: false; retryAtMs: number } {
  const recent = loadTimesLastHour.filter((t) => t > now - 3_600_000).sort((a, b) => a - b);
  if (recent.length < cfg.pageLoadsPerHour) return { allowed: true };
  const oldestThatMustExpire = recent[recent.length - cfg.pageLoadsPerHour]!;
  return { allowed: false, retryAtMs: oldestThatMustExpire + 3_600_000 };
}

/** Exponential backoff with full jitter (AWS architecture blog): random(0, min(cap, base·2^n)). */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * random);
}
