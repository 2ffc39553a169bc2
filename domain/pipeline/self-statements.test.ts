import { describe, expect, it } from "vitest";
import { checkInbound } from "./guardrails.ts";
import { fairHousingText } from "./self-statements.ts";

const fairHousing = (text: string) => checkInbound(text).filter((h) => h.code === "fair_housing");

describe("what a lead says about themselves is not a fair-housing risk", () => {
  it.each([
    "Hi, I'm Callum, 27, work as a nurse. Is the room still available?",
    "I'm a single mom with a 6 year old, can we view it Saturday?",
    "We're a married couple expecting a baby. Is it available from October?",
    "I'm 61 and semi-retired, looking for a quiet room. Is it free?",
    "im a 24 y/o gay guy, is the room still up?",
    "I'm Polish, working in construction. Room still available?",
    "I'm a practising Muslim, I don't drink. When can I view?",
    "my mum is 80 and will live with me, is there a lift?",
    "I'm deaf, so messaging here is best. Can I view Friday?",
    "I'm trans (she/her), 30. Is it still free?",
  ])("%s", (text) => {
    expect(fairHousing(text)).toEqual([]);
  });

  it.each([
    "Do you allow dogs? My lab is 6 years old.",
    "is a 10 year old cat ok?",
    "My two greyhounds are 8 and 9 years old, ok?",
    "How old is the building? And the boiler?",
    "How old are the appliances?",
  ])("ages of pets, buildings and appliances are not people's: %s", (text) => {
    expect(fairHousing(text)).toEqual([]);
  });
});

describe("questions about other people, preferences and exclusions still go to a person", () => {
  it.each([
    // Other tenants' characteristics.
    "I'm 27, what are the other flatmates like? Are they my age?",
    "are the other roommates white?",
    "I'm Muslim, are the housemates Muslim too?",
    "How old are the other tenants?",
    // Preferences for or against a group.
    "I'm a woman, female only flatmates please",
    "I'm looking for female flatmates only",
    "We'd like a Christian household",
    "I'm 24, no kids in the house please",
    "Prefer no students or older people",
    // The lead's own characteristic as a question of acceptance or fit.
    "I'm 55, would the others mind an older flatmate?",
    "I'm gay, is the neighbourhood friendly?",
    "We're a family of four, would the 2 bed work for us?",
    "I'm 70, is that a problem?",
    "We're Indian, would we fit in?",
    "I'm a guy, is the room available for guys?",
    // Accommodations and source of income are requests, not descriptions.
    "I have a disability and need the unit on a low floor",
    "I have a guide dog, can I view Monday?",
    "I have a section 8 voucher, is the room still available?",
    "my rent is paid by HRA, is that accepted?",
  ])("%s", (text) => {
    expect(fairHousing(text).length).toBeGreaterThan(0);
  });

  it("blanks only the fair-housing reading: other families still read the whole text", () => {
    expect(fairHousingText("I'm 27. Is it free?")).not.toContain("27");
    const codes = checkInbound("I'm 27 and my lawyer says the deposit is too high").map((h) => h.code);
    expect(codes).toContain("legal_threat");
  });
});
