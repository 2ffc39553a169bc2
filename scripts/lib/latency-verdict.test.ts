import { describe, expect, it } from "vitest";
import { type ArmFigures, latencyVerdict, renderVerdict, servedSentence } from "./latency-verdict.ts";

const arm = (name: string, p95Ms: number | null, o: Partial<ArmFigures> = {}): ArmFigures => ({
  name,
  title: name,
  leads: 90,
  p95Ms,
  unanswered: 0,
  idlePageLoadsPerHour: 4,
  browserSecondsPerAccountHour: 50,
  ...o,
});
const today = arm("today", 74_000, { idlePageLoadsPerHour: 60, browserSecondsPerAccountHour: 3590 });

describe("the latency report's verdict", () => {
  it("says every target met only when each one is", () => {
    const out = renderVerdict(latencyVerdict(today, arm("push", 16_400), arm("poll", 36_300)));
    expect(out.split("\n")[0]).toBe("**Verdict: every target met.**");
    expect(out).toContain("- met: with push, lead → reply p95 16.4 s over 90 leads, 0 unanswered");
  });

  it("fails push on one unanswered lead even with a fast p95, and names what was not met", () => {
    const lines = latencyVerdict(today, arm("push", 9_000, { unanswered: 1 }), arm("poll", 80_000));
    expect(lines.filter((l) => !l.met).map((l) => l.text)).toEqual([
      "with push, lead → reply p95 9.0 s over 90 leads, 1 unanswered (target ≤ 20.0 s, none unanswered)",
      "poll: p95 80.0 s against today's 74.0 s",
    ]);
    expect(renderVerdict(lines).split("\n")[0]).toBe("**Verdict: 2 of 5 targets NOT met.**");
  });

  it("says every lead was answered only when the counts are all zero", () => {
    expect(
      servedSentence([
        { name: "today", unanswered: 0 },
        { name: "push", unanswered: 0 },
      ]),
    ).toMatch(/^Every lead/);
    expect(
      servedSentence([
        { name: "today", unanswered: 2 },
        { name: "push", unanswered: 0 },
      ]),
    ).toBe("Not every lead was answered: today 2 unanswered, push 0 unanswered");
  });
});
