import { describe, expect, it } from "vitest";
import {
  WAKE_DEFAULTS as cfg,
  isNight,
  keepBrowser,
  nextPollAt,
  pollPlan,
  pushTrusted,
  type WakeFacts,
} from "./wake-schedule.ts";

// 2026-11-27 15:00 UTC: 10:00 in New York, 23:00 in Singapore, 02:00 in Auckland (summer time).
const NOON_NY = Date.parse("2026-11-27T15:00:00Z");

const facts = (over: Partial<WakeFacts> = {}): WakeFacts => ({
  now: NOON_NY,
  pushEnabled: true,
  pushMisses: 0,
  lastActivityAt: null,
  timeZone: "America/New_York",
  pageLoadsLastHour: 0,
  pageLoadsPerHour: 240,
  ...over,
});

describe("poll plan", () => {
  it("with push trusted, an idle account polls a handful of times an hour (≤ 6 page loads)", () => {
    const p = pollPlan(facts(), cfg);
    expect(p).toMatchObject({ mode: "push", live: false, night: false });
    // Even the shortest jittered interval keeps an idle hour at or under six polls.
    expect(p.intervalMs * (1 - cfg.jitter)).toBeGreaterThanOrEqual(3_600_000 / 6);
  });

  it("without push, an idle account polls at the one-minute cadence the cron gave it", () => {
    const p = pollPlan(facts({ pushEnabled: false }), cfg);
    expect(p).toMatchObject({ mode: "poll", intervalMs: 60_000 });
  });

  it("a live conversation (message in or reply out lately) polls sooner, with or without push", () => {
    const live = { lastActivityAt: NOON_NY - 5 * 60_000 };
    expect(pollPlan(facts(live), cfg).intervalMs).toBeLessThan(pollPlan(facts(), cfg).intervalMs);
    expect(pollPlan(facts({ ...live, pushEnabled: false }), cfg).intervalMs).toBeLessThan(60_000);
    // ...until the live window has passed.
    const stale = { lastActivityAt: NOON_NY - cfg.liveWindowMs - 1 };
    expect(pollPlan(facts(stale), cfg).live).toBe(false);
  });

  it("push that keeps missing messages counts as quiet: the account falls back to polling", () => {
    expect(pushTrusted({ pushEnabled: true, pushMisses: cfg.quietAfterMisses - 1 }, cfg)).toBe(true);
    const p = pollPlan(facts({ pushMisses: cfg.quietAfterMisses }), cfg);
    expect(p).toMatchObject({ mode: "poll", intervalMs: cfg.pollIdleMs });
  });

  it("idle at night in the account's own time zone is slower; a live conversation is not", () => {
    const day = pollPlan(facts({ pushEnabled: false }), cfg);
    const night = pollPlan(facts({ pushEnabled: false, timeZone: "Asia/Singapore" }), cfg);
    expect(night.night).toBe(true);
    expect(night.intervalMs).toBe(day.intervalMs * cfg.nightFactor);
    const liveAtNight = pollPlan(
      facts({ pushEnabled: false, timeZone: "Asia/Singapore", lastActivityAt: NOON_NY - 60_000 }),
      cfg,
    );
    expect(liveAtNight).toMatchObject({ night: false, intervalMs: cfg.pollLiveMs });
  });

  it("night is read in the account's zone, across midnight; no zone or an unknown one means day", () => {
    expect(isNight(NOON_NY, "Pacific/Auckland", cfg)).toBe(true); // 04:00 there
    expect(isNight(NOON_NY, "America/New_York", cfg)).toBe(false);
    expect(isNight(Date.parse("2026-11-28T04:30:00Z"), "America/New_York", cfg)).toBe(true); // 23:30
    expect(isNight(NOON_NY, null, cfg)).toBe(false);
    expect(isNight(NOON_NY, "Not/AZone", cfg)).toBe(false);
  });

  it("polls stay within their share of the page budget, and back off once the hour used it", () => {
    // A tight budget (20 loads an hour): polls may use 10, so no closer than 6 minutes.
    const tight = pollPlan(facts({ pushEnabled: false, pageLoadsPerHour: 20 }), cfg);
    expect(tight).toMatchObject({ intervalMs: 360_000, budgetBound: true });
    const spent = pollPlan(facts({ pushEnabled: false, pageLoadsLastHour: 120 }), cfg);
    expect(spent.intervalMs).toBeGreaterThanOrEqual(4 * (3_600_000 / 120));
    expect(spent.budgetBound).toBe(true);
  });
});

describe("next poll time", () => {
  it("is jittered below the plan's interval, never later than it, never in step", () => {
    const f = facts({ pushEnabled: false });
    const hi = nextPollAt(f, cfg, 0) - f.now;
    const lo = nextPollAt(f, cfg, 0.999999) - f.now;
    // Without push a lead never waits longer for a poll than for the one-minute cron.
    expect(hi).toBe(60_000);
    expect(lo).toBeCloseTo(60_000 * (1 - cfg.jitter), -1);
    expect(nextPollAt(f, cfg, 0.3)).not.toBe(nextPollAt(f, cfg, 0.7));
  });
});

describe("keeping the browser", () => {
  it("only while work is imminent", () => {
    expect(keepBrowser(NOON_NY + 10_000, NOON_NY, cfg)).toBe(true);
    expect(keepBrowser(NOON_NY + cfg.keepBrowserWithinMs, NOON_NY, cfg)).toBe(true);
    expect(keepBrowser(NOON_NY + cfg.keepBrowserWithinMs + 1, NOON_NY, cfg)).toBe(false);
    expect(keepBrowser(null, NOON_NY, cfg)).toBe(false);
    // The idle safety-net polls are never close enough to hold a browser in between.
    expect(keepBrowser(nextPollAt(facts(), cfg, 0), NOON_NY, cfg)).toBe(false);
    expect(keepBrowser(nextPollAt(facts({ pushEnabled: false }), cfg, 0), NOON_NY, cfg)).toBe(false);
  });
});
