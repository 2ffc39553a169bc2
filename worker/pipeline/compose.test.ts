import { describe, expect, it } from "vitest";
import { composeReply, firstNameOf, renderTemplate, requiredVariables, selectTemplate } from "./compose.ts";
import type { Template } from "./types.ts";

const listing = {
  title: "Sunny double room",
  price: "$1,200/month",
  availableFrom: "1 September",
  area: "Astoria",
  viewingLink: "https://example.com/book/1",
};

describe("firstNameOf", () => {
  it.each([
    ["jane doe", "Jane"],
    ["JANE", "Jane"],
    ["Jane D.", "Jane"],
    ["O'Brien", "O'brien"],
    ["  Zoë  ", "Zoë"],
  ] as const)("%s → %s", (name, first) => {
    expect(firstNameOf(name)).toBe(first);
  });

  it.each([null, "", "J.", "jane@x.com", "user12345", "___"])("%s is not a usable name", (name) => {
    expect(firstNameOf(name)).toBeNull();
  });
});

describe("renderTemplate", () => {
  it("fills variables, tolerates spaces in braces, and lists variables used", () => {
    const r = renderTemplate("Hi {{ first_name }}, {{listing_title}} is {{price}}.", {
      first_name: "Jane",
      listing_title: "Room",
      price: "$900",
    });
    expect(r).toEqual({
      ok: true,
      body: "Hi Jane, Room is $900.",
      variablesUsed: ["first_name", "listing_title", "price"],
    });
  });

  it("fails with the list of missing, empty and unknown variables instead of leaving a hole", () => {
    const r = renderTemplate("Hi {{first_name}}, {{price}} from {{available_from}} {{foo}} {{}}", {
      first_name: "Jane",
      price: "  ",
      available_from: null,
    });
    expect(r).toEqual({
      ok: false,
      missing: ["price", "available_from", "foo", "{{}}"],
      variablesUsed: ["first_name", "price", "available_from", "foo", ""],
    });
  });

  it("renders a template with no variables", () => {
    expect(renderTemplate("Thanks!", {})).toEqual({ ok: true, body: "Thanks!", variablesUsed: [] });
  });
});

describe("composeReply / selectTemplate", () => {
  const tour: Template = {
    id: "t-tour",
    intent: "tour_request",
    version: 2,
    body: "Hi {{first_name}}, {{listing_title}} in {{area}} is available from {{available_from}}. Book: {{viewing_link}}",
  };
  const tourOld: Template = { ...tour, version: 1, body: "old" };

  it("composes from listing facts and the lead's first name", () => {
    expect(composeReply(tour, listing, "jane doe")).toMatchObject({
      ok: true,
      body: "Hi Jane, Sunny double room in Astoria is available from 1 September. Book: https://example.com/book/1",
    });
  });

  it("reports missing facts (no listing, no name)", () => {
    expect(composeReply(tour, null, null)).toMatchObject({
      ok: false,
      missing: ["first_name", "listing_title", "area", "available_from", "viewing_link"],
    });
  });

  it("picks the highest version and falls back along TEMPLATE_INTENTS_FOR", () => {
    expect(selectTemplate("tour_request", [tourOld, tour])?.version).toBe(2);
    expect(selectTemplate("availability", [tour])?.id).toBe("t-tour");
    expect(selectTemplate("pets", [tour])).toBeNull();
    expect(selectTemplate("not_interested", [{ ...tour, intent: "not_interested" }])).toBeNull();
  });
});

describe("optional sections", () => {
  const body =
    "Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking about {{listing_title}}." +
    "{{#price}} It is {{price}}{{#area}} in {{area}}{{/area}}.{{/price}}" +
    "{{^viewing_link}} Reply with a time that suits you.{{/viewing_link}}" +
    "{{#viewing_link}} Book here: {{viewing_link}}{{/viewing_link}}";

  it("keeps a section when its fact is known, nested ones too", () => {
    const r = renderTemplate(body, {
      first_name: "Jane",
      listing_title: "Room A",
      price: "$900",
      area: "Astoria",
      viewing_link: "https://x.test/b",
    });
    expect(r.ok && r.body).toBe(
      "Hi Jane, thanks for asking about Room A. It is $900 in Astoria. Book here: https://x.test/b",
    );
    expect([...r.variablesUsed].sort()).toEqual([
      "area",
      "first_name",
      "listing_title",
      "price",
      "viewing_link",
    ]);
  });

  it("drops sections whose fact is missing and reads cleanly without them", () => {
    const r = renderTemplate(body, { listing_title: "Room A", area: "Astoria" });
    expect(r.ok && r.body).toBe("Hi, thanks for asking about Room A. Reply with a time that suits you.");
  });

  it("still requires placeholders outside sections", () => {
    const r = renderTemplate(body, { first_name: "Jane" });
    expect(r).toMatchObject({ ok: false, missing: ["listing_title"] });
    expect(requiredVariables(body)).toEqual(["listing_title"]);
  });

  it("reports an unknown section name like an unknown placeholder", () => {
    const r = renderTemplate("Hi{{#nickname}} {{nickname}}{{/nickname}}!", { first_name: "Jane" });
    expect(r).toMatchObject({ ok: false, missing: ["nickname"] });
  });

  it("leaves an unclosed section visible, for the outbound guardrail to catch", () => {
    const r = renderTemplate("Hi{{#first_name}} {{first_name}}!", { first_name: "Jane" });
    expect(r.ok && r.body).toBe("Hi{{#first_name}} Jane!");
  });
});
