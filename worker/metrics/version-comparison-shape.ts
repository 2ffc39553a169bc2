/**
 * The shape of GET /api/metrics?version=&baseline= (docs/release.md): what one Worker version
 * did over a window, in counts, and the rates derived from them. Pure (zod only), so the
 * release script validates what the API returns with the same schema and derives rates with
 * the same function.
 */
import { z } from "zod";

const count = z.number().int().nonnegative();
const rate = z.number().nonnegative().nullable();

export const platformFiguresSchema = z.object({
  runs: count,
  accountErrors: count,
  delivered: count,
  failed: count,
  retries: count,
});

export const versionFiguresSchema = z.object({
  versionId: z.string(),
  since: z.iso.datetime(),
  until: z.iso.datetime(),
  /** Browser runs by result: "ok", an account-level failure class, or "paced". */
  runs: z.object({ total: count, byResult: z.record(z.string(), count) }),
  dispatch: z.object({
    delivered: count,
    failed: count,
    retries: count,
    blocked: count,
    duplicatesSuppressed: count,
  }),
  /** Send failures (dead-lettered) and retries by stage and failure class. */
  failures: z.array(
    z.object({ outcome: z.enum(["fail", "retry"]), stage: z.string(), class: z.string(), count }),
  ),
  /** Account-level failures (captcha, block, lost login, drift, transient) by stage and class. */
  accountErrors: z.array(z.object({ stage: z.string(), class: z.string(), count })),
  deadLetters: z.object({ total: count, byClass: z.record(z.string(), count) }),
  decisions: z.object({
    total: count,
    send: count,
    draft: count,
    review: count,
    blocked: count,
    suppressed: count,
    /** Decisions the account's mode alone kept from sending (draft_only) or that were sent. */
    wouldSend: count,
  }),
  /** Enqueue (the reply enters the account's outbox) → delivered (confirmed on the site). */
  delivery: z.object({ count, p50Ms: count.nullable(), p95Ms: count.nullable() }),
  byPlatform: z.record(z.string(), platformFiguresSchema),
});
export type VersionFigures = z.infer<typeof versionFiguresSchema>;
export type PlatformFigures = z.infer<typeof platformFiguresSchema>;

export const versionRatesSchema = z.object({
  /** Dead-lettered sends per send that ended (delivered + dead-lettered). */
  failure: rate,
  /** Retries per send that ended. */
  retry: rate,
  /** Duplicate enqueues the outbox suppressed, per send that ended. */
  duplicate: rate,
  /** Share of decisions that wait for a person (review). */
  review: rate,
  /** Share of decisions that would send (sent, or drafted only because of draft_only). */
  wouldSend: rate,
  /** Dead letters the read-back could not settle, per send that ended. */
  unconfirmed: rate,
  /** Runs that ended in each account-level failure class, per browser run. */
  accountErrors: z.record(z.string(), z.number().nonnegative()),
  byPlatform: z.record(z.string(), z.object({ failure: rate, accountError: rate })),
});
export type VersionRates = z.infer<typeof versionRatesSchema>;

export const versionReportSchema = versionFiguresSchema.extend({ rates: versionRatesSchema });
export type VersionReport = z.infer<typeof versionReportSchema>;

export const versionComparisonSchema = z.object({
  version: versionReportSchema,
  baseline: versionReportSchema,
});
export type VersionComparison = z.infer<typeof versionComparisonSchema>;

/** Account-level failure classes a run can end in ("ok" and "paced" are not failures). */
export const NOT_RUN_FAILURES = new Set(["ok", "paced"]);

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export function ratesOf(f: VersionFigures): VersionRates {
  const ended = f.dispatch.delivered + f.dispatch.failed;
  const accountErrors: Record<string, number> = {};
  for (const [result, n] of Object.entries(f.runs.byResult)) {
    if (!NOT_RUN_FAILURES.has(result) && f.runs.total > 0) accountErrors[result] = n / f.runs.total;
  }
  const byPlatform: VersionRates["byPlatform"] = {};
  for (const [p, x] of Object.entries(f.byPlatform)) {
    byPlatform[p] = {
      failure: ratio(x.failed, x.delivered + x.failed),
      accountError: ratio(x.accountErrors, x.runs),
    };
  }
  return {
    failure: ratio(f.dispatch.failed, ended),
    retry: ratio(f.dispatch.retries, ended),
    duplicate: ratio(f.dispatch.duplicatesSuppressed, ended),
    review: ratio(f.decisions.review, f.decisions.total),
    wouldSend: ratio(f.decisions.wouldSend, f.decisions.total),
    unconfirmed: ratio(f.deadLetters.byClass.unconfirmed ?? 0, ended),
    accountErrors,
    byPlatform,
  };
}

/** Nearest-rank percentile position (1-based) among n sorted values; null when there are none. */
export function percentileRank(n: number, p: number): number | null {
  if (n <= 0) return null;
  return Math.min(n, Math.max(1, Math.ceil(p * n)));
}
