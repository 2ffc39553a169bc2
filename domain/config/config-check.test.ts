import { describe, expect, it } from "vitest";
import { blocking, checkConfig, describeProblems, environmentOf, PLACEHOLDERS } from "./config-check.ts";

const KEY = btoa(String.fromCharCode(...new Uint8Array(32).map((_, i) => i + 1)));
const good = {
  ENVIRONMENT: "production",
  ACCESS_TEAM_DOMAIN: "https://acme.cloudflareaccess.com",
  ACCESS_AUD: "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2",
  SESSION_KEY: KEY,
};

const keys = (p: ReturnType<typeof checkConfig>) => p.map((x) => x.key);

describe("checkConfig", () => {
  it("accepts a complete production configuration", () => {
    expect(checkConfig(good, "worker")).toEqual([]);
  });

  it("blocks a missing or placeholder Access audience instead of skipping the audience check", () => {
    for (const ACCESS_AUD of [undefined, "", "  ", PLACEHOLDERS.ACCESS_AUD, "a b"]) {
      const problems = blocking(checkConfig({ ...good, ACCESS_AUD }, "worker"));
      expect(keys(problems)).toEqual(["ACCESS_AUD"]);
      expect(problems[0]?.fix).toMatch(/AUD/);
    }
  });

  it("blocks a missing, placeholder or non-https team domain", () => {
    for (const ACCESS_TEAM_DOMAIN of [
      undefined,
      PLACEHOLDERS.ACCESS_TEAM_DOMAIN,
      "acme.cloudflareaccess.com",
      "http://acme.cloudflareaccess.com",
      "https://acme.cloudflareaccess.com/cdn-cgi/access/certs",
    ]) {
      expect(keys(blocking(checkConfig({ ...good, ACCESS_TEAM_DOMAIN }, "worker")))).toEqual([
        "ACCESS_TEAM_DOMAIN",
      ]);
    }
    // The workerd tests' local key server.
    expect(checkConfig({ ...good, ACCESS_TEAM_DOMAIN: "http://127.0.0.1:8810" }, "worker")).toEqual([]);
  });

  it("treats an unknown ENVIRONMENT as production (fails closed)", () => {
    expect(environmentOf("prod")).toBe("production");
    expect(environmentOf(undefined)).toBe("production");
    const problems = checkConfig({ ...good, ENVIRONMENT: "Development", ACCESS_AUD: undefined }, "worker");
    expect(keys(blocking(problems))).toEqual(["ACCESS_AUD"]);
    expect(keys(problems)).toContain("ENVIRONMENT");
  });

  it("does not ask a development Worker for Access", () => {
    expect(checkConfig({ ENVIRONMENT: "development", SESSION_KEY: KEY }, "worker")).toEqual([]);
  });

  it("blocks a missing or malformed SESSION_KEY without echoing it", () => {
    expect(keys(checkConfig({ ...good, SESSION_KEY: undefined }, "worker"))).toEqual(["SESSION_KEY"]);
    const bad = checkConfig({ ...good, SESSION_KEY: "c2hvcnQta2V5" }, "worker");
    expect(keys(bad)).toEqual(["SESSION_KEY"]);
    expect(describeProblems(bad).join("\n")).not.toContain("c2hvcnQta2V5");
    expect(checkConfig({ ...good, SESSION_KEY: true }, "worker")).toEqual([]);
  });

  it("checks wrangler.toml's own placeholders before a deploy only", () => {
    const facts = {
      ...good,
      d1DatabaseId: PLACEHOLDERS.D1_DATABASE_ID,
      emailAddresses: ["*@notify.lease-bot.example"],
    };
    expect(checkConfig(facts, "worker")).toEqual([]);
    const problems = checkConfig(facts, "deploy");
    expect(keys(blocking(problems))).toEqual(["d1_databases.database_id"]);
    expect(problems.find((p) => p.key === "addresses")?.severity).toBe("warning");
    expect(
      checkConfig(
        {
          ...facts,
          d1DatabaseId: "2b6c1b1e-8d0e-4d1b-9a0c-0f0e5a1f7c11",
          emailAddresses: ["*@notify.acme.com"],
        },
        "deploy",
      ),
    ).toEqual([]);
  });
});

describe("SITE_ORIGIN_ALLOWLIST", () => {
  it("blocks a non-loopback stand-in origin in production and warns about a loopback one", () => {
    const off = checkConfig(
      { ...good, SITE_ORIGIN_ALLOWLIST: "http://127.0.0.1:8801,https://evil.example" },
      "worker",
    );
    expect(blocking(off).map((p) => p.key)).toEqual(["SITE_ORIGIN_ALLOWLIST"]);
    expect(describeProblems(off)[0]).toContain("https://evil.example");
    const local = checkConfig({ ...good, SITE_ORIGIN_ALLOWLIST: "http://127.0.0.1:8801" }, "worker");
    expect(blocking(local)).toEqual([]);
    expect(keys(local)).toEqual(["SITE_ORIGIN_ALLOWLIST"]);
  });
});
