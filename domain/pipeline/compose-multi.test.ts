import { describe, expect, it } from "vitest";
import { variablesFrom } from "./compose.ts";
import { composeMultiReply, splitReply } from "./compose-multi.ts";
import type { Template } from "./types.ts";

const T = (id: string, intent: string, body: string): Template => ({ id, intent, body, version: 1 });
const TEMPLATES = [
  T(
    "t-avail",
    "availability",
    "Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking! It's available from {{available_from}}.",
  ),
  T(
    "t-pets",
    "pets",
    "Hi {{first_name}}, thanks for asking about pets. Small pets are considered case by case.\n\nBest,\nSam",
  ),
  T(
    "t-price",
    "price_deposit",
    "Hello {{first_name}}! The rent is {{price}}. Would you like to arrange a viewing?",
  ),
  T(
    "t-tour",
    "tour_request",
    "Hi {{first_name}}, book a viewing here: {{viewing_link}}. Would you like to arrange a viewing?",
  ),
  T("t-apply", "application_process", "Apply at {{viewing_link}}"),
];
const VARS = variablesFrom(
  { title: "Room", price: "$900 per month", availableFrom: "1 May", viewingLink: "https://example.com/v" },
  "jane doe",
);

describe("composeMultiReply", () => {
  it("answers each question with its own template: one greeting, the parts in the order asked, one sign-off", () => {
    const r = composeMultiReply(["pets", "availability"], TEMPLATES, VARS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.templates.map((t) => t.id)).toEqual(["t-pets", "t-avail"]);
    expect(r.body).toBe(
      "Hi Jane, thanks for asking about pets. Small pets are considered case by case.\n\nIt's available from 1 May.\n\nBest,\nSam",
    );
    expect(r.body.match(/\bHi\b/g)).toHaveLength(1);
    // The other order gives the other order of parts, and the sign-off still comes last.
    const other = composeMultiReply(["availability", "pets"], TEMPLATES, VARS);
    expect(other.ok && other.body).toBe(
      "Hi Jane, thanks for asking! It's available from 1 May.\n\nSmall pets are considered case by case.\n\nBest,\nSam",
    );
  });

  it("says a sentence two templates share once", () => {
    const r = composeMultiReply(["price_deposit", "tour_request"], TEMPLATES, VARS);
    expect(r.ok && r.body.match(/Would you like to arrange a viewing\?/g)).toHaveLength(1);
  });

  it("stays within the site's length limit, or gives up", () => {
    const r = composeMultiReply(["pets", "availability"], TEMPLATES, VARS, 60);
    expect(r).toEqual({ ok: false, why: "too_long", missing: [] });
  });

  it("never composes around a question that needs a person, or without a template for each", () => {
    expect(composeMultiReply(["availability", "application_process"], TEMPLATES, VARS)).toMatchObject({
      ok: false,
      why: "needs_person",
    });
    expect(composeMultiReply(["availability", "listing_question"], TEMPLATES, VARS)).toMatchObject({
      ok: false,
      why: "no_template",
    });
  });

  it("reports the facts a part needs and the listing lacks", () => {
    const r = composeMultiReply(
      ["pets", "price_deposit"],
      TEMPLATES,
      variablesFrom({ title: "Room" }, "Jane"),
    );
    expect(r).toEqual({ ok: false, why: "missing_variables", missing: ["price"] });
  });
});

describe("splitReply", () => {
  it("separates greeting, body and sign-off", () => {
    expect(splitReply("Hello Jo! The rent is $5.\n\nThanks,\nSam")).toEqual({
      greeting: "Hello Jo!",
      body: "The rent is $5.",
      signOff: "Thanks,\nSam",
    });
    expect(splitReply("The rent is $5.")).toEqual({ greeting: "", body: "The rent is $5.", signOff: "" });
  });
});
