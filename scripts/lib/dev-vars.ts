// Local secrets for `npm start`.
//
// `.dev.vars` is where a developer keeps local secrets (git ignores it). Since wrangler.toml
// declares `[secrets] required`, `wrangler dev` loads from `.dev.vars` only the keys listed there
// (and keys that override a `[vars]` entry) and silently drops the rest. Account credentials are
// secrets whose *names* are data (each account's credential references name them), so they can
// never all be listed in the config. `npm start` therefore hands every other key of `.dev.vars`
// to `wrangler dev` as a hidden `--var`: whatever a developer puts in `.dev.vars` reaches the
// Worker. The Worker still reports any referenced secret it cannot see (`missingSecrets` in
// GET /api/platforms), and `npm start` checks that report once the Worker is up.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./local-stack.ts";

export const devVarsFile = join(root, ".dev.vars");

/** KEY=VALUE lines (the dotenv subset wrangler reads: comments, blanks, optional quotes). */
export function parseDevVars(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trimStart().startsWith("#")) continue;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m?.[1]) continue;
    let value = m[2] ?? "";
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    out[m[1]] = value;
  }
  return out;
}

/** Secret names wrangler.toml lists under `[secrets] required` (those wrangler dev loads itself). */
export function requiredSecrets(tomlText: string): string[] {
  const section = /^\[secrets\][^\n]*\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(tomlText)?.[1] ?? "";
  const list = /^\s*required\s*=\s*\[([^\]]*)\]/m.exec(section)?.[1] ?? "";
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "");
}

/** What `npm start` needs in `.dev.vars`; keys already there are left as they are. */
export function devVarsDefaults(): Record<string, string> {
  return {
    ENVIRONMENT: "development",
    SESSION_KEY: randomBytes(32).toString("base64"),
    // The sandbox sites' public demo login, named by the seeded accounts' credential references.
    LEASEBOT_ACCOUNT_SANDBOX_USERNAME: "demo",
    LEASEBOT_ACCOUNT_SANDBOX_PASSWORD: "demo-password",
  };
}

/** Adds the missing defaults to `.dev.vars` and returns its whole content. */
export function ensureDevVars(file: string = devVarsFile): Record<string, string> {
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const have = parseDevVars(existing);
  const missing = Object.entries(devVarsDefaults()).filter(([k]) => !(k in have));
  if (missing.length) {
    const add = missing.map(([k, v]) => `${k}=${v}`).join("\n");
    const sep = existing && !existing.endsWith("\n") ? "\n" : "";
    writeFileSync(file, `${existing}${sep}${add}\n`);
  }
  return parseDevVars(readFileSync(file, "utf8"));
}

/** `--var KEY:VALUE` arguments for every `.dev.vars` key that wrangler dev would drop. */
export function devVarArgs(vars: Record<string, string>, tomlText: string): string[] {
  const loadedByWrangler = new Set(requiredSecrets(tomlText));
  return Object.entries(vars)
    .filter(([k]) => !loadedByWrangler.has(k))
    .flatMap(([k, v]) => ["--var", `${k}:${v}`]);
}
