import type { SendMode } from "../db/schema.ts";

/**
 * The one place that decides how an account sends: its own override when set, else the
 * global default. Every caller (API, cron, pipeline, the account object at send time) uses it.
 */
export function resolveEffectiveSendMode(
  override: SendMode | null | undefined,
  globalDefault: SendMode,
): SendMode {
  return override ?? globalDefault;
}
