// How `npm start` gets `.dev.vars` to the Worker despite `[secrets] required` (scripts/lib/dev-vars.ts).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureDevVars, parseDevVars, requiredSecrets, startConfig } from "../../scripts/lib/dev-vars.ts";

const toml = readFileSync(join(import.meta.dirname, "../../wrangler.toml"), "utf8");

describe(".dev.vars for npm start", () => {
  it("reads the required secrets from this repository's wrangler.toml", () => {
    expect(requiredSecrets(toml)).toEqual(["SESSION_KEY"]);
    expect(requiredSecrets('[vars]\nA = "1"\n')).toEqual([]);
    expect(requiredSecrets('[secrets]\nrequired = [ "A", "B" ]\n[vars]\nC = "1"\n')).toEqual(["A", "B"]);
  });

  it("parses the dotenv subset wrangler reads", () => {
    expect(parseDevVars("# c\nA=1\nexport B = \"two words\"\nC='x:y'\n\nbad line\n")).toEqual({
      A: "1",
      B: "two words",
      C: "x:y",
    });
  });

  it("names every .dev.vars key in the start config so wrangler loads it, and writes no value", () => {
    const vars = {
      SESSION_KEY: "k-secret-value",
      LEASEBOT_ACCOUNT_SANDBOX_USERNAME: "demo-user-value",
      MY_SITE_PASSWORD: "p:w-secret",
      ENVIRONMENT: "development",
    };
    const config = startConfig(vars, toml);
    // ENVIRONMENT overrides a [vars] entry: wrangler loads it anyway, and a secret of the same
    // name would clash with the var.
    expect(requiredSecrets(config)).toEqual([
      "SESSION_KEY",
      "LEASEBOT_ACCOUNT_SANDBOX_USERNAME",
      "MY_SITE_PASSWORD",
    ]);
    for (const v of Object.values(vars).filter((v) => v !== "development")) expect(config).not.toContain(v);
    // Everything else of wrangler.toml is as it was.
    expect(config.replace(/^#.*\n/, "").replace(/^required = .*$/m, "")).toBe(
      toml.replace(/^required = .*$/m, ""),
    );
  });

  it("adds what npm start needs and keeps what a developer wrote", () => {
    const file = join(mkdtempSync(join(tmpdir(), "devvars-")), ".dev.vars");
    writeFileSync(file, "LEASEBOT_ACCOUNT_SANDBOX_PASSWORD=mine\nEXTRA=1");
    const vars = ensureDevVars(file);
    expect(vars).toMatchObject({
      LEASEBOT_ACCOUNT_SANDBOX_PASSWORD: "mine",
      EXTRA: "1",
      LEASEBOT_ACCOUNT_SANDBOX_USERNAME: "demo",
    });
    expect(Buffer.from(vars.SESSION_KEY!, "base64")).toHaveLength(32);
    const again = ensureDevVars(file);
    expect(again.SESSION_KEY).toBe(vars.SESSION_KEY);
  });
});

describe("npm start's configuration check", () => {
  it("sees the local Worker's facts: development passes, a production .dev.vars is refused with the fix", async () => {
    const { blocking, checkConfig } = await import("../../domain/config/config-check.ts");
    const { localConfigFacts } = await import("../../scripts/lib/dev-vars.ts");
    const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
    expect(
      blocking(
        checkConfig(localConfigFacts({ ENVIRONMENT: "development", SESSION_KEY: key }, toml), "worker"),
      ),
    ).toEqual([]);
    const prod = blocking(
      checkConfig(localConfigFacts({ ENVIRONMENT: "production", SESSION_KEY: "short" }, toml), "worker"),
    );
    expect(prod.map((p) => p.key).sort()).toEqual(["ACCESS_AUD", "ACCESS_TEAM_DOMAIN", "SESSION_KEY"]);
  });
});
