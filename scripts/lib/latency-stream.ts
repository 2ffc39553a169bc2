// The latency benchmark's leads: a random (Poisson) stream whose rate changes over the run —
// quiet stretches, normal traffic and bursts — drawn once from a seed and replayed identically on
// every arm of the benchmark, so the arms answer the same leads at the same moments. Pure.

import { prng } from "../../sandbox/util.ts";
import type { LocalPlatform } from "./local-stack.ts";

export interface Phase {
  /** The phase ends at this fraction of the run (phases in order, the last ends at 1). */
  until: number;
  /** Rate multiplier: 0.1 a quiet stretch, 1 normal, 4 a burst. */
  factor: number;
}

export interface StreamProfile {
  durationMs: number;
  sites: readonly LocalPlatform[];
  /** Accounts per site that receive leads (slots 0..n-1); further slots stay idle. */
  activePerSite: number;
  /** New leads per active account per hour at factor 1. */
  leadsPerAccountHour: number;
  phases: readonly Phase[];
  /** Chance a lead writes again, after an exponential wait with this mean. */
  followUpChance: number;
  followUpMeanMs: number;
}

export interface LeadEvent {
  atMs: number;
  site: LocalPlatform;
  slot: number;
  kind: "new" | "follow_up";
  leadName: string;
  text: string;
}

/** The run's shape: a quiet start, traffic, a burst, a long quiet stretch, traffic, a burst. */
export const PHASES: readonly Phase[] = [
  { until: 0.13, factor: 0.1 },
  { until: 0.4, factor: 1 },
  { until: 0.5, factor: 4 },
  { until: 0.7, factor: 0.1 },
  { until: 0.87, factor: 1 },
  { until: 0.93, factor: 4 },
  { until: 1, factor: 1 },
];

const FIRST = [
  "Maria",
  "Sam",
  "Ana",
  "Kim",
  "Lee",
  "Dana",
  "Rob",
  "Priya",
  "Tom",
  "Aisha",
  "Jon",
  "Mei",
  "Omar",
  "Eva",
];
const LAST = [
  "Lopez",
  "Carter",
  "Ruiz",
  "Young",
  "Park",
  "Fox",
  "Hill",
  "Shah",
  "Berg",
  "Khan",
  "Moss",
  "Chen",
  "Diaz",
  "Novak",
];
const ASKS = [
  "Hi! Could I come and see the room this Saturday?",
  "Hello, is a viewing possible this week? I could come any evening.",
  "Hi, I'd love to view the place. When are you showing it?",
  "Can I book a viewing for the weekend, please?",
];
const FOLLOW_UPS = [
  "Also, is the deposit refundable?",
  "Thanks! And are bills included in the rent?",
  "One more thing: is there a washing machine?",
];

export function factorAt(fraction: number, phases: readonly Phase[]): number {
  return (phases.find((p) => fraction < p.until) ?? phases[phases.length - 1]!).factor;
}

/** A non-homogeneous Poisson stream by thinning, plus follow-ups; sorted by time. */
export function leadStream(p: StreamProfile, seed: number): LeadEvent[] {
  const rand = prng(seed);
  const exp = (mean: number) => -Math.log(1 - rand()) * mean;
  const maxFactor = Math.max(...p.phases.map((x) => x.factor));
  const accounts = p.sites.length * p.activePerSite;
  const maxRatePerMs = (p.leadsPerAccountHour * accounts * maxFactor) / 3_600_000;
  const events: LeadEvent[] = [];
  let n = 0;
  for (let t = exp(1 / maxRatePerMs); t < p.durationMs; t += exp(1 / maxRatePerMs)) {
    if (rand() >= factorAt(t / p.durationMs, p.phases) / maxFactor) continue;
    const k = Math.floor(rand() * accounts);
    const site = p.sites[k % p.sites.length]!;
    const slot = Math.floor(k / p.sites.length);
    n++;
    const leadName = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}-${n}`;
    const atMs = Math.round(t);
    events.push({ atMs, site, slot, kind: "new", leadName, text: ASKS[Math.floor(rand() * ASKS.length)]! });
    if (rand() < p.followUpChance) {
      const at = Math.round(t + exp(p.followUpMeanMs));
      if (at < p.durationMs) {
        const text = FOLLOW_UPS[Math.floor(rand() * FOLLOW_UPS.length)]!;
        events.push({ atMs: at, site, slot, kind: "follow_up", leadName, text });
      }
    }
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}
