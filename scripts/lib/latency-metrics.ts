// The latency benchmark's arithmetic: lead → reply times from the sandbox's ground truth,
// percentiles, browser time from sampled live sessions, and dollars at Browser Run's prices. Pure.

export interface TruthMessage {
  direction: "inbound" | "outbound";
  at: string;
  visibleFrom: string | null;
}
export interface TruthThread {
  threadId: string;
  messages: TruthMessage[];
}

/** Nearest-rank percentile; null for no data. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** A lead's first message and our first reply after it (null: none), in epoch ms. */
export interface FirstReply {
  threadId: string;
  visibleAt: number;
  replyAt: number | null;
}

/** For every thread a lead opened inside [from, to): when it became visible and when we replied. */
export function firstReplies(threads: readonly TruthThread[], from: number, to: number): FirstReply[] {
  const out: FirstReply[] = [];
  for (const t of threads) {
    const msgs = [...t.messages].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const first = msgs[0];
    if (first?.direction !== "inbound") continue;
    const visibleAt = Date.parse(first.visibleFrom ?? first.at);
    if (visibleAt < from || visibleAt >= to) continue;
    const reply = msgs.find((m) => m.direction === "outbound" && Date.parse(m.at) >= visibleAt);
    out.push({ threadId: t.threadId, visibleAt, replyAt: reply ? Date.parse(reply.at) : null });
  }
  return out;
}

/**
 * For every thread a lead opened inside [from, to): the time from its first message becoming
 * visible on the site to the first reply stored after it. Threads with no reply are counted.
 */
export function firstReplyLatencies(
  threads: readonly TruthThread[],
  from: number,
  to: number,
): { latenciesMs: number[]; unanswered: number } {
  return latenciesOf(firstReplies(threads, from, to));
}

/** Lead → first reply times of the replied threads; the others are counted as unanswered. */
export function latenciesOf(firsts: readonly FirstReply[]): { latenciesMs: number[]; unanswered: number } {
  const latenciesMs: number[] = [];
  let unanswered = 0;
  for (const r of firsts) {
    if (r.replyAt === null) unanswered++;
    else latenciesMs.push(r.replyAt - r.visibleAt);
  }
  return { latenciesMs, unanswered };
}

/** Session-seconds from samples of how many browsers were alive, taken every `everyMs`. */
export function aliveSeconds(samples: readonly number[], everyMs: number): number {
  return (samples.reduce((a, b) => a + b, 0) * everyMs) / 1000;
}

export interface BrowserRunPrices {
  asOf: string;
  source: string;
  perBrowserHourUsd: number;
  perConcurrentBrowserUsd: number;
  includedBrowserHoursPerMonth: number;
  includedConcurrentBrowsers: number;
}

/** Hours in an average month (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/**
 * Marginal dollars per account per month: its browser hours, and its share of the peak number
 * of browsers alive at once (Browser Run bills the monthly average of the daily peak). The plan's
 * included hours and browsers are per Cloudflare account, not per lease-bot account, so they
 * are left out here and shown beside.
 */
export function dollarsPerAccountMonth(
  browserSecondsPerAccountHour: number,
  peakBrowsersPerAccount: number,
  prices: BrowserRunPrices,
): { hours: number; hoursUsd: number; concurrencyUsd: number; totalUsd: number } {
  const hours = (browserSecondsPerAccountHour * HOURS_PER_MONTH) / 3600;
  const hoursUsd = hours * prices.perBrowserHourUsd;
  const concurrencyUsd = peakBrowsersPerAccount * prices.perConcurrentBrowserUsd;
  return { hours, hoursUsd, concurrencyUsd, totalUsd: hoursUsd + concurrencyUsd };
}
