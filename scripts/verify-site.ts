// `npm run verify:site -- <platform> [--account <id>] [--browser local] [--origin <url>]
//   [--thread <id>] [--cookies <file.json>] [--out <dir>]`: the read-only check of one account
// on one site (connectors/verify/). Logs in with VERIFY_USERNAME / VERIFY_PASSWORD from the
// environment (never a flag: flags end up in shell history), or uses the cookies in --cookies;
// reads the first inbox page, one thread and the listings; never submits a message. Writes
// verify-<platform>.md and .json to --out (default: the current directory); with --capture, the
// pages it read, redacted, and a manifest to connectors/<platform>/fixtures/captured/<date>/
// (regression fixtures); with --canary-thread, then sends one fixed text to that thread (the
// operator's own test inquiry — the only thing this command ever sends) and reads it back. Exits 1 when a selector the connector needs matched nothing, 2 on bad usage.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { StoredCookie } from "../connectors/browser/cookie-vault.ts";
import { canaryMarkdown } from "../connectors/verify/canary.ts";
import { reportMarkdown } from "../connectors/verify/report.ts";
import { isPlatform, PLATFORMS } from "../domain/platforms.ts";
import { verifyLocal, writeCapture } from "./lib/verify-local.ts";

const USAGE = `usage: npm run verify:site -- <${PLATFORMS.join("|")}> [--account <id>] [--browser local] [--origin <url>] [--thread <id>] [--cookies <file.json>] [--out <dir>] [--capture [--capture-dir <dir>]] [--known-text "<a message in the thread>"]... [--known-name "<its sender>"]... [--known-time <ISO instant of a message>]... [--known-listing "<your ad's id or title>"]... [--canary-thread <id>]
  credentials: VERIFY_USERNAME and VERIFY_PASSWORD in the environment, or --cookies`;

function usage(msg: string): never {
  console.error(`${msg}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    account: { type: "string" },
    browser: { type: "string", default: "local" },
    origin: { type: "string" },
    thread: { type: "string" },
    cookies: { type: "string" },
    out: { type: "string", default: "." },
    capture: { type: "boolean", default: false },
    "known-text": { type: "string", multiple: true },
    "canary-thread": { type: "string" },
    "known-name": { type: "string", multiple: true },
    "known-time": { type: "string", multiple: true },
    "known-listing": { type: "string", multiple: true },
    "capture-dir": { type: "string" },
  },
});
const platform = positionals[0];
if (!platform || !isPlatform(platform)) usage(`unknown platform ${platform ?? "(none)"}`);
if (values.browser !== "local")
  usage(
    `--browser ${values.browser}: this command drives a local browser; the deployed Worker's check is the Platforms screen's "Verify" button (POST /api/platforms/<id>/verify)`,
  );
if (values.origin && !/^https?:\/\//.test(values.origin)) usage("--origin must be an http(s) URL");

const username = process.env.VERIFY_USERNAME;
const password = process.env.VERIFY_PASSWORD;
const cookies = values.cookies ? (JSON.parse(readFileSync(values.cookies, "utf8")) as StoredCookie[]) : [];
if (!(username && password) && !cookies.length)
  usage("no credentials: set VERIFY_USERNAME and VERIFY_PASSWORD, or pass --cookies <file.json>");

const run = await verifyLocal({
  platform,
  ...(values.origin ? { origin: values.origin } : {}),
  account: values.account ?? null,
  credentials: username && password ? { username, password } : null,
  cookies,
  threadId: values.thread ?? null,
  known: {
    texts: values["known-text"] ?? [],
    names: values["known-name"] ?? [],
    times: values["known-time"] ?? [],
    // An ad's id is digits or a slug without spaces; anything else is its title.
    listings: (values["known-listing"] ?? []).map((v) => (/^[\w-]+$/.test(v) ? { id: v } : { title: v })),
  },
  canaryThread: values["canary-thread"] ?? null,
});
const base = join(values.out, `verify-${platform}`);
writeFileSync(
  `${base}.json`,
  `${JSON.stringify(run.canary ? { ...run.report, canary: run.canary } : run.report, null, 1)}\n`,
);
writeFileSync(
  `${base}.md`,
  reportMarkdown(run.report) + (run.canary ? `\n${canaryMarkdown(run.canary)}` : ""),
);
const r = run.report;
if (values.capture) {
  const dir = writeCapture(run, platform, values["capture-dir"]);
  console.log(
    `captured ${run.pages.length} redacted pages and a manifest to ${dir} (read them before you commit them)`,
  );
}
console.log(
  `${platform}: ${r.ok ? "pass" : "FAIL"} — ${r.steps.map((s) => `${s.step}=${s.pageClass}`).join(", ")}; ` +
    `submits ${r.submits}; report ${base}.md`,
);
for (const m of r.requiredMissing) console.log(`  required selector matched nothing: ${m}`);
for (const p of r.problems) console.log(`  problem: ${p}`);
for (const d of r.drift.filter((x) => x.candidates.length))
  console.log(
    `  ${d.step}/${d.name}: candidates ${d.candidates.map((c) => `${c.selector} (${c.count})`).join(", ")}`,
  );
if (run.canary)
  console.log(
    `canary: ${run.canary.ok ? "pass" : "FAIL"} — ${run.canary.outcome}; copies ${run.canary.copiesBefore} → ${run.canary.copiesAfter}; ` +
      `send path ${run.canary.sendPath.mode} ${run.canary.sendPath.requests.map((q) => `${q.method} ${q.path} ${q.status ?? "-"}`).join(", ")}`,
  );
process.exit(r.ok && (run.canary?.ok ?? true) ? 0 : 1);
