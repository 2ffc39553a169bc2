/**
 * release.config.json: the one place the release-candidate budgets and the rollout's stages,
 * promotion criteria and rollback thresholds live (docs/release.md explains each number).
 * Validated here so a typo fails the release before anything is deployed.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const positive = z.number().int().positive();
const fraction = z.number().min(0);

const stage = z.strictObject({
  soakMinutes: positive,
  checkEveryMinutes: positive,
  maxChecks: positive,
});

/** Rollback when the new version's figure is above both baseline × maxRatio and baseline + minIncrease. */
const rateTrigger = z.strictObject({
  maxRatio: z.number().min(1),
  minIncrease: fraction,
  /** Below this many sends / runs / decisions / deliveries on either side the trigger is not judged. */
  minSample: positive,
  /** Red in this many checks in a row → roll back; fewer → hold. */
  consecutiveChecks: positive,
});

const shareChangeTrigger = z.strictObject({
  maxChange: fraction,
  minSample: positive,
  consecutiveChecks: positive,
});

export const TRIGGER_NAMES = [
  "failureRate",
  "platformFailureRate",
  "retryRate",
  "duplicateRate",
  "unconfirmedRate",
  "captchaRate",
  "challengeRate",
  "blockedRate",
  "sessionExpiredRate",
  "selectorDriftRate",
  "platformAccountErrorRate",
  "reviewShare",
  "wouldSendShareChange",
  "p95DeliveryMs",
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

export const releaseConfigSchema = z.strictObject({
  $comment: z.string().optional(),
  database: z.string().min(1),
  /** What `npm run release` requires before it deploys (scripts/release/gates.ts). */
  gates: z.strictObject({
    /** GitHub check-run names that must have concluded success on the commit. */
    requiredChecks: z.array(z.string().min(1)).min(1),
    /** The git remote the commit must be on and the tag is pushed to. */
    remote: z.string().min(1),
  }),
  /**
   * The Pages option for the panel (docs/deployment.md). When enabled, the release deploys the
   * panel to this project after the Worker serves 100 %, never before: the new panel may call
   * routes only the new Worker has.
   */
  pages: z.strictObject({ enabled: z.boolean(), project: z.string().min(1), branch: z.string().min(1) }),
  candidate: z.strictObject({
    bundle: z.strictObject({ maxGzipBytes: positive, maxRawBytes: positive }),
    assets: z.strictObject({
      buildScript: z.string().min(1),
      maxJsGzipBytes: positive,
      maxFiles: positive,
      maxFileBytes: positive,
    }),
  }),
  rollout: z.strictObject({
    canaryPercent: z.number().int().min(1).max(50),
    stages: z.strictObject({ shadow: stage, canary: stage, full: stage }),
    promoteAfterGreenChecks: positive,
    minSample: z.strictObject({ sends: positive, decisions: positive, runs: positive }),
    triggers: z.strictObject({
      failureRate: rateTrigger,
      platformFailureRate: rateTrigger,
      retryRate: rateTrigger,
      duplicateRate: rateTrigger,
      unconfirmedRate: rateTrigger,
      captchaRate: rateTrigger,
      challengeRate: rateTrigger,
      blockedRate: rateTrigger,
      sessionExpiredRate: rateTrigger,
      selectorDriftRate: rateTrigger,
      platformAccountErrorRate: rateTrigger,
      reviewShare: rateTrigger,
      wouldSendShareChange: shareChangeTrigger,
      p95DeliveryMs: rateTrigger,
    }),
  }),
});
export type ReleaseConfig = z.infer<typeof releaseConfigSchema>;
export type RolloutConfig = ReleaseConfig["rollout"];
export type RateTrigger = z.infer<typeof rateTrigger>;
export type StageName = keyof RolloutConfig["stages"];
export const STAGES: readonly StageName[] = ["shadow", "canary", "full"];

export function parseReleaseConfig(raw: unknown, source = "release.config.json"): ReleaseConfig {
  const r = releaseConfigSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${source} is not valid:\n${lines.join("\n")}`);
  }
  return r.data;
}

export function loadReleaseConfig(path = "release.config.json"): ReleaseConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  return parseReleaseConfig(raw, path);
}
