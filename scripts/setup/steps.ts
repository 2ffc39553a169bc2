/**
 * `npm run setup`: from a Cloudflare account to a running lease-bot (docs/deployment.md). Each
 * step looks first and changes only what is missing or different, so running it again is safe:
 *   1. wrangler is logged in (`wrangler whoami`);
 *   2. the Access team domain and audience (wrangler.toml [vars]) and the Email Routing address,
 *      checked at once (domain/config/config-check.ts): a wrong value stops before anything exists;
 *   3. the D1 database: the id in wrangler.toml, else the one named in wrangler.toml found with
 *      `d1 list`, else `d1 create`; the id is written into wrangler.toml;
 *   4. `d1 migrations apply --remote` (wrangler skips what the database already has);
 *   5. the one config check over everything — a blocking problem stops before the deploy; secrets: SESSION_KEY (generated, 32 random bytes) unless the Worker has one, and each
 *      named account credential (LEASEBOT_ACCOUNT_*) it lacks — typed at a hidden prompt or taken
 *      from the environment, and handed to wrangler on stdin, never on its command line. A Worker
 *      that does not exist yet gets them with its first deploy (`--secrets-file`, a 0600 file
 *      removed right after);
 *   6. `wrangler deploy`, then the first admin (`d1 execute`, an e-mail checked to be an address,
 *      so the statement cannot carry anything else), then GET /api/health on the deployed URL.
 * With `dryRun` it runs only what reads (whoami, d1 list, secret list) and prints the rest.
 * Everything outside comes in as `SetupDeps`, so the decisions are tested with a fake wrangler.
 */
import {
  blocking,
  type ConfigFacts,
  checkConfig,
  describeProblems,
  PLACEHOLDERS,
} from "../../domain/config/config-check.ts";
import { readAddresses, readString, writeAddresses, writeString } from "./toml-edit.ts";

export interface SetupOptions {
  dryRun: boolean;
  /** Never prompt: every answer comes from a flag or the environment. */
  nonInteractive: boolean;
  accessTeamDomain?: string;
  accessAud?: string;
  adminEmail?: string;
  /** Email Routing addresses for wrangler.toml `addresses`; undefined leaves them alone. */
  emailAddresses?: string[];
  /** Secret names of account credentials to make sure the Worker has (LEASEBOT_ACCOUNT_*). */
  accountSecrets: string[];
  rotateSessionKey: boolean;
  skipDeploy: boolean;
  /** The deployed URL to check, when wrangler's output does not name one (a custom route). */
  url?: string;
}

export interface SetupDeps {
  wrangler(args: string[], input?: string): Promise<{ code: number; out: string }>;
  readToml(): string;
  writeToml(text: string): void;
  ask(question: string, fallback?: string): Promise<string | undefined>;
  askSecret(name: string): Promise<string | undefined>;
  env: Record<string, string | undefined>;
  randomKey(): string;
  /** Writes secrets for a first deploy to a private file; returns its path and how to remove it. */
  secretsFile(secrets: Record<string, string>): { path: string; remove(): void };
  health(url: string): Promise<{ status: number; body: string; location: string | null }>;
  log(line: string): void;
}

export const SECRET_NAME = /^LEASEBOT_ACCOUNT_[A-Z0-9_]+$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export class SetupError extends Error {}

export async function setup(o: SetupOptions, d: SetupDeps): Promise<{ url: string | null }> {
  const say = (line: string) => d.log(line);
  const act = async (what: string, args: string[], input?: string) => {
    say(
      `${o.dryRun ? "would run" : "$"} npx wrangler ${args.join(" ")}${input === undefined ? "" : "  (value on stdin)"}  — ${what}`,
    );
    if (o.dryRun) return { code: 0, out: "" };
    const r = await d.wrangler(args, input);
    if (r.code !== 0) throw new SetupError(`wrangler ${args.slice(0, 3).join(" ")} failed:\n${r.out.trim()}`);
    return r;
  };
  let toml = d.readToml();
  const save = (next: string, what: string) => {
    if (next === toml) return;
    toml = next;
    if (o.dryRun) say(`would write wrangler.toml: ${what}`);
    else {
      d.writeToml(next);
      say(`wrote wrangler.toml: ${what}`);
    }
  };

  // 1. logged in
  const who = await d.wrangler(["whoami"]);
  if (who.code !== 0 || /not authenticated|not logged in/i.test(who.out)) {
    if (!o.dryRun)
      throw new SetupError(
        "wrangler is not logged in: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN) and run setup again",
      );
    say("wrangler is not logged in: the dry run assumes nothing exists yet");
  } else say(`ok   wrangler: ${firstLine(who.out, /logged in/i)}`);
  const loggedIn = who.code === 0 && !/not authenticated|not logged in/i.test(who.out);

  // 2. Access and e-mail first: a wrong value stops the run before anything is created
  const team =
    o.accessTeamDomain ??
    (await askUnlessSet(
      "ACCESS_TEAM_DOMAIN",
      "Zero Trust team domain (https://<team>.cloudflareaccess.com)",
    ));
  if (team !== undefined)
    save(
      writeString(toml, "vars", "ACCESS_TEAM_DOMAIN", team.replace(/\/$/, "")),
      `ACCESS_TEAM_DOMAIN = "${team}"`,
    );
  const aud =
    o.accessAud ?? (await askUnlessSet("ACCESS_AUD", "Access application's Application Audience (AUD) tag"));
  if (aud !== undefined) save(writeString(toml, "vars", "ACCESS_AUD", aud), `ACCESS_AUD = "${aud}"`);
  let addresses = o.emailAddresses;
  if (addresses === undefined && !o.nonInteractive && readAddresses(toml).some(isPlaceholderAddress)) {
    const a = await d.ask(
      "Email Routing address for notification e-mails (e.g. *@notify.example.com; empty: no push)",
      "",
    );
    addresses = a ? [a] : undefined;
  }
  if (addresses !== undefined)
    save(writeAddresses(toml, addresses), `addresses = ${JSON.stringify(addresses)}`);

  {
    const early = blocking(
      checkConfig(
        {
          ENVIRONMENT: readString(toml, "vars", "ENVIRONMENT"),
          ACCESS_TEAM_DOMAIN: readString(toml, "vars", "ACCESS_TEAM_DOMAIN"),
          ACCESS_AUD: readString(toml, "vars", "ACCESS_AUD"),
          SESSION_KEY: true,
        },
        "worker",
      ),
    );
    if (early.length && !o.dryRun)
      throw new SetupError(
        `the configuration is not ready to deploy (nothing was created):\n${describeProblems(early)
          .map((l) => `  ${l}`)
          .join("\n")}`,
      );
  }

  // 3. the database
  const dbName = readString(toml, "d1_databases", "database_name") ?? "lease-bot";
  const idNow = readString(toml, "d1_databases", "database_id") ?? "";
  const listed = loggedIn ? parseDatabases((await d.wrangler(["d1", "list", "--json"])).out) : [];
  let dbId = idNow !== "" && idNow !== PLACEHOLDERS.D1_DATABASE_ID ? idNow : "";
  if (dbId) {
    if (loggedIn && !listed.some((x) => x.uuid === dbId))
      throw new SetupError(
        `wrangler.toml names D1 database ${dbId}, which this account does not have (wrong account? check \`npx wrangler whoami\`); put the placeholder back to let setup find or create "${dbName}"`,
      );
    say(`ok   D1 database ${dbName} (${dbId})`);
  } else {
    const found = listed.find((x) => x.name === dbName);
    if (found) {
      dbId = found.uuid;
      say(`ok   found D1 database ${dbName} (${dbId})`);
    } else {
      const created = await act(`create the D1 database ${dbName}`, ["d1", "create", dbName]);
      dbId = o.dryRun ? "<new database id>" : parseCreatedId(created.out);
    }
    if (!o.dryRun) save(writeString(toml, "d1_databases", "database_id", dbId), `database_id = "${dbId}"`);
    else say(`would write wrangler.toml: database_id = "${dbId}"`);
  }

  // 4. migrations
  await act("apply the migrations the database does not have yet", [
    "d1",
    "migrations",
    "apply",
    dbName,
    "--remote",
  ]);

  // 5. secrets, and the one config check over everything
  const secretNames = loggedIn ? await listSecrets(d) : null;
  const workerExists = secretNames !== null;
  const pending: Record<string, string> = {};
  if (!secretNames?.includes("SESSION_KEY") || o.rotateSessionKey) pending.SESSION_KEY = d.randomKey();
  else
    say(
      "ok   SESSION_KEY is set on the Worker (kept; --rotate-session-key replaces it and signs everyone out of saved sessions)",
    );
  for (const name of o.accountSecrets) {
    if (!SECRET_NAME.test(name))
      throw new SetupError(
        `${name}: account credential secrets are named LEASEBOT_ACCOUNT_<NAME> (e.g. LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD)`,
      );
    if (secretNames?.includes(name)) {
      say(`ok   ${name} is set on the Worker (kept)`);
      continue;
    }
    const value = d.env[name] ?? (o.nonInteractive || o.dryRun ? undefined : await d.askSecret(name));
    if (!value && o.dryRun) {
      say(`would ask for ${name} at a hidden prompt (or read it from the environment variable ${name})`);
      pending[name] = "<value>";
      continue;
    }
    if (!value)
      throw new SetupError(
        `${name} has no value: type it at the prompt, or export ${name} for a non-interactive run`,
      );
    pending[name] = value;
  }

  const facts: ConfigFacts = {
    ENVIRONMENT: readString(toml, "vars", "ENVIRONMENT"),
    ACCESS_TEAM_DOMAIN: readString(toml, "vars", "ACCESS_TEAM_DOMAIN"),
    ACCESS_AUD: readString(toml, "vars", "ACCESS_AUD"),
    SESSION_KEY:
      "SESSION_KEY" in pending ? pending.SESSION_KEY : secretNames?.includes("SESSION_KEY") === true,
    d1DatabaseId: o.dryRun && dbId.startsWith("<") ? "pending" : dbId,
    emailAddresses: readAddresses(toml),
  };
  const problems = checkConfig(facts, "deploy");
  for (const line of describeProblems(problems.filter((p) => p.severity === "warning"))) say(`warn ${line}`);
  const stop = blocking(problems);
  if (stop.length) {
    const lines = describeProblems(stop)
      .map((l) => `  ${l}`)
      .join("\n");
    if (!o.dryRun) throw new SetupError(`the configuration is not ready to deploy:\n${lines}`);
    say(`would stop here, before anything is deployed:\n${lines}`);
  } else say("ok   configuration check (domain/config/config-check.ts): nothing blocking");

  // 5–6. secrets, deploy, first admin, health
  let url: string | null = o.url ?? null;
  if (workerExists || o.skipDeploy)
    for (const [name, value] of Object.entries(pending))
      await act(`set ${name}`, ["secret", "put", name], value);
  if (!o.skipDeploy) {
    const args = ["deploy"];
    let file: { path: string; remove(): void } | null = null;
    if (!workerExists && Object.keys(pending).length) {
      file = o.dryRun ? { path: "<private temp file>", remove() {} } : d.secretsFile(pending);
      args.push("--secrets-file", file.path);
    }
    try {
      const out = await act(
        workerExists ? "deploy the Worker" : `first deploy, with ${Object.keys(pending).join(", ")}`,
        args,
      );
      url ??= deployedUrl(out.out);
    } finally {
      file?.remove();
    }
  }

  const admin =
    o.adminEmail ??
    (o.nonInteractive
      ? undefined
      : await d.ask("First admin's e-mail (as Access identifies them; empty: skip)", ""));
  if (admin) {
    if (!EMAIL.test(admin)) throw new SetupError(`"${admin}" is not an e-mail address`);
    await act(`make ${admin} an admin (kept if already one)`, [
      "d1",
      "execute",
      dbName,
      "--remote",
      "--command",
      `INSERT INTO users (email, role, created_at) VALUES ('${admin}', 'admin', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (email) DO UPDATE SET role = 'admin'`,
    ]);
  } else say("skip first admin: none given (--admin-email)");

  if (o.skipDeploy || o.dryRun)
    say(`${o.dryRun ? "would check" : "skip"} GET ${url ?? "<deployed URL>"}/api/health`);
  else if (!url)
    say("skip health: wrangler printed no URL (a custom route?); pass --url https://<host> to check it");
  else {
    const h = await d.health(`${url.replace(/\/$/, "")}/api/health`);
    if (h.status === 200 && /"ok"\s*:\s*true/.test(h.body))
      say(`ok   GET ${url}/api/health → 200 {"ok":true}`);
    else if (h.status >= 300 && h.status < 400 && h.location?.includes("cloudflareaccess.com"))
      say(`ok   GET ${url}/api/health → ${h.status} to Cloudflare Access: the Worker is up behind Access`);
    else throw new SetupError(`GET ${url}/api/health answered ${h.status}: ${h.body.slice(0, 200)}`);
  }
  say(o.dryRun ? "dry run: nothing was changed" : 'setup done: next, docs/deployment.md "First account"');
  return { url };

  async function askUnlessSet(key: "ACCESS_TEAM_DOMAIN" | "ACCESS_AUD", question: string) {
    const now = readString(toml, "vars", key);
    const placeholder = now === undefined || now === "" || now === PLACEHOLDERS[key];
    if (!placeholder || o.nonInteractive) return undefined;
    return (await d.ask(question)) || undefined;
  }
}

function isPlaceholderAddress(a: string): boolean {
  return a.toLowerCase().endsWith(`@${PLACEHOLDERS.EMAIL_DOMAIN}`);
}

/** `wrangler secret list --format json`; null when the Worker does not exist yet. */
async function listSecrets(d: SetupDeps): Promise<string[] | null> {
  const r = await d.wrangler(["secret", "list", "--format", "json"]);
  if (r.code !== 0) return null;
  try {
    const rows = JSON.parse(r.out.slice(r.out.indexOf("["))) as { name: string }[];
    return rows.map((x) => x.name);
  } catch {
    throw new SetupError(`wrangler secret list did not print JSON:\n${r.out.trim()}`);
  }
}

export function parseDatabases(out: string): { name: string; uuid: string }[] {
  const start = out.indexOf("[");
  if (start < 0) return [];
  try {
    return (JSON.parse(out.slice(start)) as { name: string; uuid: string }[]).filter((x) => x.name && x.uuid);
  } catch {
    throw new SetupError(`wrangler d1 list --json did not print JSON:\n${out.trim()}`);
  }
}

/** The new id from `wrangler d1 create` (it prints a config snippet, JSON or TOML). */
export function parseCreatedId(out: string): string {
  const m = /database_id"?\s*[:=]\s*"([0-9a-f-]{36})"/.exec(out);
  if (!m) throw new SetupError(`wrangler d1 create printed no database id:\n${out.trim()}`);
  return m[1]!;
}

/** The first https URL in `wrangler deploy`'s output (workers.dev or a route). */
export function deployedUrl(out: string): string | null {
  const urls = [...out.matchAll(/https:\/\/[^\s'"]+/g)].map((m) => m[0]);
  return urls.find((u) => !/^https:\/\/([\w-]+\.)*cloudflare\.com\b/.test(u)) ?? null;
}

function firstLine(out: string, re: RegExp): string {
  return (
    out
      .split("\n")
      .find((l) => re.test(l))
      ?.trim() ?? "logged in"
  );
}
