import { describe, expect, it } from "vitest";
import { coveringTemplate } from "./coverage.ts";
import type { Template } from "./types.ts";

const t = (id: string, intent: string, body: string): Template => ({ id, intent, body, version: 1 });
const TEMPLATES = [
  t("tour", "tour_request", "Hi {{first_name|there}}, {{price}}, from {{available_from}}: {{viewing_link}}"),
  t("price", "price_deposit", "The rent is {{price}}."),
  t("pets", "pets", "Pets case by case. Book: {{viewing_link}}"),
];
const vars = { price: "$900", available_from: "1 Sept", viewing_link: "https://x.example/v" };

describe("coveringTemplate", () => {
  it("picks the first intent whose template carries the answer to every other one", () => {
    expect(coveringTemplate(["price_deposit", "tour_request"], TEMPLATES, vars)).toMatchObject({
      intent: "tour_request",
      template: { id: "tour" },
    });
    expect(coveringTemplate(["pets", "tour_request"], TEMPLATES, vars)?.intent).toBe("pets");
  });

  it("finds none when a question has no fact that answers it, or the fact is missing", () => {
    expect(coveringTemplate(["price_deposit", "pets"], TEMPLATES, vars)).toBeNull();
    expect(
      coveringTemplate(["tour_request", "price_deposit"], TEMPLATES, { ...vars, price: null }),
    ).toBeNull();
  });

  it("never covers an intent that always needs a person", () => {
    expect(coveringTemplate(["tour_request", "application_process"], TEMPLATES, vars)).toBeNull();
  });
});
