/**
 * The Worker version that is running this code (the `version_metadata` binding), as recorded
 * on metrics and rows so two versions can be compared during a gradual rollout
 * (docs/release.md). '' when the runtime gives none (it always does on Cloudflare and locally).
 */
export function versionIdOf(env: Partial<Pick<Env, "CF_VERSION_METADATA">> | undefined): string {
  return env?.CF_VERSION_METADATA?.id ?? "";
}

/** The per-minute roll-up bucket, "YYYY-MM-DDTHH:MM" (UTC): ordered and comparable as text. */
export function minuteBucket(at: Date = new Date()): string {
  return at.toISOString().slice(0, 16);
}
