/**
 * Operational alerts to a webhook (URL from the ALERT_WEBHOOK_URL secret), at most one per
 * account and kind per cooldown. The payload names the account and the reason, never page
 * text, cookies or credentials.
 */

import type { AccountRef } from "../../domain/account/address.ts";
import { errorFields } from "../../domain/error-fields.ts";
import { logEvent } from "../../domain/log.ts";
import type { AccountStorage } from "./storage.ts";

export type AlertKind =
  | "needs_login"
  | "missing_secret"
  | "circuit_open"
  | "access_blocked"
  | "selector_drift"
  /** The site stored one submit more than once (the browser's own re-send; send-path.ts). */
  | "duplicate_seen";

/** What an alert may point at besides its reason: the evidence page a person should open. */
export interface AlertDetail {
  evidenceId?: string | null;
  /**
   * What the reason failed on, in our own redacted words (a drift alert: the plausibility
   * check's finding, ids and digests only). Not part of the cooldown key.
   */
  what?: string | null;
}

export async function sendAlert(
  env: Env,
  store: AccountStorage,
  ref: AccountRef,
  kind: AlertKind,
  reason: string,
  cooldownMs: number,
  detail: AlertDetail = {},
): Promise<boolean> {
  const now = Date.now();
  if (!store.alertAllowed(`${kind}:${reason}`, now, cooldownMs)) return false;
  logEvent(env, "alert", {
    kind,
    reason,
    platform: ref.platform,
    accountId: ref.accountId,
    ...(detail.evidenceId ? { evidenceId: detail.evidenceId } : {}),
    ...(detail.what ? { what: detail.what } : {}),
  });
  if (!env.ALERT_WEBHOOK_URL) return true;
  try {
    const res = await fetch(env.ALERT_WEBHOOK_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        source: "lease-bot",
        event: kind,
        reason,
        platform: ref.platform,
        accountId: ref.accountId,
        at: new Date(now).toISOString(),
        versionId: env.CF_VERSION_METADATA?.id ?? null,
        ...(detail.evidenceId ? { evidenceId: detail.evidenceId } : {}),
        ...(detail.what ? { what: detail.what } : {}),
      }),
    });
    if (!res.ok) logEvent(env, "alert_delivery_failed", { kind, status: res.status });
  } catch (err) {
    logEvent(env, "alert_delivery_failed", { kind, ...errorFields(err) });
  }
  return true;
}
