// `npm run setup` as an operator runs it, with a fake `wrangler` executable on the outside
// (LEASEBOT_WRANGLER) that answers from recorded output and writes down every call.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "lease-bot-setup-cli-"));
const calls = join(dir, "calls.log");
const fakeWrangler = join(dir, "wrangler");
writeFileSync(
  fakeWrangler,
  `#!/bin/sh
echo "$*" >> "${calls}"
case "$*" in
  whoami) echo "👋 You are logged in with an OAuth Token, associated with the email ops@example.com." ;;
  "d1 list --json") echo '[]' ;;
  "secret list --format json") echo '✘ [ERROR] This Worker does not exist on your account. [code: 10007]' >&2; exit 1 ;;
  *) echo "fake wrangler: unexpected $*" >&2; exit 9 ;;
esac
`,
);
chmodSync(fakeWrangler, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const setup = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ["--experimental-strip-types", "--no-warnings", "scripts/setup/main.ts", ...args],
    {
      encoding: "utf8",
      env: { ...process.env, LEASEBOT_WRANGLER: fakeWrangler },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );

describe("npm run setup (the CLI)", () => {
  it("--help lists the flags", () => {
    const r = setup("--help");
    expect(r.status).toBe(0);
    for (const flag of [
      "--dry-run",
      "--non-interactive",
      "--access-aud",
      "--account-secret",
      "--admin-email",
    ])
      expect(r.stdout).toContain(flag);
  });

  it("--dry-run only reads, prints what it would do, and leaves wrangler.toml alone", () => {
    const before = readFileSync("wrangler.toml", "utf8");
    const r = setup(
      "--dry-run",
      "--non-interactive",
      "--access-team-domain",
      "https://acme.cloudflareaccess.com",
      "--access-aud",
      "3f1e5c0a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f",
      "--admin-email",
      "owner@acme.example",
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(calls, "utf8").trim().split("\n")).toEqual([
      "whoami",
      "d1 list --json",
      "secret list --format json",
    ]);
    expect(r.stdout).toContain("would run npx wrangler d1 create lease-bot");
    expect(r.stdout).toContain(
      "would run npx wrangler deploy --secrets-file <private temp file>  — first deploy, with SESSION_KEY",
    );
    expect(r.stdout.trim().split("\n").at(-1)).toBe("dry run: nothing was changed");
    expect(readFileSync("wrangler.toml", "utf8")).toBe(before);
  });

  it("stops before deploying while Access is the placeholder, naming the fix", () => {
    const r = setup("--non-interactive", "--skip-deploy");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ACCESS_TEAM_DOMAIN is still the placeholder from wrangler.toml — fix:/);
  });
});
