import { describe, expect, it } from "vitest";
import {
  type DraftHistory,
  type DraftVersion,
  daysBetween,
  draftOutcome,
  GO_LIVE_THRESHOLDS,
  sameText,
  shadowReadiness,
} from "./shadow-readiness.ts";

const v = (
  version: number,
  body: string,
  status: string,
  updatedBy = "a@x.test",
  reason: string | null = null,
) => ({ version, body, status, updatedBy, reason }) satisfies DraftVersion;

const history = (over: Partial<DraftHistory>): DraftHistory => ({
  draftsMade: 0,
  sentUnchanged: 0,
  sentEdited: 0,
  discarded: 0,
  withdrawn: 0,
  pending: 0,
  heldForReview: 0,
  days: 0,
  ...over,
});
const byId = (r: ReturnType<typeof shadowReadiness>, id: string) => r.criteria.find((c) => c.id === id)!;

describe("draftOutcome", () => {
  it("an approved first version is sent unchanged; an approved later version with other words is edited", () => {
    expect(draftOutcome([v(1, "Hi Ann", "delivered")])).toBe("sent_unchanged");
    expect(draftOutcome([v(1, "Hi Ann", "queued")])).toBe("sent_unchanged");
    expect(draftOutcome([v(2, "Hi Ann, yes.", "delivered"), v(1, "Hi Ann", "superseded")])).toBe(
      "sent_edited",
    );
    expect(
      draftOutcome([v(1, "Hi Ann", "superseded"), v(2, "Hi Ann", "superseded"), v(3, "Hi  Ann\n", "dead")]),
    ).toBe("sent_unchanged");
  });

  it("rejected or cancelled by a person is discarded; withdrawn by the system is not; a draft waits", () => {
    expect(draftOutcome([v(1, "x", "rejected")])).toBe("discarded");
    expect(draftOutcome([v(1, "x", "cancelled", "a@x.test", "cancelled_by_person")])).toBe("discarded");
    expect(draftOutcome([v(1, "x", "cancelled", "system:pipeline", "opt_out")])).toBe("withdrawn");
    expect(draftOutcome([v(1, "x", "superseded"), v(2, "y", "draft")])).toBe("pending");
    expect(draftOutcome([])).toBe("pending");
  });

  it("sameText ignores spacing only", () => {
    expect(sameText(" a  b\n", "a b")).toBe(true);
    expect(sameText("a b", "a b.")).toBe(false);
  });
});

describe("shadowReadiness", () => {
  it("is ready at the thresholds exactly: 27 of 30 unchanged, 1 discarded, 7 days", () => {
    const r = shadowReadiness(
      history({ draftsMade: 31, sentUnchanged: 27, sentEdited: 2, discarded: 1, days: 7 }),
    );
    expect(r.verdict).toBe("ready");
    expect(byId(r, "unchanged_share")).toMatchObject({ value: 0.9, pass: true, bound: "min" });
    expect(byId(r, "discarded_share")).toMatchObject({ value: 0.0333, pass: true, bound: "max" });
    expect(byId(r, "decided_drafts")).toMatchObject({ value: 30, threshold: GO_LIVE_THRESHOLDS.minDecided });
    expect(r.thresholds).toBe(GO_LIVE_THRESHOLDS);
  });

  it("one edit too many is not ready; a second discard fails its share", () => {
    const edited = shadowReadiness(history({ sentUnchanged: 26, sentEdited: 4, days: 10 }));
    expect(edited.verdict).toBe("not_ready");
    expect(byId(edited, "unchanged_share")).toMatchObject({ value: 0.8667, pass: false });
    const discarded = shadowReadiness(history({ sentUnchanged: 36, discarded: 2, days: 10 }));
    expect(byId(discarded, "unchanged_share").pass).toBe(true);
    expect(byId(discarded, "discarded_share")).toMatchObject({ value: 0.0526, pass: false });
    expect(discarded.verdict).toBe("not_ready");
  });

  it("too few days or drafts with good shares is collecting; no decided draft leaves the shares unmeasured", () => {
    expect(shadowReadiness(history({ sentUnchanged: 40, days: 6.9 })).verdict).toBe("collecting");
    expect(shadowReadiness(history({ sentUnchanged: 29, days: 30 })).verdict).toBe("collecting");
    const none = shadowReadiness(history({ draftsMade: 3, pending: 3, heldForReview: 5, days: 2 }));
    expect(none.verdict).toBe("collecting");
    expect(byId(none, "unchanged_share")).toMatchObject({ value: null, pass: false });
    // Withdrawn and pending drafts are nobody's verdict: they do not count in the shares.
    const w = shadowReadiness(history({ sentUnchanged: 30, withdrawn: 10, pending: 10, days: 8 }));
    expect(w.verdict).toBe("ready");
  });

  it("takes other thresholds when given (they are a choice)", () => {
    const strict = { ...GO_LIVE_THRESHOLDS, minUnchangedShare: 0.95 };
    expect(shadowReadiness(history({ sentUnchanged: 28, sentEdited: 2, days: 9 }), strict).verdict).toBe(
      "not_ready",
    );
  });
});

describe("daysBetween", () => {
  it("measures to a tenth of a day, 0 without a start", () => {
    expect(daysBetween("2026-12-01T00:00:00Z", new Date("2026-12-08T02:24:00Z"))).toBe(7.1);
    expect(daysBetween(null, new Date())).toBe(0);
    expect(daysBetween("2026-12-09T00:00:00Z", new Date("2026-12-08T00:00:00Z"))).toBe(0);
  });
});
