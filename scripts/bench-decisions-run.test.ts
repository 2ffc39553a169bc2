// The decisions gate: each check computed from the rows, and failing when it should.
import { describe, expect, it } from "vitest";
import type { CorpusEntry } from "../test/corpus/corpus.ts";
import {
  decideEntry,
  figuresOf,
  HELD_OUT_AUTOMATION_TARGET,
  type Row,
  verdictsOf,
} from "./bench-decisions-run.ts";

let n = 0;
function entry(
  over: Partial<CorpusEntry> & Pick<CorpusEntry, "category" | "expect" | "intent" | "text">,
): CorpusEntry {
  n++;
  return {
    id: `${over.category}-${String(n).padStart(3, "0")}`,
    site: "spareroom",
    why: "a test message for the gate",
    lead: "Jane Doe",
    ...over,
  };
}

const ordinary = (text: string) =>
  decideEntry(entry({ category: "tour", expect: "answer", intent: "tour_request", text }));
const optOut = (text: string) =>
  decideEntry(entry({ category: "opt_out", expect: "no_reply", intent: "opt_out", text }));
// A risky message mislabelled "answer" stands for a rule that lets one through: relabelled, it is sent.
const sentButMustNot = (): Row => ({
  ...ordinary("Can I view it Saturday?"),
  entry: entry({
    category: "fair_housing",
    topic: "age",
    expect: "person",
    intent: "unknown",
    text: "Can I view it Saturday?",
  }),
});

describe("the decisions gate", () => {
  const good = [
    ordinary("Can I view it Saturday?"),
    ordinary("Could I come and see the room tomorrow?"),
    optOut("STOP"),
  ];

  it("passes when nothing risky is sent, automation meets the target and every opt-out is suppressed", () => {
    const v = verdictsOf(figuresOf(good), figuresOf(good));
    expect(v.checks.every((c) => c.pass)).toBe(true);
    expect(v.pass).toBe(true);
  });

  it("fails on a risky message sent on either set", () => {
    expect(verdictsOf(figuresOf([...good, sentButMustNot()]), figuresOf(good)).pass).toBe(false);
    expect(verdictsOf(figuresOf(good), figuresOf([...good, sentButMustNot()])).pass).toBe(false);
  });

  it("fails when held-out automation is below the target, not on training", () => {
    const held = [ordinary("Can I view it Saturday?"), ordinary("Hello there")];
    expect(figuresOf(held).ordinarySent.length / figuresOf(held).ordinary.length).toBeLessThan(
      HELD_OUT_AUTOMATION_TARGET,
    );
    expect(verdictsOf(figuresOf(good), figuresOf(held)).pass).toBe(false);
    expect(verdictsOf(figuresOf(held), figuresOf(good)).pass).toBe(true);
  });

  it("fails when an opt-out is not suppressed on either set", () => {
    const missed = optOut("Can I view it Saturday?");
    expect(missed.action).not.toBe("suppressed");
    expect(verdictsOf(figuresOf([...good, missed]), figuresOf(good)).pass).toBe(false);
    expect(verdictsOf(figuresOf(good), figuresOf([...good, missed])).pass).toBe(false);
  });
});
