// npm run setup's decisions against a recorded fake of wrangler: each answer is what wrangler 4
// prints for that command (trimmed), and every call is recorded with what went to its stdin.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deployedUrl, parseCreatedId, type SetupDeps, type SetupOptions, setup } from "./steps.ts";

const TOML = readFileSync("wrangler.toml", "utf8");
const DB = "4f1c2b9e-2d3a-4b8c-9e7f-1a2b3c4d5e6f";
const KEY = Buffer.alloc(32, 7).toString("base64");
const PASSWORD = "hunter2-not-in-argv";
const WHOAMI =
  "Getting User settings...\n👋 You are logged in with an OAuth Token, associated with the email ops@example.com.\n";
const CREATED = `✅ Successfully created DB 'lease-bot' in region WEUR\nCreated your new D1 database.\n\n{\n  "d1_databases": [\n    {\n      "binding": "lease_bot",\n      "database_name": "lease-bot",\n      "database_id": "${DB}"\n    }\n  ]\n}\n`;
const DEPLOYED =
  "Total Upload: 812.33 KiB / gzip: 190.02 KiB\nUploaded lease-bot (6.10 sec)\nDeployed lease-bot triggers (0.95 sec)\n  https://lease-bot.ops-example.workers.dev\n  schedule: * * * * *\nCurrent Version ID: 0f9e8d7c-6b5a-4433-8221-100f0e0d0c0b\n";
const NOT_FOUND = "✘ [ERROR] This Worker does not exist on your account. [code: 10007]\n";

type Answer = { code: number; out: string };
function fake(
  answers: Record<string, Answer | string>,
  opts: { toml?: string; health?: Answer & { location?: string } } = {},
) {
  const calls: { args: string; input?: string }[] = [];
  let toml = opts.toml ?? TOML;
  let writes = 0;
  const files: Record<string, string>[] = [];
  let removed = 0;
  const lines: string[] = [];
  const deps: SetupDeps = {
    async wrangler(args, input) {
      const line = args.join(" ");
      calls.push({ args: line, input });
      const key = Object.keys(answers).find(
        (k) => line === k || (k.endsWith("*") && line.startsWith(k.slice(0, -1))),
      );
      if (key === undefined) return { code: 1, out: `fake wrangler: no answer for ${line}` };
      const a = answers[key]!;
      return typeof a === "string" ? { code: 0, out: a } : a;
    },
    readToml: () => toml,
    writeToml: (t) => {
      toml = t;
      writes++;
    },
    ask: async () => undefined,
    askSecret: async () => undefined,
    env: { LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD: PASSWORD },
    randomKey: () => KEY,
    secretsFile: (s) => {
      files.push(s);
      return { path: "/tmp/private/secrets.json", remove: () => removed++ };
    },
    health: async () => ({ status: 200, body: '{"ok":true}', location: null, ...opts.health }),
    log: (l) => lines.push(l),
  };
  return { deps, calls, files, lines, toml: () => toml, writes: () => writes, removed: () => removed };
}

const flags: SetupOptions = {
  dryRun: false,
  nonInteractive: true,
  accessTeamDomain: "https://acme.cloudflareaccess.com",
  accessAud: "3f1e5c0a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f",
  adminEmail: "owner@acme.example",
  emailAddresses: ["*@notify.acme.example"],
  accountSecrets: ["LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD"],
  rotateSessionKey: false,
  skipDeploy: false,
};
const fresh = {
  whoami: WHOAMI,
  "d1 list --json": "[]",
  "d1 create lease-bot": CREATED,
  "d1 migrations apply lease-bot --remote":
    "✅ 0001_foundation.sql … 0008_starter_templates_repair.sql applied\n",
  "secret list --format json": { code: 1, out: NOT_FOUND },
  "deploy --secrets-file /tmp/private/secrets.json": DEPLOYED,
  "d1 execute lease-bot --remote --command *": "🚣 1 command executed successfully.\n",
};

describe("npm run setup on a new account", () => {
  it("creates the database, writes wrangler.toml, deploys with its secrets, adds the admin and checks health", async () => {
    const f = fake(fresh);
    const { url } = await setup(flags, f.deps);
    expect(f.calls.map((c) => c.args.split(" --command ")[0])).toEqual([
      "whoami",
      "d1 list --json",
      "d1 create lease-bot",
      "d1 migrations apply lease-bot --remote",
      "secret list --format json",
      "deploy --secrets-file /tmp/private/secrets.json",
      "d1 execute lease-bot --remote",
    ]);
    expect(f.toml()).toContain(`database_id = "${DB}"`);
    expect(f.toml()).toContain('ACCESS_TEAM_DOMAIN = "https://acme.cloudflareaccess.com"');
    expect(f.toml()).toContain(`ACCESS_AUD = "${flags.accessAud}"`);
    expect(f.toml()).toContain('addresses = ["*@notify.acme.example"]');
    // The secrets travel in the private file, which is removed; never in any command line.
    expect(f.files).toEqual([{ SESSION_KEY: KEY, LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD: PASSWORD }]);
    expect(f.removed()).toBe(1);
    for (const c of f.calls)
      expect(c.args).not.toMatch(new RegExp(`${PASSWORD}|${KEY.replace(/[+/=]/g, ".")}`));
    expect(f.calls.at(-1)!.args).toContain(
      "VALUES ('owner@acme.example', 'admin', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (email) DO UPDATE SET role = 'admin'",
    );
    expect(url).toBe("https://lease-bot.ops-example.workers.dev");
    expect(f.lines).toContain(
      'ok   GET https://lease-bot.ops-example.workers.dev/api/health → 200 {"ok":true}',
    );
  });

  it("run again: finds everything, changes nothing, sets no secret, and still deploys and checks", async () => {
    const first = fake(fresh);
    await setup(flags, first.deps);
    const again = fake(
      {
        ...fresh,
        "d1 list --json": JSON.stringify([{ uuid: DB, name: "lease-bot", version: "production" }]),
        "secret list --format json": JSON.stringify([
          { name: "LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD", type: "secret_text" },
          { name: "SESSION_KEY", type: "secret_text" },
        ]),
        deploy: DEPLOYED,
      },
      { toml: first.toml() },
    );
    await setup(flags, again.deps);
    expect(again.writes()).toBe(0);
    expect(again.files).toEqual([]);
    expect(again.calls.map((c) => c.args.split(" --command ")[0])).toEqual([
      "whoami",
      "d1 list --json",
      "d1 migrations apply lease-bot --remote",
      "secret list --format json",
      "deploy",
      "d1 execute lease-bot --remote",
    ]);
    expect(again.lines).toContain(
      "ok   SESSION_KEY is set on the Worker (kept; --rotate-session-key replaces it and signs everyone out of saved sessions)",
    );
  });

  it("an existing Worker gets a missing secret through wrangler secret put, on stdin", async () => {
    const f = fake(
      {
        ...fresh,
        "d1 list --json": JSON.stringify([{ uuid: DB, name: "lease-bot" }]),
        "secret list --format json": JSON.stringify([{ name: "SESSION_KEY", type: "secret_text" }]),
        "secret put LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD":
          "✨ Success! Uploaded secret LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD\n",
        deploy: DEPLOYED,
      },
      { toml: TOML.replace(/database_id = "[^"]+"/, `database_id = "${DB}"`) },
    );
    await setup(flags, f.deps);
    expect(f.calls.find((c) => c.args.startsWith("secret put"))).toEqual({
      args: "secret put LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD",
      input: PASSWORD,
    });
    expect(f.calls.map((c) => c.args)).not.toContain("d1 create lease-bot");
  });
});

describe("npm run setup refuses", () => {
  it("when wrangler is not logged in", async () => {
    const f = fake({ whoami: { code: 1, out: "You are not authenticated. Please run `wrangler login`." } });
    await expect(setup(flags, f.deps)).rejects.toThrow(/not logged in: run `npx wrangler login`/);
    expect(f.calls).toHaveLength(1);
  });

  it("to deploy while Access is still the placeholder, naming the fix (the one config check)", async () => {
    const f = fake(fresh);
    const { accessAud: _, ...noAud } = flags;
    await expect(setup(noAud, f.deps)).rejects.toThrow(
      /ACCESS_AUD is still the placeholder from wrangler.toml — fix:/,
    );
    // Checked before anything is created: only whoami ran.
    expect(f.calls.map((c) => c.args)).toEqual(["whoami"]);
  });

  it("a database id in wrangler.toml that this account does not have", async () => {
    const f = fake(
      { ...fresh, "d1 list --json": "[]" },
      { toml: TOML.replace(/database_id = "[^"]+"/, `database_id = "${DB}"`) },
    );
    await expect(setup(flags, f.deps)).rejects.toThrow(/which this account does not have/);
  });

  it("an admin e-mail that is not an address, before running any statement with it", async () => {
    const f = fake(fresh);
    await expect(setup({ ...flags, adminEmail: "x'); DROP TABLE users; --@a.b" }, f.deps)).rejects.toThrow(
      /not an e-mail address/,
    );
    expect(f.calls.some((c) => c.args.startsWith("d1 execute"))).toBe(false);
  });

  it("a credential secret that is not a LEASEBOT_ACCOUNT_* name, or has no value", async () => {
    await expect(setup({ ...flags, accountSecrets: ["SESSION_KEY"] }, fake(fresh).deps)).rejects.toThrow(
      /LEASEBOT_ACCOUNT_<NAME>/,
    );
    await expect(
      setup({ ...flags, accountSecrets: ["LEASEBOT_ACCOUNT_X"] }, fake(fresh).deps),
    ).rejects.toThrow(/export LEASEBOT_ACCOUNT_X/);
  });

  it("a health check that does not answer ok; a redirect to Access is the Worker up behind Access", async () => {
    await expect(
      setup(
        flags,
        fake(fresh, { health: { code: 0, out: "", status: 500, body: "error 1101" } as never }).deps,
      ),
    ).rejects.toThrow(/answered 500/);
    const behind = fake(fresh, {
      health: {
        status: 302,
        body: "",
        location: "https://acme.cloudflareaccess.com/cdn-cgi/access/login",
      } as never,
    });
    await setup(flags, behind.deps);
    expect(behind.lines.some((l) => l.includes("302 to Cloudflare Access"))).toBe(true);
  });
});

describe("npm run setup -- --dry-run", () => {
  it("runs only what reads and prints every change", async () => {
    const f = fake(fresh);
    await setup({ ...flags, dryRun: true }, f.deps);
    expect(f.calls.map((c) => c.args)).toEqual(["whoami", "d1 list --json", "secret list --format json"]);
    expect(f.writes()).toBe(0);
    expect(f.files).toEqual([]);
    expect(f.lines).toContain(
      "would run npx wrangler d1 create lease-bot  — create the D1 database lease-bot",
    );
    expect(f.lines.some((l) => l.startsWith("would run npx wrangler deploy --secrets-file"))).toBe(true);
    expect(f.lines.at(-1)).toBe("dry run: nothing was changed");
  });
});

describe("reading wrangler's output", () => {
  it("takes the created id and the deployed URL, not a docs link", () => {
    expect(parseCreatedId(CREATED)).toBe(DB);
    expect(parseCreatedId(`[[d1_databases]]\nbinding = "DB"\ndatabase_id = "${DB}"`)).toBe(DB);
    expect(deployedUrl(`See https://developers.cloudflare.com/workers/\n${DEPLOYED}`)).toBe(
      "https://lease-bot.ops-example.workers.dev",
    );
  });
});
