import { describe, expect, it } from "vitest";
import { REASON_CODES } from "../pipeline/index.ts";
import { INBOX_REASON_CODES } from "./decision-step.ts";
import { guardrailLabel, INBOX_REASON_TEXT, labelledGuardrails, reasonText } from "./reason-text.ts";

describe("reasonText", () => {
  it.each([...REASON_CODES, ...INBOX_REASON_CODES])("explains %s", (code) => {
    const text = reasonText(code);
    expect(text.length).toBeGreaterThan(20);
    expect(text).not.toContain("no explanation");
  });

  it("covers exactly the inbox codes", () => {
    expect(Object.keys(INBOX_REASON_TEXT).sort()).toEqual([...INBOX_REASON_CODES].sort());
  });

  it("says so for a code this version does not know (an old row)", () => {
    expect(reasonText("retired_code")).toBe('Reason "retired_code" (no explanation in this version).');
  });
});

describe("labelledGuardrails", () => {
  it("adds a label next to each stored hit and keeps its detail", () => {
    expect(labelledGuardrails([{ code: "fair_housing", detail: 'familial_status: "kids"' }])).toEqual([
      {
        code: "fair_housing",
        label: "Fair housing: a protected characteristic is involved",
        detail: 'familial_status: "kids"',
      },
    ]);
  });

  it("labels an unknown code with the code itself", () => {
    expect(guardrailLabel("old_code")).toBe("old_code");
  });
});
