import { describe, expect, it } from "vitest";
import { asksForStated, statedFacts } from "./stated-facts.ts";

describe("statedFacts", () => {
  it.each([
    ["I have a 3-year-old cat, is that ok?", { lead_pet: "cat", lead_pet_age: "3 years" }],
    [
      "Do you accept pets? I have a 2 year old golden retriever",
      { lead_pet: "dog", lead_pet_age: "2 years" },
    ],
    [
      "Would the landlord be ok with a cat? She's 5 and very calm",
      { lead_pet: "cat", lead_pet_age: "5 years" },
    ],
    ["Can I bring my small dog? He's crate trained", { lead_pet: "dog", lead_pet_size: "small" }],
    // The size before an age with digits (seen in the README's first run: the reply asked the size).
    [
      "Hello, is the room still available? I have a small 2-year-old dog.",
      { lead_pet: "dog", lead_pet_age: "2 years", lead_pet_size: "small" },
    ],
    // And an age before a word with digits.
    [
      "We have a 3 year old 20-kg dog, is that ok?",
      { lead_pet: "dog", lead_pet_age: "3 years", lead_pet_size: "20 kg" },
    ],
    ["Are small dogs OK? Mine is a 12 lb chihuahua", { lead_pet: "dog", lead_pet_size: "small" }],
    ["Do you allow dogs over 50 lbs?", { lead_pet: "dog", lead_pet_size: "50 lb" }],
    [
      "Do you allow dogs? My two greyhounds are 8 and 9 years old.",
      { lead_pet: "dogs", lead_pet_age: "8 years" },
    ],
    ["Hiya, are pets allowed? I've got two guinea pigs", { lead_pet: "guinea pigs" }],
    ["I have a dog and a cat", { lead_pet: "dog and cat" }],
    ["a 6 month old kitten, medium sized", { lead_pet: "cat", lead_pet_age: "6 months" }],
  ])("%s", (text, facts) => {
    expect(statedFacts(text)).toEqual(facts);
  });

  it.each([
    "Are pets allowed?",
    "Is it pet friendly?",
    "I don't have any pets, just asking: is the room still free?",
    "No dogs here, I'm allergic to cats",
    "I'm 27 and the room is 20 sq m, is that right?",
  ])("states nothing in %s", (text) => {
    expect(statedFacts(text)).toEqual({});
  });

  it("never echoes the lead's own words: values come from the vocabularies and the digits", () => {
    const facts = statedFacts("My <b>fluffy</b> 4 yo Persian {{cat}} weighs 9 kg");
    expect(facts).toEqual({ lead_pet: "cat", lead_pet_age: "4 years", lead_pet_size: "9 kg" });
  });
});

describe("asksForStated", () => {
  const oldPetsReply =
    "Hi, thanks for asking about pets. Whether a pet can move in depends on the landlord and the building, so could you tell me what kind of pet you have, and its age and size? That will help me give you a clear answer.";

  it("flags a reply asking for each fact the lead gave", () => {
    const hits = asksForStated(oldPetsReply, statedFacts("I have a 3-year-old cat, is that ok?"));
    expect(hits.map((h) => h.code)).toEqual(["outbound_asks_stated", "outbound_asks_stated"]);
    expect(hits.map((h) => h.detail).join(" ")).toMatch(/lead_pet\b.*lead_pet_age/);
  });

  it("lets the same reply through when the lead said none of it", () => {
    expect(asksForStated(oldPetsReply, statedFacts("Are pets allowed?"))).toEqual([]);
  });

  it("asking for what is still missing is fine", () => {
    const reply = "Could you tell me the size of your cat?";
    expect(asksForStated(reply, { lead_pet: "cat", lead_pet_age: "3 years" })).toEqual([]);
    expect(asksForStated(reply, { lead_pet: "cat", lead_pet_size: "small" })).toHaveLength(1);
  });
});
