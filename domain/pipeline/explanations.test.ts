// Every reason code and guardrail code explains itself in the inbox (the API sends these texts).
import { describe, expect, it } from "vitest";
import { GUARDRAIL_CODES, GUARDRAIL_LABEL } from "./rules/guardrail-codes.ts";
import { REASON_CODES, REASON_TEXT } from "./rules/reasons.ts";

describe("reason and guardrail explanations", () => {
  it.each([...REASON_CODES])("reason code %s has a plain-language explanation", (code) => {
    const text = REASON_TEXT[code];
    expect(text.length).toBeGreaterThan(20);
    // Written for a person, not a log: a sentence, not the code restated.
    expect(text).toMatch(/\.$/);
    expect(text).not.toContain(code);
  });

  it.each([...GUARDRAIL_CODES])("guardrail code %s has a label", (code) => {
    expect(GUARDRAIL_LABEL[code].length).toBeGreaterThan(10);
    expect(GUARDRAIL_LABEL[code]).not.toContain(code);
  });

  it("has no explanation for a code that does not exist", () => {
    expect(Object.keys(REASON_TEXT).sort()).toEqual([...REASON_CODES].sort());
    expect(Object.keys(GUARDRAIL_LABEL).sort()).toEqual([...GUARDRAIL_CODES].sort());
  });
});
