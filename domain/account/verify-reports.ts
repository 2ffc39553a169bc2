/**
 * The history of an account's verify runs (D1 `verify_reports`, migration 0015): each run's
 * report as the panel shows it — already scrubbed in the account's object
 * (connectors/verify/report-scrub.ts), so nothing here ever sees a lead's name or words — with
 * who ran it, when, the verdict, the report's hash and the connector version. The newest
 * KEEP_PER_ACCOUNT runs are kept: enough to see when a site changed, bounded per account.
 */
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { verifyReports } from "../db/schema.ts";
import { sha256Hex } from "../util/hash.ts";

export const KEEP_PER_ACCOUNT = 20;

export interface VerifyReportRecord {
  id: string;
  accountId: string;
  ranAt: string;
  ranBy: string;
  ok: boolean;
  reportHash: string;
  connectorVersion: string;
}

/** The row for one run; `reportJson` is the report exactly as hashed. */
export async function verifyReportRow(input: {
  accountId: string;
  ranAt: string;
  ranBy: string;
  ok: boolean;
  connectorVersion: string;
  reportJson: string;
}) {
  return { id: crypto.randomUUID(), ...input, reportHash: await sha256Hex(input.reportJson) };
}

export function insertVerifyReport(d: Db, row: Awaited<ReturnType<typeof verifyReportRow>>) {
  return d.insert(verifyReports).values(row);
}

/** Drops an account's runs beyond the newest KEEP_PER_ACCOUNT. */
export async function pruneVerifyReports(d: Db, accountId: string): Promise<void> {
  const kept = await d
    .select({ ranAt: verifyReports.ranAt })
    .from(verifyReports)
    .where(eq(verifyReports.accountId, accountId))
    .orderBy(desc(verifyReports.ranAt))
    .limit(1)
    .offset(KEEP_PER_ACCOUNT - 1);
  const oldest = kept[0]?.ranAt;
  if (oldest)
    await d
      .delete(verifyReports)
      .where(and(eq(verifyReports.accountId, accountId), lt(verifyReports.ranAt, oldest)));
}

const summaryColumns = {
  id: verifyReports.id,
  accountId: verifyReports.accountId,
  ranAt: verifyReports.ranAt,
  ranBy: verifyReports.ranBy,
  ok: verifyReports.ok,
  reportHash: verifyReports.reportHash,
  connectorVersion: verifyReports.connectorVersion,
};

/** Newest first, without the reports themselves. */
export function listVerifyReports(d: Db, accountId: string, limit: number): Promise<VerifyReportRecord[]> {
  return d
    .select(summaryColumns)
    .from(verifyReports)
    .where(eq(verifyReports.accountId, accountId))
    .orderBy(desc(verifyReports.ranAt))
    .limit(limit);
}

/** One run with its report (parsed JSON), or null; `reportId` "latest" is the newest run. */
export async function readVerifyReport(
  d: Db,
  accountId: string,
  reportId: string,
): Promise<(VerifyReportRecord & { report: unknown }) | null> {
  const where =
    reportId === "latest"
      ? eq(verifyReports.accountId, accountId)
      : and(eq(verifyReports.accountId, accountId), eq(verifyReports.id, reportId));
  const row = (
    await d.select().from(verifyReports).where(where).orderBy(desc(verifyReports.ranAt)).limit(1)
  )[0];
  if (!row) return null;
  const { reportJson, ...rest } = row;
  return { ...rest, report: JSON.parse(reportJson) as unknown };
}
