/**
 * What one Worker version did over a window, read from the rows it wrote (migration 0004):
 * the per-version dispatch and run roll-ups, its decisions, dead letters, deliveries and
 * account errors. Feeds GET /api/metrics?version=&baseline= and so the release script.
 */
import { and, eq, gte, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { accountErrors, deadLetters, decisions, replies, versionMetrics, versionRuns } from "../db/schema.ts";
import { minuteBucket } from "../lib/version.ts";
import {
  NOT_RUN_FAILURES,
  type PlatformFigures,
  percentileRank,
  ratesOf,
  type VersionFigures,
  type VersionReport,
} from "./version-comparison-shape.ts";

/** Decision reason codes that mean "this would have been sent": sent, or held back by mode only. */
const WOULD_SEND_REASONS = ["auto_send_eligible", "draft_only_mode"];

export async function versionReport(
  d: Db,
  versionId: string,
  since: Date,
  until: Date,
): Promise<VersionReport> {
  const figures = await versionFigures(d, versionId, since, until);
  return { ...figures, rates: ratesOf(figures) };
}

export async function versionFigures(
  d: Db,
  versionId: string,
  since: Date,
  until: Date,
): Promise<VersionFigures> {
  const from = since.toISOString();
  const to = until.toISOString();
  // Minute buckets include the minute `until` falls in ("~" sorts after any "HH:MM").
  const bucketFrom = minuteBucket(since);
  const bucketTo = `${minuteBucket(until)}~`;

  const [dispatchRows, runRows, errorRows, deadRows, decisionRows, deliveryCount] = await Promise.all([
    d
      .select({
        platform: versionMetrics.platform,
        stage: versionMetrics.stage,
        outcome: versionMetrics.outcome,
        failureClass: versionMetrics.failureClass,
        n: sql<number>`sum(${versionMetrics.count})`,
      })
      .from(versionMetrics)
      .where(
        and(
          eq(versionMetrics.versionId, versionId),
          gte(versionMetrics.bucket, bucketFrom),
          sql`${versionMetrics.bucket} < ${bucketTo}`,
        ),
      )
      .groupBy(
        versionMetrics.platform,
        versionMetrics.stage,
        versionMetrics.outcome,
        versionMetrics.failureClass,
      )
      .all(),
    d
      .select({
        platform: versionRuns.platform,
        result: versionRuns.result,
        n: sql<number>`sum(${versionRuns.count})`,
      })
      .from(versionRuns)
      .where(
        and(
          eq(versionRuns.versionId, versionId),
          gte(versionRuns.bucket, bucketFrom),
          sql`${versionRuns.bucket} < ${bucketTo}`,
        ),
      )
      .groupBy(versionRuns.platform, versionRuns.result)
      .all(),
    d
      .select({
        stage: accountErrors.stage,
        failureClass: accountErrors.failureClass,
        n: sql<number>`count(*)`,
      })
      .from(accountErrors)
      .where(
        and(eq(accountErrors.versionId, versionId), gte(accountErrors.at, from), lte(accountErrors.at, to)),
      )
      .groupBy(accountErrors.stage, accountErrors.failureClass)
      .all(),
    d
      .select({ failureClass: deadLetters.failureClass, n: sql<number>`count(*)` })
      .from(deadLetters)
      .where(
        and(eq(deadLetters.versionId, versionId), gte(deadLetters.deadAt, from), lte(deadLetters.deadAt, to)),
      )
      .groupBy(deadLetters.failureClass)
      .all(),
    d
      .select({ action: decisions.action, reason: decisions.reason, n: sql<number>`count(*)` })
      .from(decisions)
      .where(
        and(eq(decisions.versionId, versionId), gte(decisions.decidedAt, from), lte(decisions.decidedAt, to)),
      )
      .groupBy(decisions.action, decisions.reason)
      .all(),
    d
      .select({ n: sql<number>`count(*)` })
      .from(replies)
      .where(deliveredIn(versionId, from, to))
      .get(),
  ]);

  const dispatch = { delivered: 0, failed: 0, retries: 0, blocked: 0, duplicatesSuppressed: 0 };
  const failures: VersionFigures["failures"] = [];
  const byPlatform: Record<string, PlatformFigures> = {};
  const platform = (p: string) => {
    byPlatform[p] ??= { runs: 0, accountErrors: 0, delivered: 0, failed: 0, retries: 0 };
    return byPlatform[p];
  };
  for (const r of dispatchRows) {
    const n = Number(r.n);
    const p = platform(r.platform);
    if (r.outcome === "success") {
      dispatch.delivered += n;
      p.delivered += n;
    } else if (r.outcome === "fail" || r.outcome === "retry") {
      if (r.outcome === "fail") {
        dispatch.failed += n;
        p.failed += n;
      } else {
        dispatch.retries += n;
        p.retries += n;
      }
      failures.push({
        outcome: r.outcome,
        stage: r.stage,
        class: r.failureClass || "unclassified",
        count: n,
      });
    } else if (r.outcome === "blocked") dispatch.blocked += n;
    else dispatch.duplicatesSuppressed += n;
  }

  const runs = { total: 0, byResult: {} as Record<string, number> };
  for (const r of runRows) {
    const n = Number(r.n);
    runs.total += n;
    runs.byResult[r.result] = (runs.byResult[r.result] ?? 0) + n;
    const p = platform(r.platform);
    p.runs += n;
    if (!NOT_RUN_FAILURES.has(r.result)) p.accountErrors += n;
  }

  const deadByClass: Record<string, number> = {};
  let deadTotal = 0;
  for (const r of deadRows) {
    deadByClass[r.failureClass] = Number(r.n);
    deadTotal += Number(r.n);
  }

  const dec = { total: 0, send: 0, draft: 0, review: 0, blocked: 0, suppressed: 0, wouldSend: 0 };
  for (const r of decisionRows) {
    const n = Number(r.n);
    dec.total += n;
    dec[r.action] += n;
    if (WOULD_SEND_REASONS.includes(r.reason)) dec.wouldSend += n;
  }

  const n = Number(deliveryCount?.n ?? 0);
  const [p50Ms, p95Ms] = await Promise.all([
    deliveryPercentile(d, versionId, from, to, n, 0.5),
    deliveryPercentile(d, versionId, from, to, n, 0.95),
  ]);

  return {
    versionId,
    since: from,
    until: to,
    runs,
    dispatch,
    failures: failures.sort((a, b) => b.count - a.count),
    accountErrors: errorRows
      .map((r) => ({ stage: r.stage, class: r.failureClass, count: Number(r.n) }))
      .sort((a, b) => b.count - a.count),
    deadLetters: { total: deadTotal, byClass: deadByClass },
    decisions: dec,
    delivery: { count: n, p50Ms, p95Ms },
    byPlatform,
  };
}

function deliveredIn(versionId: string, from: string, to: string) {
  return and(
    eq(replies.deliveredVersionId, versionId),
    gte(replies.deliveredAt, from),
    lte(replies.deliveredAt, to),
    sql`${replies.deliveryMs} IS NOT NULL`,
  );
}

/** The nearest-rank percentile of enqueue → delivered, read by offset rather than by loading every row. */
async function deliveryPercentile(
  d: Db,
  versionId: string,
  from: string,
  to: string,
  n: number,
  p: number,
): Promise<number | null> {
  const rank = percentileRank(n, p);
  if (rank === null) return null;
  const row = await d
    .select({ ms: replies.deliveryMs })
    .from(replies)
    .where(deliveredIn(versionId, from, to))
    .orderBy(replies.deliveryMs)
    .limit(1)
    .offset(rank - 1)
    .get();
  return row?.ms ?? null;
}
