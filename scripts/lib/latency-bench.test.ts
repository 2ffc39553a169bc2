import { describe, expect, it } from "vitest";
import { aliveSeconds, dollarsPerAccountMonth, firstReplyLatencies, percentile } from "./latency-metrics.ts";
import { factorAt, leadStream, PHASES, type StreamProfile } from "./latency-stream.ts";

const profile: StreamProfile = {
  durationMs: 30 * 60_000,
  sites: ["spareroom", "roomies", "leasebreak", "renthop", "furnishedfinder"],
  activePerSite: 3,
  leadsPerAccountHour: 12,
  phases: PHASES,
  followUpChance: 0.3,
  followUpMeanMs: 3 * 60_000,
};

describe("lead stream", () => {
  it("is the same for the same seed, and another for another seed", () => {
    expect(leadStream(profile, 7)).toEqual(leadStream(profile, 7));
    expect(leadStream(profile, 7)).not.toEqual(leadStream(profile, 8));
  });

  it("has quiet stretches and bursts where the phases put them, and only active slots get leads", () => {
    const ev = leadStream(profile, 7).filter((e) => e.kind === "new");
    const rate = (a: number, b: number) =>
      ev.filter((e) => e.atMs >= a * profile.durationMs && e.atMs < b * profile.durationMs).length / (b - a);
    expect(rate(0.4, 0.5)).toBeGreaterThan(2 * rate(0.13, 0.4)); // burst vs normal
    expect(rate(0.5, 0.7)).toBeLessThan(rate(0.13, 0.4) / 2); // quiet vs normal
    expect(ev.every((e) => e.slot < profile.activePerSite)).toBe(true);
    expect(new Set(ev.map((e) => e.leadName)).size).toBe(ev.length);
    // About the asked-for rate over the run (12/h at factor 1, phases averaging 1.2).
    expect(ev.length).toBeGreaterThan(60);
    expect(ev.length).toBeLessThan(160);
    expect(factorAt(0.45, PHASES)).toBe(4);
  });

  it("a follow-up comes from a lead who already wrote, later", () => {
    const ev = leadStream(profile, 11);
    for (const f of ev.filter((e) => e.kind === "follow_up")) {
      const first = ev.find((e) => e.kind === "new" && e.leadName === f.leadName)!;
      expect(first.atMs).toBeLessThan(f.atMs);
      expect([first.site, first.slot]).toEqual([f.site, f.slot]);
    }
  });
});

describe("latency arithmetic", () => {
  const t = (s: number) => new Date(1_000_000 + s * 1000).toISOString();
  it("times each new thread's first message to the first reply after it; counts the unanswered", () => {
    const threads = [
      {
        threadId: "a",
        messages: [
          { direction: "inbound" as const, at: t(10), visibleFrom: null },
          { direction: "outbound" as const, at: t(25), visibleFrom: null },
        ],
      },
      { threadId: "b", messages: [{ direction: "inbound" as const, at: t(20), visibleFrom: null }] },
      // Opened before the window: not this run's lead.
      {
        threadId: "c",
        messages: [
          { direction: "inbound" as const, at: t(-50), visibleFrom: null },
          { direction: "outbound" as const, at: t(30), visibleFrom: null },
        ],
      },
    ];
    expect(firstReplyLatencies(threads, 1_000_000, 1_000_000 + 100_000)).toEqual({
      latenciesMs: [15_000],
      unanswered: 1,
    });
  });

  it("percentiles by nearest rank", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(xs, 50), percentile(xs, 95), percentile(xs, 100)]).toEqual([50, 95, 100]);
    expect(percentile([], 50)).toBeNull();
  });

  it("browser time and dollars: a browser held all hour costs 730 browser-hours a month", () => {
    expect(aliveSeconds([1, 1, 2, 0], 5000)).toBe(20);
    const prices = {
      asOf: "x",
      source: "x",
      perBrowserHourUsd: 0.09,
      perConcurrentBrowserUsd: 2,
      includedBrowserHoursPerMonth: 10,
      includedConcurrentBrowsers: 10,
    };
    const held = dollarsPerAccountMonth(3600, 1, prices);
    expect(held.hours).toBe(730);
    expect(held.totalUsd).toBeCloseTo(730 * 0.09 + 2, 6);
    expect(dollarsPerAccountMonth(36, 0.1, prices).totalUsd).toBeCloseTo(7.3 * 0.09 + 0.2, 6);
  });
});
