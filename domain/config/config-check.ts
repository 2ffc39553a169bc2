/**
 * The one configuration check. The Worker (API answers 503 while a blocking problem stands),
 * `npm start`, `npm run setup` and `npm run release:check` all call it, so an operator meets the
 * same message with the same fix wherever a setting is wrong. Pure: callers gather the facts.
 *
 * Fails closed: a value that is missing, a known placeholder, or malformed is a problem, never a
 * reason to run a weaker check (jose, for one, skips the audience check when it is undefined).
 */
import { parseOriginAllowlist } from "../policy/site-origin.ts";

/** The values that `wrangler.toml` ships as placeholders; a deployment must replace each. */
export const PLACEHOLDERS = {
  ACCESS_TEAM_DOMAIN: "https://lease-bot.cloudflareaccess.com",
  ACCESS_AUD: "set-me-to-the-access-application-aud-tag",
  D1_DATABASE_ID: "00000000-0000-0000-0000-000000000000",
  EMAIL_DOMAIN: "notify.lease-bot.example",
} as const;

export type ConfigScope =
  /** What the running Worker can see: its vars and secrets. */
  | "worker"
  /** Before a deploy (setup, release:check): the Worker's values plus wrangler.toml's own fields. */
  | "deploy";

export interface ConfigFacts {
  ENVIRONMENT?: string;
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  /** The value where the caller has it (the Worker); `true` where only its presence is known. */
  SESSION_KEY?: string | boolean;
  /** Stand-in site origins a production Worker may use (the workerd tests' sandbox only). */
  SITE_ORIGIN_ALLOWLIST?: string;
  /** wrangler.toml's `[[d1_databases]] database_id` (deploy scope). */
  d1DatabaseId?: string;
  /** wrangler.toml's Email Routing `addresses` (deploy scope). */
  emailAddresses?: readonly string[];
}

export interface ConfigProblem {
  /** The setting, as an operator would look for it. */
  key: string;
  /** What is wrong, without echoing a secret's value. */
  problem: string;
  /** The exact step that fixes it. */
  fix: string;
  /** Blocking problems stop the API (Worker) or the deploy; warnings are printed. */
  severity: "blocking" | "warning";
}

export type Environment = "production" | "development";

/** Anything but exactly "development" is production: an unknown value must not relax a check. */
export function environmentOf(value: string | undefined): Environment {
  return value === "development" ? "development" : "production";
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const SESSION_KEY_FIX =
  "generate one with `openssl rand -base64 32` and set it: `wrangler secret put SESSION_KEY` (locally, `npm start` writes it to .dev.vars)";

export function checkConfig(facts: ConfigFacts, scope: ConfigScope): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const env = facts.ENVIRONMENT;
  if (env !== undefined && env !== "production" && env !== "development") {
    problems.push({
      key: "ENVIRONMENT",
      problem: `"${env}" is neither "production" nor "development"; it is treated as production`,
      fix: 'set ENVIRONMENT to "production" (or "development" for a local Worker) in wrangler.toml [vars]',
      severity: "warning",
    });
  }
  // A development Worker authenticates with X-Dev-Identity; it never needs Access.
  if (environmentOf(env) === "production") {
    problems.push(...accessProblems(facts));
    problems.push(...allowlistProblems(facts.SITE_ORIGIN_ALLOWLIST));
  }
  problems.push(...sessionKeyProblems(facts.SESSION_KEY));
  if (scope === "deploy") problems.push(...deployProblems(facts));
  return problems;
}

function accessProblems(facts: ConfigFacts): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const team = facts.ACCESS_TEAM_DOMAIN?.trim() ?? "";
  const teamFix =
    "set ACCESS_TEAM_DOMAIN to your Zero Trust team domain, e.g. https://<team>.cloudflareaccess.com (Zero Trust → Settings → Custom pages shows it), in wrangler.toml [vars] or with `npm run setup`";
  if (team === "") {
    problems.push({ key: "ACCESS_TEAM_DOMAIN", problem: "is not set", fix: teamFix, severity: "blocking" });
  } else if (team === PLACEHOLDERS.ACCESS_TEAM_DOMAIN) {
    problems.push({
      key: "ACCESS_TEAM_DOMAIN",
      problem: "is still the placeholder from wrangler.toml",
      fix: teamFix,
      severity: "blocking",
    });
  } else {
    const url = parseUrl(team);
    // http only for a key server on this machine (the workerd tests' stand-in for Access).
    const okScheme = url?.protocol === "https:" || (url?.protocol === "http:" && LOOPBACK.has(url.hostname));
    if (!url || !okScheme || url.pathname.replace(/\/$/, "") !== "" || url.search !== "") {
      problems.push({
        key: "ACCESS_TEAM_DOMAIN",
        problem: `"${team}" is not an https origin like https://<team>.cloudflareaccess.com`,
        fix: teamFix,
        severity: "blocking",
      });
    }
  }
  const aud = facts.ACCESS_AUD?.trim() ?? "";
  const audFix =
    "set ACCESS_AUD to the Access application's Application Audience (AUD) tag (Zero Trust → Access → Applications → your app → Overview) in wrangler.toml [vars] or with `npm run setup`";
  if (aud === "") {
    problems.push({ key: "ACCESS_AUD", problem: "is not set", fix: audFix, severity: "blocking" });
  } else if (aud === PLACEHOLDERS.ACCESS_AUD) {
    problems.push({
      key: "ACCESS_AUD",
      problem: "is still the placeholder from wrangler.toml",
      fix: audFix,
      severity: "blocking",
    });
  } else if (/\s|,/.test(aud)) {
    problems.push({
      key: "ACCESS_AUD",
      problem: "must be one AUD tag (it contains spaces or commas)",
      fix: audFix,
      severity: "blocking",
    });
  }
  return problems;
}

function allowlistProblems(value: string | undefined): ConfigProblem[] {
  if ((value ?? "").trim() === "") return [];
  const { refused } = parseOriginAllowlist(value);
  const fix =
    "remove SITE_ORIGIN_ALLOWLIST from a deployed Worker: accounts use their platform's real origin (the var is for the workerd tests' sandbox)";
  if (refused.length > 0)
    return [
      {
        key: "SITE_ORIGIN_ALLOWLIST",
        problem: `lists ${refused.join(", ")}, which is not a loopback origin; only a sandbox on this machine may stand in for a site`,
        fix,
        severity: "blocking",
      },
    ];
  return [
    {
      key: "SITE_ORIGIN_ALLOWLIST",
      problem:
        "is set in production: accounts may point at the listed sandbox origins instead of their sites",
      fix,
      severity: "warning",
    },
  ];
}

function sessionKeyProblems(key: string | boolean | undefined): ConfigProblem[] {
  if (key === undefined || key === false || key === "") {
    return [{ key: "SESSION_KEY", problem: "is not set", fix: SESSION_KEY_FIX, severity: "blocking" }];
  }
  if (key === true) return [];
  if (decodedLength(key) !== 32) {
    return [
      {
        key: "SESSION_KEY",
        problem: "is not base64 of 32 bytes (an AES-256 key)",
        fix: SESSION_KEY_FIX,
        severity: "blocking",
      },
    ];
  }
  return [];
}

function deployProblems(facts: ConfigFacts): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const id = facts.d1DatabaseId?.trim() ?? "";
  if (id === "" || id === PLACEHOLDERS.D1_DATABASE_ID) {
    problems.push({
      key: "d1_databases.database_id",
      problem: id === "" ? "is not set" : "is still the all-zero placeholder",
      fix: "run `npm run setup` (it creates or finds the database and writes its id), or `wrangler d1 create lease-bot` and put the id in wrangler.toml",
      severity: "blocking",
    });
  }
  if ((facts.emailAddresses ?? []).some((a) => a.toLowerCase().endsWith(`@${PLACEHOLDERS.EMAIL_DOMAIN}`))) {
    problems.push({
      key: "addresses",
      problem: `the Email Routing address is still the placeholder ${PLACEHOLDERS.EMAIL_DOMAIN}; notification e-mails cannot reach the Worker (accounts poll instead)`,
      fix: "put your own Email Routing address in wrangler.toml `addresses` (`npm run setup -- --email-address '*@notify.example.com'`), or remove the line to run without push",
      severity: "warning",
    });
  }
  return problems;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function decodedLength(b64: string): number {
  try {
    return atob(b64.trim()).length;
  } catch {
    return -1;
  }
}

/** One line per problem, for logs and terminals: "ACCESS_AUD is not set — fix: …". */
export function describeProblems(problems: readonly ConfigProblem[]): string[] {
  return problems.map((p) => `${p.key} ${p.problem} — fix: ${p.fix}`);
}

export function blocking(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems.filter((p) => p.severity === "blocking");
}
