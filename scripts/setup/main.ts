/**
 * `npm run setup -- [flags]`: the one command from a Cloudflare account to a running lease-bot
 * (scripts/setup/steps.ts says what each step decides; docs/deployment.md walks through it).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { type SetupDeps, SetupError, setup } from "./steps.ts";

const HELP = `npm run setup -- [flags]

From a Cloudflare account to a running lease-bot. Safe to run again: every step looks first and
changes only what is missing. Without flags it asks (team domain, audience, e-mail address, admin).

  --dry-run                       run only what reads (whoami, d1 list, secret list); print the rest
  --non-interactive, --yes        never prompt; answers come from flags and the environment
  --access-team-domain <url>      https://<team>.cloudflareaccess.com  (wrangler.toml [vars])
  --access-aud <tag>              the Access application's AUD tag     (wrangler.toml [vars])
  --email-address <addr>          Email Routing address, e.g. '*@notify.example.com' (repeatable)
  --account-secret <NAME>         an account credential secret the Worker must have, e.g.
                                  LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD (repeatable); typed at a
                                  hidden prompt, or read from the environment variable of that name
  --admin-email <email>           the first admin (as Cloudflare Access identifies them)
  --rotate-session-key            replace SESSION_KEY (saved sessions must log in again)
  --skip-deploy                   configure and set secrets, do not deploy
  --url <https://host>            the URL to check /api/health on, if wrangler prints none
  --help                          this text

Needs: \`npx wrangler login\` (or CLOUDFLARE_API_TOKEN). Secrets go to wrangler on stdin (or, for
the Worker's first deploy, in a private temporary --secrets-file), never on a command line.`;

const { values } = parseArgs({
  options: {
    help: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    "non-interactive": { type: "boolean", default: false },
    yes: { type: "boolean", default: false },
    "access-team-domain": { type: "string" },
    "access-aud": { type: "string" },
    "email-address": { type: "string", multiple: true },
    "account-secret": { type: "string", multiple: true, default: [] },
    "admin-email": { type: "string" },
    "rotate-session-key": { type: "boolean", default: false },
    "skip-deploy": { type: "boolean", default: false },
    url: { type: "string" },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const nonInteractive = values["non-interactive"] || values.yes || !process.stdin.isTTY;
const rl = nonInteractive ? null : createInterface({ input: process.stdin, output: process.stdout });

const deps: SetupDeps = {
  wrangler: (args, input) =>
    new Promise((resolve) => {
      // LEASEBOT_WRANGLER: another wrangler executable (the CLI test's recorded fake).
      const [cmd, ...pre] = process.env.LEASEBOT_WRANGLER
        ? [process.env.LEASEBOT_WRANGLER]
        : ["npx", "wrangler"];
      const child = spawn(cmd!, [...pre, ...args], { stdio: ["pipe", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c;
      });
      child.stderr.on("data", (c: Buffer) => {
        out += c;
      });
      child.on("close", (code) => resolve({ code: code ?? 1, out }));
      // A command that exits without reading its stdin closes the pipe first: not an error here.
      child.stdin.on("error", () => {});
      child.stdin.end(input ?? "");
    }),
  readToml: () => readFileSync("wrangler.toml", "utf8"),
  writeToml: (text) => writeFileSync("wrangler.toml", text),
  ask: async (question, fallback) => {
    if (!rl) return fallback;
    const a = (await rl.question(`${question}: `)).trim();
    return a === "" ? fallback : a;
  },
  askSecret: async (name) => {
    if (!rl) return undefined;
    // Hidden typing: echo nothing while the value is read.
    const out = process.stdout as NodeJS.WriteStream & { muted?: boolean };
    process.stdout.write(`${name} (hidden): `);
    const write = out.write.bind(out);
    out.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
      typeof chunk === "string" && chunk.includes("\n") ? write("\n", ...rest) : true) as typeof out.write;
    try {
      return (await rl.question("")).trim() || undefined;
    } finally {
      out.write = write;
    }
  },
  env: process.env,
  randomKey: () => randomBytes(32).toString("base64"),
  secretsFile: (secrets) => {
    const dir = mkdtempSync(join(tmpdir(), "lease-bot-setup-"));
    const path = join(dir, "secrets.json");
    writeFileSync(path, JSON.stringify(secrets), { mode: 0o600 });
    chmodSync(path, 0o600);
    return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
  },
  health: async (url) => {
    const res = await fetch(url, { redirect: "manual" });
    return { status: res.status, body: await res.text(), location: res.headers.get("location") };
  },
  log: (line) => console.log(line),
};

try {
  await setup(
    {
      dryRun: values["dry-run"],
      nonInteractive,
      accessTeamDomain: values["access-team-domain"],
      accessAud: values["access-aud"],
      adminEmail: values["admin-email"],
      emailAddresses: values["email-address"],
      accountSecrets: values["account-secret"],
      rotateSessionKey: values["rotate-session-key"],
      skipDeploy: values["skip-deploy"],
      url: values.url,
    },
    deps,
  );
  rl?.close();
} catch (err) {
  rl?.close();
  console.error(`setup: ${err instanceof SetupError ? err.message : (err as Error).stack}`);
  process.exit(1);
}
