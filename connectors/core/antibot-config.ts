/**
 * Anti-bot thresholds per platform. Defaults follow the earlier lease-bot's pacing table
 * (minimum interval 1.1–1.5 s plus 250–450 ms jitter per platform); every value can be
 * overridden per platform with the ANTIBOT_CONFIG var (JSON), e.g.
 *   {"spareroom": {"minIntervalMs": 2000, "pageLoadsPerHour": 120}}
 * See docs/anti-bot.md for what each threshold does.
 */
import { z } from "zod";
import { PLATFORMS, type Platform } from "../../domain/platforms.ts";

export interface AntiBotConfig {
  /** Minimum time between two page actions (navigation, submit) of one account. */
  minIntervalMs: number;
  /** Extra random wait on top of the minimum, uniform in [0, jitterMs]. */
  jitterMs: number;
  /** Page loads one account may make per rolling hour. */
  pageLoadsPerHour: number;
  /** Circuit: how long it stays open after a captcha/challenge or repeated failures. */
  circuitCooldownMs: number;
  /** Circuit: consecutive transient failures (whole runs) that open it. */
  circuitFailureThreshold: number;
  /** Inbox pages followed per ingest. */
  maxInboxPages: number;
  /** How long a sent message may take to appear in the thread (SpareRoom screens messages). */
  appearanceWindowMs: number;
  /**
   * How long a send whose outcome is uncertain (the site may have taken it) is read back before
   * a person is asked. It is never sent again on its own, so this only bounds the waiting.
   */
  settleWindowMs: number;
  /** Navigation timeout. */
  navigationTimeoutMs: number;
}

const BASE: AntiBotConfig = {
  minIntervalMs: 1200,
  jitterMs: 350,
  pageLoadsPerHour: 240,
  circuitCooldownMs: 30 * 60_000,
  circuitFailureThreshold: 3,
  maxInboxPages: 5,
  appearanceWindowMs: 60_000,
  settleWindowMs: 30 * 60_000,
  navigationTimeoutMs: 30_000,
};

export const ANTIBOT_DEFAULTS: Record<Platform, AntiBotConfig> = {
  spareroom: {
    ...BASE,
    minIntervalMs: 1400,
    jitterMs: 400,
    appearanceWindowMs: 5 * 60_000,
    settleWindowMs: 60 * 60_000,
  },
  roomies: { ...BASE, minIntervalMs: 1250, jitterMs: 300 },
  leasebreak: { ...BASE, minIntervalMs: 1100, jitterMs: 250 },
  renthop: { ...BASE, minIntervalMs: 1100, jitterMs: 250 },
  furnishedfinder: { ...BASE, minIntervalMs: 1500, jitterMs: 450, appearanceWindowMs: 2 * 60_000 },
};

const override = z
  .strictObject({
    minIntervalMs: z.number().int().min(0),
    jitterMs: z.number().int().min(0),
    pageLoadsPerHour: z.number().int().min(1),
    circuitCooldownMs: z.number().int().min(0),
    circuitFailureThreshold: z.number().int().min(1),
    maxInboxPages: z.number().int().min(1).max(50),
    appearanceWindowMs: z.number().int().min(0),
    settleWindowMs: z.number().int().min(0),
    navigationTimeoutMs: z.number().int().min(1000),
  })
  .partial();

const overrides = z.partialRecord(z.enum([...PLATFORMS, "*"]), override);

/** Resolves one platform's thresholds: defaults, then "*" overrides, then the platform's own. */
export function antiBotConfig(platform: Platform, json: string | undefined): AntiBotConfig {
  const base = ANTIBOT_DEFAULTS[platform];
  if (!json) return base;
  const parsed = overrides.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(
      `ANTIBOT_CONFIG is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  return { ...base, ...parsed.data["*"], ...parsed.data[platform] };
}
