/**
 * GET /api/metrics?version=<id>&baseline=<id>[&since=&until=&baselineSince=&baselineUntil=]:
 * what a Worker version did over a window next to what the baseline version did, for the
 * rollout's promotion and rollback decisions (docs/release.md). Without baselineSince the
 * baseline is read over the same window (both versions running side by side in a split);
 * with it, over a window of the same length starting there (shadow and full, where the
 * baseline ran before). The window defaults to the last hour.
 */
import type { Context } from "hono";
import { z } from "zod";
import { db } from "../../db/client.ts";
import { versionReport } from "../../metrics/version-figures.ts";
import type { AppEnv } from "../app-env.ts";
import { parseParams } from "../validate.ts";

const HOUR = 3_600_000;
const MAX_WINDOW_MS = 31 * 24 * HOUR;
const versionId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "a Worker version id (letters, digits, '-' and '_')");

const comparisonQuery = z
  .strictObject({
    version: versionId,
    baseline: versionId,
    since: z.iso.datetime().optional(),
    until: z.iso.datetime().optional(),
    baselineSince: z.iso.datetime().optional(),
    baselineUntil: z.iso.datetime().optional(),
  })
  .transform((q, ctx) => {
    const until = q.until ? new Date(q.until) : new Date();
    const since = q.since ? new Date(q.since) : new Date(until.getTime() - HOUR);
    const length = until.getTime() - since.getTime();
    const baselineSince = q.baselineSince ? new Date(q.baselineSince) : since;
    const baselineUntil = q.baselineUntil
      ? new Date(q.baselineUntil)
      : new Date(baselineSince.getTime() + length);
    const baselineLength = baselineUntil.getTime() - baselineSince.getTime();
    const problems: [string, string][] = [];
    if (length <= 0) problems.push(["since", "since must be before until"]);
    if (length > MAX_WINDOW_MS) problems.push(["since", "the window may be at most 31 days"]);
    if (q.baselineUntil && !q.baselineSince)
      problems.push(["baselineUntil", "baselineUntil needs baselineSince"]);
    else if (baselineLength <= 0)
      problems.push(["baselineSince", "baselineSince must be before baselineUntil"]);
    else if (baselineLength > MAX_WINDOW_MS)
      problems.push(["baselineSince", "the baseline window may be at most 31 days"]);
    for (const [path, message] of problems) ctx.addIssue({ code: "custom", path: [path], message });
    if (problems.length) return z.NEVER;
    return { version: q.version, baseline: q.baseline, since, until, baselineSince, baselineUntil };
  });

/** True when the query asks for a version comparison rather than the plain roll-up. */
export function isComparisonQuery(q: Record<string, string>): boolean {
  return "version" in q || "baseline" in q;
}

export async function compareVersions(c: Context<AppEnv>) {
  const q = parseParams(c.req.query(), comparisonQuery);
  const d = db(c.env.DB);
  const [version, baseline] = await Promise.all([
    versionReport(d, q.version, q.since, q.until),
    versionReport(d, q.baseline, q.baselineSince, q.baselineUntil),
  ]);
  return c.json({ version, baseline });
}
