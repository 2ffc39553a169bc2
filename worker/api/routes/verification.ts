/**
 * Readiness (docs/runbooks/go-live.md): POST /api/platforms/:id/verify runs the read-only verify
 * check in the account's object (Browser Run) and records the outcome; the auto_send guard that
 * PATCH /api/platforms/:id applies; the verification state every account view carries.
 */
import { isNull } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { connectorVersion } from "../../../connectors/verify/report.ts";
import { accountStub } from "../../../domain/account/address.ts";
import {
  autoSendBlock,
  dropToDraftOnly,
  markDrift,
  markVerified,
  readVerification,
  readVerifications,
  UNVERIFIED,
  type Verification,
} from "../../../domain/account/verification.ts";
import {
  insertVerifyReport,
  pruneVerifyReports,
  verifyReportRow,
} from "../../../domain/account/verify-reports.ts";
import { auditInsert } from "../../../domain/audit/audit-log.ts";
import { type Db, db } from "../../../domain/db/client.ts";
import { type Platform, platformAccounts } from "../../../domain/db/schema.ts";
import type { VerifyOutcome } from "../../../durable-objects/account/verify-run.ts";
import { requireAdmin } from "../../auth/identity.ts";
import { accountOr404 } from "../account-lookup.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { parseParams } from "../validate.ts";

const idParam = z.object({ id: z.string().min(1).max(100) });

/** The state with what the panel needs to say next (the block, when auto_send is refused). */
export function verificationView(v: Verification, platform: Platform) {
  const block = autoSendBlock(v, connectorVersion(platform));
  return { ...v, autoSendAllowed: block === null, ...(block ? { autoSendBlock: block } : {}) };
}

/** PATCH's guard: 409 with the reason and what to do, unless the account may send by itself. */
export async function assertMayAutoSend(d: Db, account: { id: string; platform: Platform }): Promise<void> {
  const block = autoSendBlock(await readVerification(d, account.id), connectorVersion(account.platform));
  if (block)
    throw new ApiError(409, "conflict", `${block.reason}. ${block.action}.`, undefined, {
      reason: block.reason,
      action: block.action,
    });
}

/** PUT /api/settings' guard: every account that inherits the default must be allowed auto_send. */
export async function assertInheritorsMayAutoSend(d: Db): Promise<void> {
  const inheriting = await d.select().from(platformAccounts).where(isNull(platformAccounts.sendMode));
  const verifications = await readVerifications(d);
  const blocked = inheriting.flatMap((a) => {
    const block = autoSendBlock(verifications.get(a.id) ?? UNVERIFIED, connectorVersion(a.platform));
    return block ? [{ id: a.id, reason: block.reason }] : [];
  });
  if (blocked.length)
    throw new ApiError(
      409,
      "conflict",
      `${blocked.length} account(s) following the default may not send by themselves: ${blocked.map((b) => `${b.id} (${b.reason})`).join("; ")}. Verify them (Platforms → Verify) or give them their own send mode first.`,
      undefined,
      { accounts: blocked },
    );
}

export const verificationRoutes = new Hono<AppEnv>().post("/:id/verify", requireAdmin, async (c) => {
  const { id } = parseParams(c.req.param(), idParam);
  const d = db(c.env.DB);
  const row = await accountOr404(d, id);
  const ref = { accountId: row.id, platform: row.platform };
  // The report's parsed values are plain JSON; RPC's typing cannot see that through `unknown`.
  const outcome = (await accountStub(c.env, ref).verify(ref)) as unknown as VerifyOutcome;
  if (!outcome.ok) {
    if (outcome.reason === "no_browser")
      throw ApiError.rateLimited(outcome.message, { retryAfterMs: outcome.retryAfterMs ?? null });
    throw ApiError.conflict(outcome.message);
  }
  const { report } = outcome;
  const actor = c.get("user").email;
  const now = new Date().toISOString();
  const before = await readVerification(d, id);
  // The whole (scrubbed) report, for the panel's report view and history (verify-reports.ts).
  const record = await verifyReportRow({
    accountId: id,
    ranAt: now,
    ranBy: actor,
    ok: report.ok,
    connectorVersion: report.connectorVersion,
    reportJson: JSON.stringify(report),
  });
  const { reportHash } = record;
  const stored = insertVerifyReport(d, record);
  const audit = auditInsert(d, {
    actor,
    action: report.ok ? "account_verified" : "account_verify_failed",
    entityType: "platform_account",
    entityId: id,
    before: { state: before.state },
    after: {
      ok: report.ok,
      reportHash,
      connectorVersion: report.connectorVersion,
      requiredMissing: report.requiredMissing,
      problems: report.problems.length,
    },
    at: now,
  });
  if (report.ok) {
    await d.batch([
      markVerified(d, id, { by: actor, reportHash, connectorVersion: report.connectorVersion }, now),
      audit,
      stored,
    ]);
  } else if (before.state === "verified") {
    // What passed before fails now: the site changed. It may not send by itself until fixed.
    const reason = report.requiredMissing[0] ?? report.problems[0] ?? "the verify check failed";
    await d.batch([markDrift(d, id, { reason, evidenceId: null }, now), audit, stored]);
    await dropToDraftOnly(d, id, `verify check failed: ${reason}`, now);
  } else await d.batch([audit, stored]);
  await pruneVerifyReports(d, id);
  return c.json({
    report,
    reportHash,
    reportId: record.id,
    verification: verificationView(await readVerification(d, id), row.platform),
  });
});
