import { describe, expect, it } from "vitest";
import {
  LEARN_AFTER,
  LEARN_WINDOW_MS,
  NO_EVIDENCE,
  onRelayEvent,
  type RefusalEvidence,
  summarizeEvidence,
} from "./send-path-learning.ts";

const onRelay: Parameters<typeof onRelayEvent>[2] = { path: "relay", source: "default" };
const H = 3_600_000;
const refused = (at: number, browserDelivered = true) =>
  ({ kind: "refused", at, by: "datadome: x-datadome", browserDelivered }) as const;

function run(events: Parameters<typeof onRelayEvent>[1][], account = onRelay) {
  let e: RefusalEvidence = NO_EVIDENCE;
  const learnt: boolean[] = [];
  for (const ev of events) {
    const d = onRelayEvent(e, ev, account);
    e = d.evidence;
    learnt.push(d.learn);
  }
  return { evidence: e, learnt };
}

describe("onRelayEvent (send-path learning)", () => {
  it("needs three refusals: one or two send that message in-browser and keep the path", () => {
    expect(LEARN_AFTER).toBe(3);
    const { learnt, evidence } = run([refused(0), refused(H), refused(2 * H)]);
    expect(learnt).toEqual([false, false, true]);
    expect(evidence).toEqual({ times: [0, H, 2 * H], by: "datadome: x-datadome" });
  });

  it("a relay success between refusals wipes the evidence", () => {
    const { learnt, evidence } = run([
      refused(0),
      refused(H),
      { kind: "delivered", at: 2 * H },
      refused(3 * H),
      refused(4 * H),
    ]);
    expect(learnt).toEqual([false, false, false, false, false]);
    expect(evidence.times).toEqual([3 * H, 4 * H]);
  });

  it("only refusals within the window count", () => {
    const late = LEARN_WINDOW_MS + 1;
    expect(run([refused(0), refused(H), refused(H + late)]).learnt).toEqual([false, false, false]);
    // Sliding: the two within a day of the third count with it.
    expect(run([refused(0), refused(20 * H), refused(30 * H), refused(40 * H)]).learnt).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it("is not learnt when the in-browser try of the deciding refusal did not get through", () => {
    const { learnt } = run([refused(0), refused(H), refused(2 * H, false)]);
    expect(learnt[2]).toBe(false);
    // The evidence still counts: the next refusal whose in-browser try is delivered decides.
    expect(run([refused(0), refused(H), refused(2 * H, false), refused(3 * H)]).learnt[3]).toBe(true);
  });

  it("never overrides a path an admin set, and never moves an account already in-browser", () => {
    const events = [refused(0), refused(H), refused(2 * H), refused(3 * H)];
    expect(run(events, { path: "relay", source: "admin" }).learnt).toEqual([false, false, false, false]);
    expect(run(events, { path: "browser", source: "default" }).learnt.some(Boolean)).toBe(false);
  });

  it("a success with no evidence stores nothing", () => {
    expect(onRelayEvent(NO_EVIDENCE, { kind: "delivered", at: 1 }, onRelay)).toMatchObject({
      changed: false,
      learn: false,
    });
  });
});

describe("summarizeEvidence (the Platforms screen)", () => {
  it("counts what learning would count now, and says why the path is what it is", () => {
    const e = { times: [0, 20 * H, 30 * H], by: "akamai: access denied + reference #" };
    expect(summarizeEvidence(e, onRelay, 31 * H)).toEqual({
      recent: 2,
      kept: 3,
      lastAt: 30 * H,
      by: "akamai: access denied + reference #",
      verdict: "counting",
    });
    expect(summarizeEvidence(e, { path: "relay", source: "admin" }, 31 * H)?.verdict).toBe("admin_relay");
    expect(summarizeEvidence(e, { path: "browser", source: "learnt" }, 31 * H)?.verdict).toBe("in_browser");
    expect(summarizeEvidence(NO_EVIDENCE, onRelay, 0)).toBeNull();
  });
});
