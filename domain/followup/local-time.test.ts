import { describe, expect, it } from "vitest";
import { inQuiet, localMinute, nextAllowed } from "./local-time.ts";

const Q = { start: "21:00", end: "08:00" };
const at = (iso: string) => Date.parse(iso);

describe("localMinute", () => {
  it("reads the wall clock of the zone, UTC without one", () => {
    const t = at("2026-07-01T12:30:00Z");
    expect(localMinute(t, null)).toBe(12 * 60 + 30);
    expect(localMinute(t, "America/New_York")).toBe(8 * 60 + 30); // EDT, UTC-4
    expect(localMinute(t, "Europe/London")).toBe(13 * 60 + 30); // BST, UTC+1
    expect(localMinute(t, "Not/AZone")).toBe(12 * 60 + 30);
  });
});

describe("inQuiet", () => {
  it("handles a window across midnight and one within a day", () => {
    expect(inQuiet(22 * 60, Q)).toBe(true);
    expect(inQuiet(3 * 60, Q)).toBe(true);
    expect(inQuiet(8 * 60, Q)).toBe(false);
    expect(inQuiet(20 * 60 + 59, Q)).toBe(false);
    expect(inQuiet(13 * 60, { start: "12:00", end: "14:00" })).toBe(true);
    expect(inQuiet(14 * 60, { start: "12:00", end: "14:00" })).toBe(false);
    expect(inQuiet(0, { start: "09:00", end: "09:00" })).toBe(false);
  });
});

describe("nextAllowed", () => {
  it("leaves a daytime instant alone", () => {
    const t = at("2026-07-01T15:00:00Z"); // 11:00 in New York
    expect(nextAllowed(t, "America/New_York", Q)).toBe(t);
    expect(nextAllowed(t, "America/New_York", null)).toBe(t);
  });
  it("moves a night-time instant to the morning in the account's zone", () => {
    // 23:30 in New York (EDT) → 08:00 next morning = 12:00Z.
    expect(nextAllowed(at("2026-07-02T03:30:00Z"), "America/New_York", Q)).toBe(at("2026-07-02T12:00:00Z"));
    // The same instant is 04:30 in London: its morning is 07:00Z.
    expect(nextAllowed(at("2026-07-02T03:30:00Z"), "Europe/London", Q)).toBe(at("2026-07-02T07:00:00Z"));
  });
  it("lands on 08:00 local across the spring-forward night (New York, 8 March 2026)", () => {
    // 22:00 EST on 7 March = 03:00Z on 8 March; clocks jump 02:00→03:00; 08:00 EDT = 12:00Z.
    expect(nextAllowed(at("2026-03-08T03:00:00Z"), "America/New_York", Q)).toBe(at("2026-03-08T12:00:00Z"));
  });
  it("lands on 08:00 local across the fall-back night (New York, 1 November 2026)", () => {
    // 22:00 EDT on 31 October = 02:00Z on 1 November; clocks go 02:00→01:00; 08:00 EST = 13:00Z.
    expect(nextAllowed(at("2026-11-01T02:00:00Z"), "America/New_York", Q)).toBe(at("2026-11-01T13:00:00Z"));
  });
});
