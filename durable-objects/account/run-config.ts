/** Everything a run is tuned by, resolved once per run from the Worker's vars. */

import { z } from "zod";
import { type AntiBotConfig, antiBotConfig } from "../../connectors/core/antibot-config.ts";
import type { Platform } from "../../domain/db/schema.ts";
import { DEFAULT_AUTO_REPLY_MAX_AGE_HOURS } from "../../domain/decide/decide-messages.ts";
import { RETRY_DEFAULTS, type RetryConfig } from "./retry-policy.ts";
import { WAKE_DEFAULTS, type WakeScheduleConfig } from "./wake-schedule.ts";

export interface RunConfig {
  antibot: AntiBotConfig;
  retry: RetryConfig;
  /** A send lease older than this belongs to a run that died. */
  sendLeaseTtlMs: number;
  /** A run lease older than this belongs to a run that died. */
  runLeaseTtlMs: number;
  /** Browser Run's idle timeout for a browser kept between runs (its `keep_alive`). */
  keepAliveMs: number;
  /** Polling intervals and the keep-the-browser rule (wake-schedule.ts). */
  wake: WakeScheduleConfig;
  recheckMs: number;
  maxItemsPerRun: number;
  runBudgetMs: number;
  alertCooldownMs: number;
  listingSyncEveryMs: number;
  reloginsPerHour: number;
  /** An automatic reply queued longer than this is not sent without a person (AUTO_REPLY_MAX_AGE_HOURS). */
  autoReplyMaxAgeMs: number;
}

const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);

const ms = z.number().int().min(0);
const wakeOverride = z
  .strictObject({
    pushIdleMs: ms,
    pushLiveMs: ms,
    pollIdleMs: ms,
    pollLiveMs: ms,
    liveWindowMs: ms,
    nightFactor: z.number().min(1),
    nightStartHour: z.number().int().min(0).max(23),
    nightEndHour: z.number().int().min(0).max(23),
    jitter: z.number().min(0).max(0.9),
    keepBrowserWithinMs: ms,
    pollBudgetShare: z.number().gt(0).max(1),
    quietAfterMisses: z.number().int().min(1),
  })
  .partial();

/** WAKE_SCHEDULE (JSON) over the defaults in wake-schedule.ts; a bad value fails loudly. */
export function wakeConfig(json: string | undefined): WakeScheduleConfig {
  if (!json) return WAKE_DEFAULTS;
  const parsed = wakeOverride.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(
      `WAKE_SCHEDULE is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  return { ...WAKE_DEFAULTS, ...parsed.data };
}

export function runConfig(env: Env, platform: Platform): RunConfig {
  const retry = env.DISPATCH_RETRY
    ? { ...RETRY_DEFAULTS, ...(JSON.parse(env.DISPATCH_RETRY) as Partial<RetryConfig>) }
    : RETRY_DEFAULTS;
  const antibot = antiBotConfig(platform, env.ANTIBOT_CONFIG || undefined);
  return {
    antibot,
    retry,
    sendLeaseTtlMs: 5 * 60_000,
    runLeaseTtlMs: 14 * 60_000,
    keepAliveMs: num(env.BROWSER_KEEP_ALIVE_MS, 60_000),
    wake: wakeConfig(env.WAKE_SCHEDULE || undefined),
    recheckMs: num(env.READBACK_RECHECK_MS, 15_000),
    maxItemsPerRun: 50,
    runBudgetMs: 10 * 60_000,
    alertCooldownMs: num(env.ALERT_COOLDOWN_MS, 30 * 60_000),
    listingSyncEveryMs: 6 * 3_600_000,
    reloginsPerHour: 3,
    autoReplyMaxAgeMs: num(env.AUTO_REPLY_MAX_AGE_HOURS, DEFAULT_AUTO_REPLY_MAX_AGE_HOURS) * 3_600_000,
  };
}
