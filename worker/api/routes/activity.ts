/**
 * What the overview screen draws: per account and hour, how many messages came in, were
 * drafted, went to review, were sent, and how many failed — account errors (a run that broke) and
 * replies that went to the dead-letter queue — over the last N hours; and per
 * account, how much work waits for a person (review, drafts, queued replies, open dead letters).
 * Counted from D1's own rows, so the numbers agree with the inbox and the dead-letter queue.
 */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { db } from "../../../domain/db/client.ts";
import { FILTER_SQL } from "../../inbox/conversation-queries.ts";
import type { AppEnv } from "../app-env.ts";
import { parseParams } from "../validate.ts";

export const SERIES = ["received", "drafted", "review", "sent", "failed"] as const;
export type Series = (typeof SERIES)[number];

const hourlyQuery = z.strictObject({
  hours: z.coerce.number().int().min(1).max(168).default(24),
});

const HOUR_MS = 3_600_000;

/** "YYYY-MM-DDTHH" of the `hours` hours that end with the one holding `to`, oldest first. */
export function hourBuckets(to: Date, hours: number): string[] {
  const last = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours }, (_, i) =>
    new Date(last - (hours - 1 - i) * HOUR_MS).toISOString().slice(0, 13),
  );
}

interface CountRow {
  series: Series;
  account_id: string;
  hour: string;
  n: number;
}

export const activityRoutes = new Hono<AppEnv>().get("/hourly", async (c) => {
  const { hours } = parseParams(c.req.query(), hourlyQuery);
  const buckets = hourBuckets(new Date(), hours);
  const since = `${buckets[0]}:00:00.000Z`;
  // Times are ISO strings; the first 13 characters are the hour.
  const rows = await db(c.env.DB).all<CountRow>(sql`
    SELECT 'received' AS series, account_id, substr(created_at, 1, 13) AS hour, count(*) AS n
      FROM messages WHERE direction = 'inbound' AND created_at >= ${since} GROUP BY account_id, hour
    UNION ALL
    SELECT CASE action WHEN 'draft' THEN 'drafted' ELSE 'review' END, account_id, substr(decided_at, 1, 13), count(*)
      FROM decisions WHERE action IN ('draft', 'review') AND decided_at >= ${since}
      GROUP BY action, account_id, substr(decided_at, 1, 13)
    UNION ALL
    SELECT 'sent', account_id, substr(created_at, 1, 13), count(*)
      FROM messages WHERE direction = 'outbound' AND origin IN ('bot', 'manual') AND created_at >= ${since}
      GROUP BY account_id, substr(created_at, 1, 13)
    UNION ALL
    SELECT 'failed', account_id, substr(at, 1, 13), count(*)
      FROM account_errors WHERE at >= ${since} GROUP BY account_id, substr(at, 1, 13)
    UNION ALL
    SELECT 'failed', account_id, substr(created_at, 1, 13), count(*)
      FROM dead_letters WHERE created_at >= ${since} GROUP BY account_id, substr(created_at, 1, 13)`);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const accounts: Record<string, Record<Series, number[]>> = {};
  for (const r of rows) {
    const i = index.get(r.hour);
    if (i === undefined) continue;
    const a =
      accounts[r.account_id] ??
      (Object.fromEntries(SERIES.map((s) => [s, Array<number>(hours).fill(0)])) as Record<Series, number[]>);
    accounts[r.account_id] = a;
    a[r.series][i] = (a[r.series][i] ?? 0) + Number(r.n);
  }
  return c.json({ hours: buckets, series: SERIES, accounts });
});

interface QueueRow {
  account_id: string;
  needs_review: number;
  drafts: number;
  queued: number;
  dead: number;
}

export const queueRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const rows = await db(c.env.DB).all<QueueRow>(sql`
    SELECT a.id AS account_id,
      (SELECT count(*) FROM conversations c WHERE c.account_id = a.id AND ${FILTER_SQL.needs_review}) AS needs_review,
      (SELECT count(*) FROM replies r WHERE r.account_id = a.id AND r.status = 'draft') AS drafts,
      (SELECT count(*) FROM replies r WHERE r.account_id = a.id AND r.status = 'queued') AS queued,
      (SELECT count(*) FROM dead_letters x WHERE x.account_id = a.id AND x.status = 'open') AS dead
    FROM platform_accounts a ORDER BY a.id`);
  return c.json({
    items: rows.map((r) => ({
      accountId: r.account_id,
      needsReview: Number(r.needs_review),
      draftsWaiting: Number(r.drafts),
      queued: Number(r.queued),
      openDeadLetters: Number(r.dead),
    })),
  });
});
