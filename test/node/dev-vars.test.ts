// How `npm start` gets `.dev.vars` to the Worker despite `[secrets] required` (scripts/lib/dev-vars.ts).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devVarArgs, ensureDevVars, parseDevVars, requiredSecrets } from "../../scripts/lib/dev-vars.ts";

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

  it("passes every key wrangler dev would drop, so credentials reach the Worker", () => {
    const vars = {
      SESSION_KEY: "k",
      LEASEBOT_ACCOUNT_SANDBOX_USERNAME: "demo",
      MY_SITE_PASSWORD: "p:w",
      ENVIRONMENT: "development",
    };
    expect(devVarArgs(vars, toml)).toEqual([
      "--var",
      "LEASEBOT_ACCOUNT_SANDBOX_USERNAME:demo",
      "--var",
      "MY_SITE_PASSWORD:p:w",
      "--var",
      "ENVIRONMENT:development",
    ]);
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
