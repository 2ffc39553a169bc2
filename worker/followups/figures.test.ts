import { describe, expect, it } from "vitest";
import { figuresOf, median } from "./figures.ts";

const W = { from: "2026-07-01T00:00:00.000Z", to: "2026-08-01T00:00:00.000Z" };
const row = (
  conv: string,
  step: number,
  delivered: string,
  answered: string | null,
  opted: string | null = null,
) => ({
  account_id: "a1",
  conversation_id: conv,
  step,
  delivered_at: delivered,
  answered_at: answered,
  opted_out_at: opted,
});

describe("follow-up figures", () => {
  it("counts each answer and opt-out for the latest follow-up before it, with the median delay", () => {
    const figures = figuresOf(
      [
        // c1: step 1, no answer; step 2, answered 30 minutes later (the answer is after both).
        row("c1", 1, "2026-07-02T10:00:00.000Z", "2026-07-04T10:30:00.000Z"),
        row("c1", 2, "2026-07-04T10:00:00.000Z", "2026-07-04T10:30:00.000Z"),
        // c2: step 1 answered after 90 minutes.
        row("c2", 1, "2026-07-02T10:00:00.000Z", "2026-07-02T11:30:00.000Z"),
        // c3: step 1, then an opt-out.
        row("c3", 1, "2026-07-02T10:00:00.000Z", "2026-07-02T12:00:00.000Z", "2026-07-02T12:00:00.000Z"),
        // Outside the window: not counted.
        row("c4", 1, "2026-06-02T10:00:00.000Z", null),
      ],
      W,
    );
    expect(figures).toEqual([
      { accountId: "a1", step: 1, sent: 3, answered: 2, medianAnswerMinutes: 105, optedOut: 1 },
      { accountId: "a1", step: 2, sent: 1, answered: 1, medianAnswerMinutes: 30, optedOut: 0 },
    ]);
  });
  it("median", () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
