/**
 * Browser runs per Worker version: the denominator for account-level failure rates (captcha,
 * challenge, block, lost login, drift) when two versions run side by side (docs/release.md).
 * Only runs that went for the browser count; a run skipped before that (idle, circuit open,
 * needs_login, no governor slot) says nothing about the version.
 */
import { sql } from "drizzle-orm";
import { db } from "../../worker/db/client.ts";
import { versionRuns } from "../../worker/db/schema.ts";
import { minuteBucket, versionIdOf } from "../../worker/lib/version.ts";
import type { AccountRef } from "../address.ts";
import { BUDGET_MARKER, type RunReport } from "./run.ts";

/** 'ok', the account-level failure class, 'paced' (our own page budget), or null when skipped. */
export function runResult(report: Pick<RunReport, "skipped" | "failure">): string | null {
  if (report.skipped !== null) return null;
  if (!report.failure) return "ok";
  return report.failure.marker === BUDGET_MARKER ? "paced" : report.failure.class;
}

export async function countRun(env: Env, ref: AccountRef, report: RunReport): Promise<void> {
  const result = runResult(report);
  if (result === null) return;
  const versionId = versionIdOf(env);
  await db(env.DB)
    .insert(versionRuns)
    .values({ bucket: minuteBucket(), versionId, platform: ref.platform, result, count: 1 })
    .onConflictDoUpdate({
      target: [versionRuns.bucket, versionRuns.versionId, versionRuns.platform, versionRuns.result],
      set: { count: sql`${versionRuns.count} + 1` },
    });
  try {
    env.METRICS?.writeDataPoint({
      blobs: [ref.platform, "run", result, versionId, ""],
      doubles: [1],
      indexes: [ref.accountId],
    });
  } catch {
    // Analytics Engine is best effort; the D1 roll-up is the record.
  }
}
