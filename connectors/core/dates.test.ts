import { describe, expect, it } from "vitest";
import { parseSiteDate, zonedTimeToUtc } from "./dates.ts";

// 2026-11-27 15:00 UTC = 10:00 in New York (EST, UTC-5).
const now = new Date("2026-11-27T15:00:00Z");
const ny = { timeZone: "America/New_York", now };

describe("parseSiteDate", () => {
  it.each([
    ["Today 3:30 PM", "2026-11-27T20:30:00.000Z", true],
    ["Yesterday 11:21 PM EST", "2026-11-27T04:21:00.000Z", true],
    ["11/20/2026 9:05 AM", "2026-11-20T14:05:00.000Z", true],
    ["11/20/2026, 9:05 AM", "2026-11-20T14:05:00.000Z", true],
    ["07/04/2026 9:05 AM", "2026-07-04T13:05:00.000Z", true], // EDT, UTC-4
    ["Jan 20 2026", "2026-01-20T17:00:00.000Z", false],
    ["January 20th, 2026 8:00 am", "2026-01-20T13:00:00.000Z", true],
    ["2026-11-26T08:15:00.000Z", "2026-11-26T08:15:00.000Z", true],
    ["8h ago", "2026-11-27T07:00:00.000Z", true],
    ["15m ago", "2026-11-27T14:45:00.000Z", true],
    ["2d ago", "2026-11-25T15:00:00.000Z", false],
    ["1w ago", "2026-11-20T15:00:00.000Z", false],
    ["9:45 AM", "2026-11-27T14:45:00.000Z", true],
    ["11:45 PM", "2026-11-27T04:45:00.000Z", true], // later than now today → yesterday
    ["Today 1:00 PM PST", "2026-11-27T21:00:00.000Z", true],
  ])("%s → %s", (text, iso, hasTime) => {
    expect(parseSiteDate(text, ny)).toEqual({ iso, hasTime });
  });

  it("keeps the current time of day for a bare Today", () => {
    expect(parseSiteDate("Today", ny)).toEqual({ iso: "2026-11-27T15:00:00.000Z", hasTime: false });
  });

  it.each(["", "sometime", "13/45/2026 9:00", "Foo 3 2026"])("returns null for %j", (text) => {
    expect(parseSiteDate(text, ny)).toBeNull();
  });
});

describe("zonedTimeToUtc", () => {
  it("picks the earlier instant in the autumn overlap", () => {
    // 2026-11-01 01:30 happens twice in New York; the first is EDT (UTC-4).
    expect(new Date(zonedTimeToUtc(2026, 11, 1, 1, 30, "America/New_York")).toISOString()).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });
});
