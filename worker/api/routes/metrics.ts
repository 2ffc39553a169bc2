/** Dispatch counts per platform and stage for a time window, from the D1 roll-up. */
import { and, gte, lt, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { db } from "../../../domain/db/client.ts";
import { dispatchMetrics } from "../../../domain/db/schema.ts";
import { followupFigures } from "../../followups/figures.ts";
import type { AppEnv } from "../app-env.ts";
import { parseParams } from "../validate.ts";
import { compareVersions, isComparisonQuery } from "./version-comparison.ts";

const query = z
  .strictObject({
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    hours: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 31)
      .optional(),
  })
  .refine((q) => !(q.hours && (q.from || q.to)), { message: "Give either hours or from/to, not both" });

export const metricsRoutes = new Hono<AppEnv>().get("/", async (c) => {
  // ?version=&baseline= compares two Worker versions (version-comparison.ts).
  if (isComparisonQuery(c.req.query())) return compareVersions(c);
  const q = parseParams(c.req.query(), query);
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - (q.hours ?? 24) * 3_600_000);
  // Buckets are minute strings "YYYY-MM-DDTHH:MM": comparable as text.
  const rows = await db(c.env.DB)
    .select({
      platform: dispatchMetrics.platform,
      stage: dispatchMetrics.stage,
      outcome: dispatchMetrics.outcome,
      count: sql<number>`sum(${dispatchMetrics.count})`,
    })
    .from(dispatchMetrics)
    .where(
      and(
        gte(dispatchMetrics.bucket, from.toISOString().slice(0, 16)),
        lt(dispatchMetrics.bucket, `${to.toISOString().slice(0, 16)}~`),
      ),
    )
    .groupBy(dispatchMetrics.platform, dispatchMetrics.stage, dispatchMetrics.outcome)
    .all();
  const totals: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const p = totals[r.platform] ?? {};
    totals[r.platform] = p;
    p[r.outcome] = (p[r.outcome] ?? 0) + Number(r.count);
  }
  return c.json({
    from: from.toISOString(),
    to: to.toISOString(),
    byPlatform: totals,
    rows: rows.map((r) => ({ ...r, count: Number(r.count) })),
    // Per account and step: sent, answered after one (and how soon), opted out after one.
    followups: await followupFigures(c.env, { from: from.toISOString(), to: to.toISOString() }),
  });
});
