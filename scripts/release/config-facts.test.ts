import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blocking, checkConfig } from "../../domain/config/config-check.ts";
import { configFacts, isTemplate } from "./config-facts.ts";

const TOML = readFileSync("wrangler.toml", "utf8");

describe("release:check's configuration facts", () => {
  it("reads the repository's wrangler.toml as the template it is", () => {
    const facts = configFacts(TOML, null);
    expect(isTemplate(facts)).toBe(true);
    expect(facts.emailAddresses).toEqual(["*@notify.lease-bot.example"]);
  });

  it("a deployment's copy with one value filled in is checked fully: the rest are blocking", () => {
    const filled = TOML.replace(
      /database_id = "[^"]+"/,
      'database_id = "4f1c2b9e-2d3a-4b8c-9e7f-1a2b3c4d5e6f"',
    );
    const facts = configFacts(filled, []);
    expect(isTemplate(facts)).toBe(false);
    expect(blocking(checkConfig(facts, "deploy")).map((p) => p.key)).toEqual([
      "ACCESS_TEAM_DOMAIN",
      "ACCESS_AUD",
      "SESSION_KEY",
    ]);
  });
});
