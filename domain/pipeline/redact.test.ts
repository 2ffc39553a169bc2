import { describe, expect, it } from "vitest";
import { findPersonalData, redactPersonalData } from "./redact.ts";

describe("redactPersonalData", () => {
  it("masks emails, phones, SSN-like numbers and long digit runs", () => {
    const { text, redactions } = redactPersonalData(
      "Mail jo.lee+x@mail.com or call +1 (555) 123-4567, ssn 123-45-6789, card 4111111111111111, local 555-1234",
    );
    expect(text).toBe("Mail [email] or call [phone], ssn [id-number], card [number], local [phone]");
    expect(redactions).toBe(5);
  });

  it("leaves links, dates and prices alone", () => {
    const input = "Viewing: https://site.com/l/98765432101 from 2025-09-01, $1200 - $1500 per month";
    expect(redactPersonalData(input)).toEqual({ text: input, redactions: 0 });
  });

  it("reports kinds", () => {
    expect(findPersonalData("07700 900123").map((m) => m.kind)).toEqual(["phone"]);
    expect(findPersonalData("no data here")).toEqual([]);
  });
});
