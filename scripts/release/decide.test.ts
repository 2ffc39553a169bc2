import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ratesOf,
  type VersionComparison,
  versionComparisonSchema,
} from "../../worker/metrics/version-comparison-shape.ts";
import { loadReleaseConfig, TRIGGER_NAMES, type TriggerName } from "./config.ts";
import { type CheckInput, type CheckOutcome, decideCheck } from "./decide.ts";

const cfg = loadReleaseConfig("release.config.json").rollout;
const snapshot = (name: string): VersionComparison =>
  versionComparisonSchema.parse(
    JSON.parse(readFileSync(`scripts/release/fixtures/triggers/${name}.json`, "utf8")),
  );

/** A canary check after the soak, with the given earlier checks. */
function check(c: VersionComparison, previous: CheckOutcome[] = [], elapsedMinutes = 120): CheckOutcome {
  const input: CheckInput = {
    stage: "canary",
    check: previous.length + 1,
    elapsedMinutes,
    comparison: c,
    previous,
  };
  return decideCheck(cfg, input);
}
const fired = (o: CheckOutcome) => o.fired.map((f) => f.trigger);

describe("the snapshots", () => {
  it("carry the rates the API derives from their counts", () => {
    for (const name of [...TRIGGER_NAMES, "healthy", "insufficient"]) {
      const c = snapshot(name);
      expect(c.version.rates, name).toEqual(ratesOf(c.version));
      expect(c.baseline.rates, name).toEqual(ratesOf(c.baseline));
    }
  });
});

describe("promote", () => {
  it("promotes a healthy canary after the soak with two green checks in a row", () => {
    const first = check(snapshot("healthy"));
    expect(first).toMatchObject({ status: "green", verdict: "hold" });
    expect(first.reason).toContain("1 in a row (promotion needs 2)");
    const second = check(snapshot("healthy"), [first]);
    expect(second).toMatchObject({ status: "green", verdict: "promote", fired: [] });
  });

  it("holds a green canary until the soak time is served", () => {
    const first = check(snapshot("healthy"), [], 15);
    const second = check(snapshot("healthy"), [first], 30);
    expect(second).toMatchObject({ status: "green", verdict: "hold" });
    expect(second.reason).toContain("30/120 min");
  });

  it("does not count a red check towards the green streak", () => {
    const red = check(snapshot("failureRate"));
    const green = check(snapshot("healthy"), [red]);
    expect(green.verdict).toBe("hold");
    expect(check(snapshot("healthy"), [red, green]).verdict).toBe("promote");
  });
});

describe("hold", () => {
  it("holds when there is too little data, and says what is missing", () => {
    const o = check(snapshot("insufficient"));
    expect(o).toMatchObject({ status: "insufficient", verdict: "hold", fired: [] });
    expect(o.reason).toMatch(/new decisions 12 < 20/);
    expect(o.reason).toMatch(/new sends 9 < 20/);
    // ...and more data later does not make the thin check count as green.
    expect(check(snapshot("healthy"), [o]).verdict).toBe("hold");
  });

  it("does not judge a trigger with too little data on either side", () => {
    const o = check(snapshot("healthy"));
    expect(o.notJudged.some((n) => n.startsWith("platformFailureRate[renthop]"))).toBe(true);
  });

  it("in shadow judges decisions and runs, not the sends the new version does not make", () => {
    const c = snapshot("healthy");
    const noSends = {
      ...c,
      version: { ...c.version, dispatch: { ...c.version.dispatch, delivered: 0, failed: 0 } },
    };
    const shadow = decideCheck(cfg, {
      stage: "shadow",
      check: 1,
      elapsedMinutes: 30,
      comparison: noSends,
      previous: [],
    });
    expect(shadow.status).toBe("green");
    expect(check(noSends).status).toBe("insufficient");
  });
});

describe.each(TRIGGER_NAMES.map((t) => [t]))("trigger %s", (trigger: TriggerName) => {
  const t = cfg.triggers[trigger];

  it("fires alone on its snapshot", () => {
    expect(fired(check(snapshot(trigger)))).toEqual([trigger]);
  });

  it(`holds while red in fewer than ${t.consecutiveChecks} checks in a row, then rolls back`, () => {
    let previous: CheckOutcome[] = [];
    for (let n = 1; n < t.consecutiveChecks; n++) {
      const o = check(snapshot(trigger), previous);
      expect(o).toMatchObject({ status: "red", verdict: "hold" });
      expect(o.fired[0]).toMatchObject({ trigger, streak: n, needed: t.consecutiveChecks });
      previous = [...previous, o];
    }
    const last = check(snapshot(trigger), previous);
    expect(last).toMatchObject({ status: "red", verdict: "rollback" });
    expect(last.reason).toContain(trigger);
  });

  it("starts counting again after a green check", () => {
    const red = check(snapshot(trigger));
    const green = check(snapshot("healthy"), [red]);
    const again = check(snapshot(trigger), [red, green]);
    expect(again.fired[0]?.streak).toBe(1);
    expect(again.verdict).toBe(t.consecutiveChecks === 1 ? "rollback" : "hold");
  });

  it("does not fire on the healthy snapshot", () => {
    expect(fired(check(snapshot("healthy")))).not.toContain(trigger);
  });
});

describe("thresholds are both a ratio and a margin", () => {
  it("a rise below the absolute margin does not fire even at many times the baseline", () => {
    const c = snapshot("healthy");
    // 1 failure in 26 against 0 in 220: infinitely many times the baseline, but only +3.8 points.
    const base = { ...c.baseline, dispatch: { ...c.baseline.dispatch, failed: 0 } };
    const version = { ...c.version, dispatch: { ...c.version.dispatch, failed: 1 } };
    const lenient = {
      ...cfg,
      triggers: { ...cfg.triggers, failureRate: { ...cfg.triggers.failureRate, minIncrease: 0.05 } },
    };
    const o = decideCheck(lenient, {
      stage: "canary",
      check: 1,
      elapsedMinutes: 120,
      comparison: { version, baseline: base },
      previous: [],
    });
    expect(fired(o)).not.toContain("failureRate");
    expect(fired(check({ version, baseline: base }))).toContain("failureRate");
  });
});
