/** Everything a run is tuned by, resolved once per run from the Worker's vars. */
import { type AntiBotConfig, antiBotConfig } from "../../connectors/core/antibot-config.ts";
import type { Platform } from "../../domain/db/schema.ts";
import { DEFAULT_AUTO_REPLY_MAX_AGE_HOURS } from "../../domain/decide/decide-messages.ts";
import { RETRY_DEFAULTS, type RetryConfig } from "./retry-policy.ts";

export interface RunConfig {
  antibot: AntiBotConfig;
  retry: RetryConfig;
  /** A send lease older than this belongs to a run that died. */
  sendLeaseTtlMs: number;
  /** A run lease older than this belongs to a run that died. */
  runLeaseTtlMs: number;
  keepAliveMs: number;
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
    keepAliveMs: num(env.BROWSER_KEEP_ALIVE_MS, 150_000),
    recheckMs: num(env.READBACK_RECHECK_MS, 15_000),
    maxItemsPerRun: 50,
    runBudgetMs: 10 * 60_000,
    alertCooldownMs: num(env.ALERT_COOLDOWN_MS, 30 * 60_000),
    listingSyncEveryMs: 6 * 3_600_000,
    reloginsPerHour: 3,
    autoReplyMaxAgeMs: num(env.AUTO_REPLY_MAX_AGE_HOURS, DEFAULT_AUTO_REPLY_MAX_AGE_HOURS) * 3_600_000,
  };
}
