import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE, affinityRule, mergeRule, VERSION_KEY_HEADER } from "./version-affinity.ts";

describe("the version-affinity Transform Rule", () => {
  const rule = affinityRule("leases.acme.example");

  it("sets Cloudflare-Workers-Version-Key from the Access cookie, only on the panel's host and only with the cookie", () => {
    expect(rule.expression).toBe(
      '(http.host eq "leases.acme.example" and http.cookie contains "CF_Authorization=")',
    );
    expect(rule.action_parameters).toEqual({
      headers: {
        [VERSION_KEY_HEADER]: { operation: "set", expression: 'http.request.cookies["CF_Authorization"][0]' },
      },
    });
  });

  it("refuses workers.dev (no zone, no Transform Rules) and a hostname that could break the expression", () => {
    expect(() => affinityRule("lease-bot.acme.workers.dev")).toThrow(/custom domain or route/);
    expect(() => affinityRule('x" or true or "')).toThrow();
  });

  it("keeps the zone's other rules, replaces only its own, and is a no-op the second time", () => {
    const other = { id: "r1", ref: "someone_else", expression: "true", action: "rewrite" };
    const once = mergeRule([other], rule)!;
    expect(once).toEqual([other, rule]);
    const stored = once.map((r, i) => ({ ...r, id: `id${i}`, version: "3", last_updated: "2026-12-01" }));
    expect(mergeRule(stored, rule)).toBeNull();
    const moved = mergeRule(stored, affinityRule("panel.acme.example"))!;
    expect(moved[1]).toMatchObject({ id: "id1", expression: expect.stringContaining("panel.acme.example") });
    expect(moved[0]).toBe(stored[0]);
  });

  it("uses the cookie Cloudflare Access sets, which the docs name too", () => {
    expect(ACCESS_COOKIE).toBe("CF_Authorization");
    expect(readFileSync("docs/release.md", "utf8")).toContain("Cloudflare-Workers-Version-Key");
  });
});
