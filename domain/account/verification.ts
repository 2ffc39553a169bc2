/**
 * An account's verification state (docs/runbooks/go-live.md): unverified until a verify run
 * passes on its site; verified (when, by whom, the report's hash, the connector version it
 * checked); drift when a production run met a selector the connector needs missing. Only a
 * verified account whose connector is still the one that was verified may be switched to
 * auto_send — the rule is here, pure, and the API applies it.
 */
import { eq } from "drizzle-orm";
import { auditInsert } from "../audit/audit-log.ts";
import type { Db } from "../db/client.ts";
import { accountVerifications, platformAccounts } from "../db/schema.ts";

export type VerificationState = "unverified" | "verified" | "drift";

export interface Verification {
  state: VerificationState;
  verifiedAt: string | null;
  verifiedBy: string | null;
  reportHash: string | null;
  connectorVersion: string | null;
  driftAt: string | null;
  driftReason: string | null;
  driftEvidenceId: string | null;
}

export const UNVERIFIED: Verification = {
  state: "unverified",
  verifiedAt: null,
  verifiedBy: null,
  reportHash: null,
  connectorVersion: null,
  driftAt: null,
  driftReason: null,
  driftEvidenceId: null,
};

export interface AutoSendBlock {
  reason: string;
  /** What a person does about it. */
  action: string;
}

/** Why this account may not be switched to auto_send, or null when it may. */
export function autoSendBlock(v: Verification, currentConnectorVersion: string): AutoSendBlock | null {
  if (v.state === "unverified")
    return {
      reason: "This account has not been verified against its site",
      action:
        "Run the read-only check first: Platforms → Verify (or npm run verify:site, docs/runbooks/go-live.md), then switch to auto_send",
    };
  if (v.state === "drift")
    return {
      reason: `A run found the site's pages changed (${v.driftReason ?? "a selector the connector needs is missing"})`,
      action:
        "Open the evidence, update the connector's selectors (npm run verify:site shows candidates), deploy, then verify again",
    };
  if (v.connectorVersion !== currentConnectorVersion)
    return {
      reason: `The connector changed since this account was verified (its selectors or the code that reads the site's pages; verified under ${v.connectorVersion ?? "no version"}, now ${currentConnectorVersion})`,
      action: "Re-verify the account on its site (Platforms → Verify), then switch to auto_send",
    };
  return null;
}

export async function readVerification(d: Db, accountId: string): Promise<Verification> {
  const row = (
    await d.select().from(accountVerifications).where(eq(accountVerifications.accountId, accountId))
  )[0];
  if (!row) return UNVERIFIED;
  const { accountId: _id, updatedAt: _at, ...rest } = row;
  return rest;
}

export async function readVerifications(d: Db): Promise<Map<string, Verification>> {
  const rows = await d.select().from(accountVerifications);
  return new Map(
    rows.map(({ accountId, updatedAt: _at, ...rest }) => [accountId, rest] as [string, Verification]),
  );
}

export function verifiedRow(
  accountId: string,
  v: { by: string; reportHash: string; connectorVersion: string },
  at: string,
) {
  return {
    accountId,
    state: "verified" as const,
    verifiedAt: at,
    verifiedBy: v.by,
    reportHash: v.reportHash,
    connectorVersion: v.connectorVersion,
    driftAt: null,
    driftReason: null,
    driftEvidenceId: null,
    updatedAt: at,
  };
}

/** Upsert of a passed verify run (clears any drift: the check just passed on the live site). */
export function markVerified(
  d: Db,
  accountId: string,
  v: { by: string; reportHash: string; connectorVersion: string },
  at: string,
) {
  const row = verifiedRow(accountId, v, at);
  const { accountId: _id, ...set } = row;
  return d
    .insert(accountVerifications)
    .values(row)
    .onConflictDoUpdate({ target: accountVerifications.accountId, set });
}

/** Upsert of drift seen in production; what was verified before stays on the row as history. */
export function markDrift(
  d: Db,
  accountId: string,
  drift: { reason: string; evidenceId: string | null },
  at: string,
) {
  const set = {
    state: "drift" as const,
    driftAt: at,
    driftReason: drift.reason,
    driftEvidenceId: drift.evidenceId,
    updatedAt: at,
  };
  return d
    .insert(accountVerifications)
    .values({ accountId, ...set })
    .onConflictDoUpdate({ target: accountVerifications.accountId, set });
}

/**
 * An account that met drift may not send by itself: its own send mode becomes draft_only (also
 * when it followed an auto_send global default), audited as lease-bot's change with the reason.
 */
export async function dropToDraftOnly(
  d: Db,
  accountId: string,
  reason: string,
  at: string,
): Promise<boolean> {
  const row = (await d.select().from(platformAccounts).where(eq(platformAccounts.id, accountId)))[0];
  if (!row || row.sendMode === "draft_only") return false;
  await d.batch([
    d
      .update(platformAccounts)
      .set({ sendMode: "draft_only", updatedAt: at, updatedBy: "lease-bot" })
      .where(eq(platformAccounts.id, accountId)),
    auditInsert(d, {
      actor: "lease-bot",
      action: "platform_policy_updated",
      entityType: "platform_account",
      entityId: accountId,
      before: { sendMode: row.sendMode },
      after: { sendMode: "draft_only", reason },
      at,
    }),
  ]);
  return true;
}
