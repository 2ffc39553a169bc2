import { describe, expect, it } from "vitest";
import { CLOSED, gate, onFailure, onProbeStart, onProbeWithoutVerdict, onSuccess } from "./circuit.ts";
import { backoffMs, budgetCheck, nextActionAt } from "./pacing.ts";

const cfg = { circuitCooldownMs: 1000, circuitFailureThreshold: 3 };

describe("circuit breaker", () => {
  it("opens at once on a captcha, then allows exactly one probe after the cooldown", () => {
    const open = onFailure(CLOSED, "captcha", 0, cfg);
    expect(open).toMatchObject({ state: "open", reason: "captcha", until: 1000 });
    expect(gate(open, 999)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    expect(gate(open, 1000)).toEqual({ allowed: true, probe: true });
    const probing = onProbeStart(open, 1000, 60_000);
    expect(gate(probing, 1001).allowed).toBe(false);
    expect(onSuccess(probing)).toEqual(CLOSED);
    expect(onFailure(probing, "bot_challenge", 1500, cfg)).toMatchObject({ state: "open", until: 2500 });
  });

  it("opens after the threshold of transient failures, and a failed probe reopens it", () => {
    let s = onFailure(CLOSED, "transient", 0, cfg);
    s = onFailure(s, "transient", 0, cfg);
    expect(s.state).toBe("closed");
    s = onFailure(s, "transient", 10, cfg);
    expect(s).toMatchObject({ state: "open", until: 1010 });
    expect(onFailure(onProbeStart(s, 1010, 60_000), "transient", 2000, cfg)).toMatchObject({
      state: "open",
      until: 3000,
    });
  });

  it("a probe whose run died without a verdict is retried after the probe's deadline", () => {
    const probing = onProbeStart(onFailure(CLOSED, "captcha", 0, cfg), 1000, 60_000);
    expect(gate(probing, 30_000)).toMatchObject({ allowed: false, retryAfterMs: 31_000 });
    expect(gate(probing, 61_000)).toEqual({ allowed: true, probe: true });
  });

  it("a probe that ends without a verdict (lost login, own budget) lets the next run probe at once", () => {
    const probing = onProbeStart(onFailure(CLOSED, "bot_challenge", 0, cfg), 1000, 60_000);
    const after = onProbeWithoutVerdict(probing, 5000);
    expect(after).toMatchObject({ state: "open", reason: "bot_challenge", until: 5000 });
    expect(gate(after, 5000)).toEqual({ allowed: true, probe: true });
    // Outside a probe it changes nothing: a lost login does not say the site refuses us.
    expect(onProbeWithoutVerdict(CLOSED, 5000)).toBe(CLOSED);
  });

  it("stops the account on an access block until a person resets it", () => {
    const s = onFailure(CLOSED, "access_blocked", 0, cfg);
    expect(s.state).toBe("stopped");
    expect(gate(s, 10 ** 12)).toMatchObject({ allowed: false, retryAfterMs: null });
  });

  it("success closes and resets the count", () => {
    const s = onFailure(onFailure(CLOSED, "transient", 0, cfg), "transient", 0, cfg);
    expect(onSuccess(s)).toEqual(CLOSED);
  });
});

describe("pacing", () => {
  it("waits the minimum interval plus jitter between actions", () => {
    expect(nextActionAt(null, { minIntervalMs: 1100, jitterMs: 250 }, 0.5)).toBe(0);
    expect(nextActionAt(10_000, { minIntervalMs: 1100, jitterMs: 250 }, 0)).toBe(11_100);
    expect(nextActionAt(10_000, { minIntervalMs: 1100, jitterMs: 250 }, 0.999)).toBe(11_350);
  });

  it("enforces the hourly page-load budget on a rolling window", () => {
    const now = 10_000_000;
    const loads = [now - 3_700_000, now - 3_000_000, now - 1000];
    expect(budgetCheck(loads, { pageLoadsPerHour: 3 }, now)).toEqual({ allowed: true });
    expect(budgetCheck(loads, { pageLoadsPerHour: 2 }, now)).toEqual({
      allowed: false,
      retryAtMs: now - 3_000_000 + 3_600_000,
    });
  });

  it("backs off exponentially with full jitter under a cap", () => {
    expect(backoffMs(1, 1000, 60_000, 1)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, 1)).toBe(8000);
    expect(backoffMs(10, 1000, 60_000, 1)).toBe(60_000);
    expect(backoffMs(4, 1000, 60_000, 0.25)).toBe(2000);
  });
});
