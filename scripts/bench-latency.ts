// `npm run bench:latency`: speed to lead and browser cost, today's behaviour and the new one side
// by side in one run, against the sandbox sites, with production pacing.
//
//   today  the code before push (git ref LATENCY_BASELINE_REF, checked out in a temporary worktree):
//          every cron tick reads every inbox, and each account keeps its browser alive between ticks
//   push   this checkout, push on: the sandbox e-mails the Worker when a lead writes (2–10 s later;
//          2 % of e-mails lost, 2 % late by 1–5 min), the safety-net poll underneath
//   poll   this checkout, push off: the safety-net poll alone
//
// Each arm has the same accounts on the five sites (some get leads, one per site stays idle) in
// auto_send with the starter templates, and gets the same random lead stream at the same moments.
// Each arm is its own Worker under `wrangler dev` (local D1, Durable Objects, the Browser binding on
// Chromium) with its own browser governor limit, and the cron fired every minute. Each arm's Worker
// and its browsers get an equal share of the machine's CPU (scripts/lib/cpu-groups.ts, where Linux
// allows it): on Cloudflare every browser runs remotely on its own, so here one arm's launches must
// not show up as another arm's latency.
// Measured from the sandbox's ground truth and the machine: lead → reply per site, page loads and
// logins per account-hour (sandbox counters), browser launches (the accounts' own counters),
// browser-seconds (live browser sessions of each Worker sampled every few seconds), launch failures
// (the Workers' run_failed log lines), CPU seconds per arm, and dollars at Browser Run's prices
// (bench/browser-run-prices.json). Writes bench/latency.md (LATENCY_PROFILE=short:
// bench/latency-short.md, a few minutes, for development; LATENCY_REPORT=<file> overrides).
//
// Ports: SANDBOX_BASE_PORT (8850..8855), PORT (8887 push; today's Worker PORT+1, the push-off
// one PORT+2), INSPECTOR_PORT (9330..9332).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { sleep } from "../domain/util/sleep.ts";
import { cpuGroups } from "./lib/cpu-groups.ts";
import {
  aliveSeconds,
  type BrowserRunPrices,
  dollarsPerAccountMonth,
  type FirstReply,
  firstReplies,
  latenciesOf,
  percentile,
  type TruthThread,
} from "./lib/latency-metrics.ts";
import { type LeadEvent, leadStream, PHASES } from "./lib/latency-stream.ts";
import { type ArmFigures, latencyVerdict, renderVerdict, servedSentence } from "./lib/latency-verdict.ts";
import { DEV_ADMIN, type LocalPlatform, PLATFORMS, root } from "./lib/local-stack.ts";

const SHORT = process.env.LATENCY_PROFILE === "short";
const PROFILE = SHORT
  ? { name: "short", durationMs: 6 * 60_000, perSite: 2, active: 1, leadsPerHour: 30, drainMs: 4 * 60_000 }
  : { name: "full", durationMs: 30 * 60_000, perSite: 4, active: 3, leadsPerHour: 12, drainMs: 16 * 60_000 };
const DURATION_MS = Number(process.env.LATENCY_DURATION_MS ?? PROFILE.durationMs);
const DRAIN_MS = Number(process.env.LATENCY_DRAIN_MS ?? PROFILE.drainMs);
/** The last commit before push-triggered runs: today's cron-only behaviour. */
const BASELINE_REF = process.env.LATENCY_BASELINE_REF ?? "c424b3e7a0aa3be696021bd8b9a406313d17f2ec";
const SEED = Number(process.env.LATENCY_SEED ?? 2026);
/**
 * Browser Run's concurrent-browser limit as each arm's governor sees it. The push arm's is below
 * its number of accounts: the case where more accounts than browsers must all still be served.
 * Today's and the safety-net arm get as many as today's code keeps alive (one per account): at
 * fewer, the safety-net arm relaunches a browser for nearly every poll (no slot to keep one in),
 * which on this machine costs local CPU that on Browser Run it would not.
 */
const LIMIT_ENV = process.env.LATENCY_BROWSER_LIMIT;
const limitFor = (arm: ArmName) =>
  Number(LIMIT_ENV ?? (SHORT ? 4 : arm === "push" ? 10 : PLATFORMS.length * PROFILE.perSite));
const SAMPLE_EVERY_MS = 5000;
const cpus = availableParallelism();

const sandboxBase = Number(process.env.SANDBOX_BASE_PORT ?? 8850);
const basePort = Number(process.env.PORT ?? 8887);
const baseInspector = Number(process.env.INSPECTOR_PORT ?? 9330);
const sandboxControl = `http://127.0.0.1:${sandboxBase}`;
const siteUrl = (p: LocalPlatform) => `http://127.0.0.1:${sandboxBase + 1 + PLATFORMS.indexOf(p)}`;

type ArmName = "today" | "push" | "poll";
/** Which code an arm's Worker runs: the baseline ref in a worktree, or this checkout. */
type Code = "baseline" | "current";
const ARMS: { name: ArmName; code: Code; title: string; offset: number }[] = [
  { name: "today", code: "baseline", title: "today (cron only)", offset: 1 },
  { name: "push", code: "current", title: "push + safety net", offset: 0 },
  { name: "poll", code: "current", title: "safety net only (push off)", offset: 2 },
];
const armOf = (name: ArmName) => ARMS.find((x) => x.name === name)!;

interface Account {
  arm: ArmName;
  platform: LocalPlatform;
  slot: number;
  id: string;
  secret: string;
  address: string;
  active: boolean;
  listingId?: string;
}

const accounts: Account[] = ARMS.flatMap((arm) =>
  PLATFORMS.flatMap((platform) =>
    Array.from({ length: PROFILE.perSite }, (_, slot) => ({
      arm: arm.name,
      platform,
      slot,
      id: `${arm.name}-${platform}-${slot}`,
      secret: `LEASEBOT_ACCOUNT_BENCH_${arm.name}_${platform}_${slot}`.toUpperCase(),
      address: `${arm.name}-${platform}-${slot}@notify.lease-bot.example`,
      active: slot < PROFILE.active,
    })),
  ),
);

// ------------------------------------------------------------------------------------------ setup

const runTag = new Date().toISOString().replace(/[:.]/g, "-");
const stateRoot = join(root, ".wrangler", "bench-latency", runTag);
mkdirSync(stateRoot, { recursive: true });
const children: ChildProcess[] = [];
/** wrangler dev's pid → the arm whose Worker it runs (to tell their browsers apart). */
const workerPids = new Map<number, ArmName>();
const logLines: Record<ArmName, Record<string, unknown>[]> = { today: [], push: [], poll: [] };
let worktree: string | null = null;
/** Equal CPU shares for each arm's Worker and browsers, and one for the sandbox sites. */
const GROUPS = [...ARMS.map((a) => a.name), "sites"];
const groups = cpuGroups(`lease-bot-bench-${runTag}`, GROUPS);
const isolated = "place" in groups ? groups : null;

function log(msg: string) {
  console.log(`[bench:latency ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

function run(cmd: string, args: string[], cwd: string) {
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "inherit"], env: childEnv() });
}

function childEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_REGISTRY_PATH: process.env.WRANGLER_REGISTRY_PATH ?? join(stateRoot, "registry"),
  };
}

/** Today's code in a temporary worktree, sharing this checkout's node_modules. */
function checkoutBaseline(): string {
  const dir = mkdtempSync(join(tmpdir(), "lease-bot-baseline-"));
  execFileSync("git", ["worktree", "add", "--detach", dir, BASELINE_REF], { cwd: root, stdio: "ignore" });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  worktree = dir;
  return dir;
}

/** A UTC offset zone where it is about midday now, so no account polls at its night rate. */
function middayZone(now = new Date()): string {
  let offset = 12 - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  // POSIX-style names: Etc/GMT-5 is UTC+5.
  return offset === 0 ? "Etc/UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}
const TIME_ZONE = middayZone();

const sq = (s: string) => `'${s.replaceAll("'", "''")}'`;

function seedSql(arm: (typeof ARMS)[number]): string {
  const now = new Date().toISOString();
  const lines = [
    `INSERT OR IGNORE INTO users (email, role, created_at) VALUES (${sq(DEV_ADMIN)}, 'admin', ${sq(now)});`,
  ];
  for (const a of accounts.filter((x) => x.arm === arm.name)) {
    const refs = JSON.stringify({
      username: `secret:${a.secret}`,
      password: "secret:LEASEBOT_ACCOUNT_BENCH_PASSWORD",
    });
    lines.push(
      `INSERT INTO platform_accounts (id, platform, label, is_active, send_mode, credential_refs, base_url, created_at, updated_at, updated_by)
       VALUES (${sq(a.id)}, ${sq(a.platform)}, ${sq(a.id)}, 1, 'auto_send', ${sq(refs)}, ${sq(siteUrl(a.platform))}, ${sq(now)}, ${sq(now)}, 'bench');`,
    );
    // Columns only the current code has (migration 0006).
    if (arm.code === "current")
      lines.push(
        `UPDATE platform_accounts SET notify_address = ${sq(a.address)}, push_enabled = ${a.arm === "push" ? 1 : 0}, time_zone = ${sq(TIME_ZONE)} WHERE id = ${sq(a.id)};`,
      );
  }
  return lines.join("\n");
}

/**
 * The Worker's settings: the cookie key (a required secret) in an env file, everything else as
 * `--var` — wrangler dev drops env-file keys the config does not declare (scripts/lib/dev-vars.ts),
 * and the accounts' credential secrets are named by data.
 */
function workerVars(arm: (typeof ARMS)[number]): string[] {
  const file = join(stateRoot, `${arm.name}.env`);
  writeFileSync(file, "SESSION_KEY=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n");
  const vars: Record<string, string> = {
    ENVIRONMENT: "development",
    LEASEBOT_ACCOUNT_BENCH_PASSWORD: "bench-password",
    BROWSER_MAX_CONCURRENT: String(limitFor(arm.name)),
    // Browser Run's published launch rate (3 a second): the concurrency limit is the one under test.
    BROWSER_MAX_LAUNCHES_PER_MINUTE: "180",
  };
  for (const a of accounts.filter((x) => x.arm === arm.name)) vars[a.secret] = a.id;
  return ["--env-file", file, ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`])];
}

function startWorker(arm: (typeof ARMS)[number], cwd: string): ChildProcess {
  const persist = join(stateRoot, arm.name);
  mkdirSync(persist, { recursive: true });
  const wrangler = join(cwd, "node_modules", ".bin", "wrangler");
  run(wrangler, ["d1", "migrations", "apply", "lease-bot", "--local", "--persist-to", persist], cwd);
  const seed = join(stateRoot, `${arm.name}-seed.sql`);
  writeFileSync(seed, seedSql(arm));
  run(wrangler, ["d1", "execute", "lease-bot", "--local", "--persist-to", persist, "--file", seed], cwd);
  const child = spawn(
    wrangler,
    [
      "dev",
      "--port",
      String(basePort + arm.offset),
      "--ip",
      "127.0.0.1",
      "--test-scheduled",
      "--persist-to",
      persist,
      "--inspector-port",
      String(baseInspector + arm.offset),
      ...workerVars(arm),
      "--show-interactive-dev-session=false",
    ],
    { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  // Into the arm's CPU group before wrangler starts workerd, whose browsers then follow.
  if (child.pid) isolated?.place(arm.name, child.pid);
  const raw = join(stateRoot, `${arm.name}.log`);
  let buf = "";
  const onData = (chunk: Buffer) => {
    writeFileSync(raw, chunk, { flag: "a" });
    buf += chunk.toString();
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const at = line.indexOf('{"event"');
      if (at >= 0) {
        try {
          logLines[arm.name].push(JSON.parse(line.slice(at)) as Record<string, unknown>);
        } catch {
          // a line that only looks like an event
        }
      }
      nl = buf.indexOf("\n");
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  children.push(child);
  if (child.pid) workerPids.set(child.pid, arm.name);
  return child;
}

async function until(what: string, f: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await f().catch(() => false)) return;
    await sleep(1000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const api = (arm: ArmName) => `http://127.0.0.1:${basePort + armOf(arm).offset}`;
const asAdmin = { "X-Dev-Identity": DEV_ADMIN };

async function sandboxCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandboxControl}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Status {
  ticks: number;
  counters: Record<string, number>;
  lastRun: { skipped: string | null; failure: unknown } | null;
}

async function status(a: Account): Promise<Status> {
  const res = await fetch(`${api(a.arm)}/api/platforms/${a.id}/status`, { headers: asAdmin });
  if (!res.ok) throw new Error(`status ${a.id}: ${res.status}`);
  return (await res.json()) as Status;
}

async function fireCron(arm: ArmName) {
  await fetch(`${api(arm)}/__scheduled?cron=*+*+*+*+*`).then(
    (r) => r.body?.cancel(),
    () => undefined,
  );
}

// ------------------------------------------------------------------------------- live measurement

/** Every process on the machine (none when `ps` fails: the sample then counts nothing). */
function processTable(): { pid: number; ppid: number; args: string }[] {
  let listing = "";
  try {
    listing = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8", maxBuffer: 64 << 20 });
  } catch {
    return [];
  }
  return listing
    .split("\n")
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

/** The Chromium processes of each arm's Worker: those under its wrangler in the process tree. */
function browserProcesses(): { pid: number; arm: ArmName; profile: string; main: boolean }[] {
  const procs = processTable();
  const parent = new Map(procs.map((p) => [p.pid, p.ppid]));
  const out: { pid: number; arm: ArmName; profile: string; main: boolean }[] = [];
  for (const p of procs) {
    const profile = /browser-rendering\/profile-[^\s]+/.exec(p.args)?.[0];
    if (!profile) continue;
    for (let at = p.ppid, hops = 0; at > 1 && hops < 12; at = parent.get(at) ?? 0, hops++) {
      const arm = workerPids.get(at);
      if (arm) {
        out.push({ pid: p.pid, arm, profile, main: !p.args.includes("--type=") });
        break;
      }
    }
  }
  return out;
}

/**
 * Browser sessions alive per arm: the distinct profiles of its browsers' main processes. Counted
 * by profile, not by process: a launcher script that does not `exec` (Debian's
 * /usr/bin/chromium-headless-shell) leaves a second process with the same arguments, which a
 * count of processes would take for a second browser.
 */
function aliveBrowsers(): Record<ArmName, number> {
  const profiles: Record<ArmName, Set<string>> = { today: new Set(), push: new Set(), poll: new Set() };
  for (const b of browserProcesses()) if (b.main) profiles[b.arm].add(b.profile);
  return { today: profiles.today.size, push: profiles.push.size, poll: profiles.poll.size };
}

/** Kills the browsers the Workers left behind (locally a kept browser never times out). */
function killBrowsersOf(pids: readonly number[]) {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function cleanup() {
  const leftovers = browserProcesses().map((b) => b.pid);
  for (const c of children) {
    try {
      if (c.pid) process.kill(-c.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await sleep(3000);
  killBrowsersOf(leftovers);
  // A group can only be removed once the processes killed above have exited.
  await sleep(2000);
  isolated?.remove();
  if (worktree) {
    try {
      execFileSync("git", ["worktree", "remove", "--force", worktree], { cwd: root, stdio: "ignore" });
    } catch {
      rmSync(worktree, { recursive: true, force: true });
    }
  }
}

// ---------------------------------------------------------------------------------------- the run

/** The push arm's new threads, to split its latency by what became of the e-mail (render). */
const pushReplies: (FirstReply & { account: string; platform: LocalPlatform })[] = [];

/** Leads no reply reached by the end of the drain, and what lease-bot decided about them (render). */
interface Unanswered {
  arm: ArmName;
  account: string;
  threadId: string;
  decision: string;
}
const unansweredLeads: Unanswered[] = [];

interface NotificationRecord {
  platform: string;
  account: string;
  threadId: string;
  wroteAt: string | number;
  fate: "sent" | "late" | "lost";
  postedAt: number | null;
}

/** Each unanswered lead and what its arm's Worker last decided about the thread. */
function unansweredSection(): string {
  if (unansweredLeads.length === 0) return "Every lead in the window got a reply.";
  const rows = unansweredLeads.map((u) => `| ${u.arm} | ${u.account} | ${u.threadId} | ${u.decision} |`);
  return `Unanswered leads, with the latest decision about the thread (a \`review\` or \`draft\` is a reply held for a person):

| arm | account | thread | latest decision |
|---|---|---|---|
${rows.join("\n")}`;
}

/**
 * The push arm's lead → reply split by the fate of the e-mail about the lead's first message,
 * and, for e-mails that came on time, the part that is ours: from the e-mail reaching the Worker
 * to the reply stored.
 */
function pushBreakdown(notifications: NotificationRecord[]): string {
  const firstMail = new Map<string, NotificationRecord>();
  for (const n of notifications) {
    const key = `${n.platform}/${n.account}/${n.threadId}`;
    const had = firstMail.get(key);
    if (!had || Number(new Date(n.wroteAt)) < Number(new Date(had.wroteAt))) firstMail.set(key, n);
  }
  const mailOf = (r: (typeof pushReplies)[number]) =>
    firstMail.get(`${r.platform}/${r.account}/${r.threadId}`);
  const rows: string[] = [];
  const ours: number[] = [];
  for (const fate of ["sent", "late", "lost"] as const) {
    const mine = pushReplies.filter((r) => mailOf(r)?.fate === fate);
    const lat = mine.flatMap((r) => (r.replyAt === null ? [] : [r.replyAt - r.visibleAt]));
    if (fate === "sent")
      for (const r of mine) {
        const posted = mailOf(r)?.postedAt ?? null;
        if (r.replyAt !== null && posted !== null) ours.push(r.replyAt - posted);
      }
    const label = { sent: "on time (2–10 s)", late: "late (1–5 min)", lost: "lost" }[fate];
    rows.push(
      `| ${label} | ${mine.length} | ${s(percentile(lat, 50))} | ${s(percentile(lat, 95))} | ${s(lat.length ? Math.max(...lat) : null)} | ${mine.length - lat.length} |`,
    );
  }
  const unmatched = pushReplies.filter((r) => mailOf(r) === undefined).length;
  return `With push, by what became of the e-mail about the lead's first message${unmatched ? ` (${unmatched} threads had no e-mail record)` : ""}:

| e-mail | leads | p50 | p95 | max | unanswered |
|---|---|---|---|---|---|
${rows.join("\n")}

Of that, the part that is lease-bot's — from an on-time e-mail reaching the Worker to the reply stored on the site:
p50 ${s(percentile(ours, 50))}, p95 ${s(percentile(ours, 95))}, max ${s(ours.length ? Math.max(...ours) : null)} (${ours.length} leads).`;
}

interface ArmResult {
  arm: (typeof ARMS)[number];
  perSite: Record<LocalPlatform, { latencies: number[]; unanswered: number }>;
  latencies: number[];
  unanswered: number;
  followUps: number;
  pageLoadsActive: number;
  pageLoadsIdle: number;
  logins: number;
  launches: number;
  accounts: number;
  activeAccounts: number;
  idleAccounts: number;
}

async function main() {
  const started = Date.now();
  log(
    `profile ${PROFILE.name}: ${accounts.length} accounts (${accounts.length / ARMS.length} per arm), ${DURATION_MS / 60_000} min of leads, browser limits ${ARMS.map((a) => `${a.name} ${limitFor(a.name)}`).join(", ")}`,
  );
  log(
    isolated
      ? "each arm gets an equal CPU share"
      : `arms share the CPU unisolated: ${"unavailable" in groups ? groups.unavailable : ""}`,
  );
  execFileSync(process.execPath, [join(root, "scripts/browser-shim.mjs")], { stdio: "ignore" });
  const baselineDir = checkoutBaseline();
  log(`today's code: ${BASELINE_REF.slice(0, 12)} in ${baselineDir}`);

  const sandbox = spawn(
    process.execPath,
    ["--experimental-strip-types", "--no-warnings", "sandbox/main.ts"],
    {
      cwd: root,
      env: { ...process.env, SANDBOX_BASE_PORT: String(sandboxBase) },
      stdio: "ignore",
      detached: true,
    },
  );
  children.push(sandbox);
  if (sandbox.pid) isolated?.place("sites", sandbox.pid);
  await until("the sandbox", async () => (await fetch(`${sandboxControl}/__sandbox/health`)).ok, 60_000);
  await sandboxCall("POST", "/reset", { seed: SEED, empty: true });
  for (const a of accounts) {
    await sandboxCall("POST", "/accounts", {
      platform: a.platform,
      account: a.id,
      username: a.id,
      password: "bench-password",
    });
    a.listingId = (
      await sandboxCall<{ listingId: string }>("POST", "/listings", {
        platform: a.platform,
        account: a.id,
        title: `Bright double room ${a.slot + 1}`,
        price: 1450,
        location: "Park Slope, Brooklyn",
      })
    ).listingId;
  }

  for (const arm of ARMS) startWorker(arm, arm.code === "current" ? root : baselineDir);
  for (const { name: w } of ARMS)
    await until(
      `the ${w} arm's Worker`,
      async () => (await fetch(`${api(w)}/api/health`, { headers: asAdmin })).ok,
      180_000,
    );

  await sandboxCall("POST", "/notifications", {
    workerUrl: api("push"),
    accounts: accounts
      .filter((a) => a.arm === "push")
      .map((a) => ({ platform: a.platform, account: a.id, address: a.address })),
    seed: SEED,
  });

  // Warm-up: every account logs in and reads its (empty) inbox once, outside the measurement.
  log("warm-up: first login and inbox read of every account");
  for (const arm of ARMS) await fireCron(arm.name);
  // Today's code reads an inbox only on a tick: keep ticking until every account has.
  const warmCron = setInterval(() => {
    for (const arm of ARMS) void fireCron(arm.name);
  }, 60_000);
  await until(
    "every account's first run",
    async () =>
      (await Promise.all(accounts.map(status))).every(
        (x) =>
          x.lastRun !== null &&
          x.lastRun.failure === null &&
          !String(x.lastRun.skipped).startsWith("governor"),
      ),
    10 * 60_000,
  ).finally(() => clearInterval(warmCron));
  const launchesBefore = new Map<string, number>();
  for (const a of accounts) launchesBefore.set(a.id, (await status(a)).counters.launches ?? 0);
  await sandboxCall("DELETE", "/counters");

  // Measurement.
  const events = leadStream(
    {
      durationMs: DURATION_MS,
      sites: PLATFORMS,
      activePerSite: PROFILE.active,
      leadsPerAccountHour: PROFILE.leadsPerHour,
      phases: PHASES,
      followUpChance: 0.3,
      followUpMeanMs: 3 * 60_000,
    },
    SEED,
  );
  const t0 = Date.now();
  const tEnd = t0 + DURATION_MS;
  log(
    `measuring: ${events.filter((e) => e.kind === "new").length} new leads and ${events.filter((e) => e.kind === "follow_up").length} follow-ups per arm over ${DURATION_MS / 60_000} min`,
  );
  const samples: Record<ArmName, number[]> = { today: [], push: [], poll: [] };
  const cpuAtStart = cpuSeconds();
  const sampler = setInterval(() => {
    if (Date.now() > tEnd) return;
    const alive = aliveBrowsers();
    for (const arm of ARMS) samples[arm.name].push(alive[arm.name]);
  }, SAMPLE_EVERY_MS);
  // The cron every minute, on the minute, for every Worker (wrangler dev does not fire it).
  let cronTimer: ReturnType<typeof setTimeout> | null = null;
  const cron = () => {
    for (const arm of ARMS) void fireCron(arm.name);
    cronTimer = setTimeout(cron, 60_000 - (Date.now() % 60_000));
  };
  cronTimer = setTimeout(cron, 60_000 - (Date.now() % 60_000));
  const injected: Promise<unknown>[] = [];
  for (const e of events) {
    const wait = t0 + e.atMs - Date.now();
    if (wait > 0) await sleep(wait);
    for (const arm of ARMS) injected.push(inject(arm.name, e));
  }
  await Promise.all(injected);
  await sleep(Math.max(0, tEnd - Date.now()));
  clearInterval(sampler);
  const cpuAtEnd = cpuSeconds();
  const cpu = Object.fromEntries(
    Object.entries(cpuAtEnd).map(([k, v]) => [k, v - (cpuAtStart[k] ?? 0)]),
  ) as Record<string, number>;
  const counters = new Map<string, { pageLoads: Record<string, number>; logins: number }>();
  for (const a of accounts)
    counters.set(
      a.id,
      await sandboxCall("GET", `/counters?platform=${a.platform}&account=${encodeURIComponent(a.id)}`),
    );
  const launches = new Map<string, number>();
  for (const a of accounts)
    launches.set(a.id, ((await status(a)).counters.launches ?? 0) - (launchesBefore.get(a.id) ?? 0));

  // Drain: leads near the end still get their replies (a lost e-mail waits for the safety net).
  log(`window closed; waiting up to ${DRAIN_MS / 60_000} min for the last replies`);
  const drainEnd = Date.now() + DRAIN_MS;
  let results = await collect(t0, tEnd, counters, launches);
  while (Date.now() < drainEnd && results.some((r) => r.unanswered > 0)) {
    await sleep(15_000);
    results = await collect(t0, tEnd, counters, launches);
  }
  if (cronTimer) clearTimeout(cronTimer);
  for (const u of unansweredLeads) u.decision = await latestDecision(u);
  const notifications = await sandboxCall<{ log: NotificationRecord[] }>("GET", "/notifications");
  const report = render(results, samples, cpu, notifications.log, events, started, t0);
  // LATENCY_REPORT names the file under bench/ (e.g. a short run that stands in for the full one).
  const file = join(root, "bench", process.env.LATENCY_REPORT ?? (SHORT ? "latency-short.md" : "latency.md"));
  writeFileSync(file, report);
  console.log(report);
  log(`wrote ${file}`);
}

/**
 * What the arm's Worker decided last about an unanswered lead's thread, from its own API: an
 * unanswered lead may be a reply held for a person (a decision), or a lead that was never read.
 */
async function latestDecision(u: Unanswered): Promise<string> {
  try {
    const res = await fetch(`${api(u.arm)}/api/conversations?accountId=${encodeURIComponent(u.account)}`, {
      headers: asAdmin,
    });
    if (!res.ok) return `conversations API: ${res.status}`;
    const { items } = (await res.json()) as {
      items: { threadId: string; latestDecision?: { action: string; reason: string } | null }[];
    };
    const conv = items.find((c) => c.threadId === u.threadId);
    if (!conv) return "never read (no conversation in D1)";
    if (conv.latestDecision === undefined) return "read (this Worker's API shows no decisions)";
    return conv.latestDecision
      ? `${conv.latestDecision.action}: ${conv.latestDecision.reason}`
      : "read, not decided";
  } catch (err) {
    return `conversations API: ${String(err).slice(0, 80)}`;
  }
}

/** CPU seconds used so far by each CPU group (empty without isolation). */
function cpuSeconds(): Record<string, number> {
  if (!isolated) return {};
  return Object.fromEntries(GROUPS.map((n) => [n, isolated.usageSeconds(n)]));
}

async function inject(arm: ArmName, e: LeadEvent) {
  const a = accounts.find((x) => x.arm === arm && x.platform === e.site && x.slot === e.slot)!;
  await sandboxCall("POST", "/leads", {
    platform: a.platform,
    account: a.id,
    leadName: e.leadName,
    text: e.text,
    listingId: a.listingId,
  });
}

async function collect(
  t0: number,
  tEnd: number,
  counters: Map<string, { pageLoads: Record<string, number>; logins: number }>,
  launches: Map<string, number>,
): Promise<ArmResult[]> {
  const out: ArmResult[] = [];
  pushReplies.length = 0; // collected again on every call
  unansweredLeads.length = 0;
  for (const arm of ARMS) {
    const mine = accounts.filter((a) => a.arm === arm.name);
    const perSite = Object.fromEntries(
      PLATFORMS.map((p) => [p, { latencies: [] as number[], unanswered: 0 }]),
    ) as ArmResult["perSite"];
    let followUps = 0;
    for (const a of mine) {
      const { threads } = await sandboxCall<{ threads: TruthThread[] }>(
        "GET",
        `/truth?platform=${a.platform}&account=${encodeURIComponent(a.id)}`,
      );
      const firsts = firstReplies(threads, t0, tEnd);
      for (const f of firsts) {
        if (arm.name === "push") pushReplies.push({ ...f, account: a.id, platform: a.platform });
        if (f.replyAt === null)
          unansweredLeads.push({ arm: arm.name, account: a.id, threadId: f.threadId, decision: "" });
      }
      const r = latenciesOf(firsts);
      perSite[a.platform].latencies.push(...r.latenciesMs);
      perSite[a.platform].unanswered += r.unanswered;
      followUps += threads.reduce(
        (n, t) => n + Math.max(0, t.messages.filter((m) => m.direction === "inbound").length - 1),
        0,
      );
    }
    const loads = (a: Account) =>
      Object.values(counters.get(a.id)?.pageLoads ?? {}).reduce((x, y) => x + y, 0);
    out.push({
      arm,
      perSite,
      latencies: PLATFORMS.flatMap((p) => perSite[p].latencies),
      unanswered: PLATFORMS.reduce((n, p) => n + perSite[p].unanswered, 0),
      followUps,
      pageLoadsActive: mine.filter((a) => a.active).reduce((n, a) => n + loads(a), 0),
      pageLoadsIdle: mine.filter((a) => !a.active).reduce((n, a) => n + loads(a), 0),
      logins: mine.reduce((n, a) => n + (counters.get(a.id)?.logins ?? 0), 0),
      launches: mine.reduce((n, a) => n + (launches.get(a.id) ?? 0), 0),
      accounts: mine.length,
      activeAccounts: mine.filter((a) => a.active).length,
      idleAccounts: mine.filter((a) => !a.active).length,
    });
  }
  return out;
}

const s = (ms: number | null) => (ms === null ? "–" : `${(ms / 1000).toFixed(1)} s`);
const f1 = (x: number) => x.toFixed(1);
const usd = (x: number) => `$${x.toFixed(2)}`;

function render(
  results: ArmResult[],
  samples: Record<ArmName, number[]>,
  cpu: Record<string, number>,
  notifications: NotificationRecord[],
  events: LeadEvent[],
  started: number,
  t0: number,
): string {
  const prices = JSON.parse(
    readFileSync(join(root, "bench", "browser-run-prices.json"), "utf8"),
  ) as BrowserRunPrices;
  const hours = DURATION_MS / 3_600_000;
  const byArm = (n: ArmName) => results.find((r) => r.arm.name === n)!;
  // Today's code logs no browser events: its browser time is its sampled live sessions. This
  // code's arms are counted from their own log lines, on Browser Run's terms.
  const aliveS = (arm: ArmName) => aliveSeconds(samples[arm], SAMPLE_EVERY_MS);
  const peak = (arm: ArmName) => Math.max(0, ...samples[arm]);
  const overLimit = (arm: ArmName) => samples[arm].filter((n) => n > limitFor(arm)).length;
  const push = byArm("push");
  const poll = byArm("poll");
  const pushSessions = sessionSeconds("push", t0, t0 + DURATION_MS);
  const pollSessions = sessionSeconds("poll", t0, t0 + DURATION_MS);
  const browserSeconds: Record<ArmName, number> = {
    today: aliveS("today"),
    push: pushSessions.all,
    poll: pollSessions.all,
  };
  const launchFailed = (arm: ArmName) =>
    logLines[arm].filter(
      (l) => l.event === "run_failed" && l.step === "launch" && l.marker !== "page_budget",
    );
  // Browser Run refuses a launch over the plan's limit with a 429; the local binding has no limit,
  // and its other launch failures are Chromium not starting in time on a busy machine.
  const refused = (arm: ArmName) =>
    launchFailed(arm).filter((l) => /\b429\b|limit/i.test(String(l.message))).length;
  const localStart = (arm: ArmName) => launchFailed(arm).length - refused(arm);
  const reclaimed = (arm: ArmName) => logLines[arm].filter((l) => l.event === "browser_reclaimed").length;
  const perAccountHour = (x: number, n: number) => (n === 0 ? 0 : x / n / hours);
  const idleLoads = (r: ArmResult) => perAccountHour(r.pageLoadsIdle, r.idleAccounts);
  const activeLoads = (r: ArmResult) => perAccountHour(r.pageLoadsActive, r.activeAccounts);
  const bsPerAccountHour = (r: ArmResult) => perAccountHour(browserSeconds[r.arm.name], r.accounts);
  const peakPerAccount = (r: ArmResult) => peak(r.arm.name) / r.accounts;
  const cost = (r: ArmResult) => dollarsPerAccountMonth(bsPerAccountHour(r), peakPerAccount(r), prices);
  const fates = (fate: string) => notifications.filter((n) => n.fate === fate).length;
  const today = byArm("today");
  const ratio = (a: number, b: number) => (b === 0 ? "∞" : `${(a / b).toFixed(0)}×`);
  const newLeads = events.filter((e) => e.kind === "new").length;
  const figures = (r: ArmResult): ArmFigures => ({
    name: r.arm.name,
    title: r.arm.title,
    leads: r.latencies.length + r.unanswered,
    p95Ms: percentile(r.latencies, 95),
    unanswered: r.unanswered,
    idlePageLoadsPerHour: idleLoads(r),
    browserSecondsPerAccountHour: bsPerAccountHour(r),
  });

  const latencyRows = results
    .flatMap((r) =>
      PLATFORMS.map((p) => {
        const x = r.perSite[p];
        return `| ${r.arm.title} | ${p} | ${x.latencies.length} | ${s(percentile(x.latencies, 50))} | ${s(percentile(x.latencies, 95))} | ${s(x.latencies.length ? Math.max(...x.latencies) : null)} | ${x.unanswered} |`;
      }),
    )
    .join("\n");
  const allRows = results
    .map(
      (r) =>
        `| **${r.arm.title}** | **all** | ${r.latencies.length} | **${s(percentile(r.latencies, 50))}** | **${s(percentile(r.latencies, 95))}** | ${s(r.latencies.length ? Math.max(...r.latencies) : null)} | ${r.unanswered} |`,
    )
    .join("\n");
  const costRows = results
    .map((r) => {
      const c = cost(r);
      return `| ${r.arm.title} | ${f1(activeLoads(r))} | ${f1(idleLoads(r))} | ${f1(bsPerAccountHour(r))} | ${r.launches} | ${r.logins} | ${f1(c.hours)} h | ${usd(c.hoursUsd)} | ${usd(c.concurrencyUsd)} | **${usd(c.totalUsd)}** |`;
    })
    .join("\n");

  return `# Speed to lead and browser cost

Run ${new Date(started).toISOString()} · \`${SHORT ? "LATENCY_PROFILE=short " : ""}npm run bench:latency\` · profile **${PROFILE.name}** · ${Math.round((Date.now() - started) / 60_000)} min in all.
Three arms side by side in one run, each with ${today.accounts} accounts on the five sandbox sites (${today.activeAccounts} get leads,
${today.idleAccounts} stay idle), \`auto_send\` with the starter templates, production pacing (docs/anti-bot.md defaults),
the cron fired every minute. Each arm is its own Worker with its own browser governor limit (${ARMS.map((a) => `${a.name} ${limitFor(a.name)}`).join(", ")}).
${cpuNote(cpu)}

${renderVerdict(latencyVerdict(figures(today), figures(push), figures(poll)))}

- **${today.arm.title}**: the code before push (\`${BASELINE_REF.slice(0, 12)}\`): every cron tick reads every inbox, each
  account keeps its browser alive between ticks (\`BROWSER_KEEP_ALIVE_MS\` 150 s).
- **${push.arm.title}**: this code, push on. The sandbox e-mails the Worker's local e-mail endpoint 2–10 s after a lead
  writes (2 % lost, 2 % late by 1–5 min); of ${notifications.length} e-mails ${fates("lost")} were lost and ${fates("late")} late by 1–5 min. The safety-net poll runs underneath.
- **${poll.arm.title}**: this code, push off: the adaptive poll alone.

Leads: the same Poisson stream on every arm — ${newLeads} new leads and ${events.length - newLeads} follow-ups over ${DURATION_MS / 60_000} minutes,
with quiet stretches (0.1× the rate) and bursts (4×) (\`scripts/lib/latency-stream.ts\`, seed ${SEED}). Accounts' time zone
${TIME_ZONE} (midday there), so the night rule does not apply.

## Lead → reply

Time from the lead's first message being visible on the site to our reply stored there (sandbox ground truth), per
new thread opened in the window; replies were awaited up to ${DRAIN_MS / 60_000} min after it.

| arm | site | leads | p50 | p95 | max | unanswered |
|---|---|---|---|---|---|---|
${latencyRows}
${allRows}

${pushBreakdown(notifications)}

${unansweredSection()}

## Page loads, browser time, dollars

Per account-hour over the ${DURATION_MS / 60_000}-minute window. Page loads and logins as the sandbox sites counted them;
launches from the accounts' own counters; browser-seconds are sessions alive on Browser Run's terms (from launch to
close, or to the end of the keep-alive after the last use). Dollars per account per month at Browser Run's prices
as of ${prices.asOf} (\`bench/browser-run-prices.json\`): $${prices.perBrowserHourUsd} per browser-hour and
$${prices.perConcurrentBrowserUsd.toFixed(2)} per browser of peak concurrency, marginal (the plan's included ${prices.includedBrowserHoursPerMonth} hours and ${prices.includedConcurrentBrowsers} browsers are per
Cloudflare account and left out); concurrency is each account's share of the peak number of browsers alive at once.

| arm | page loads / active account-h | page loads / idle account-h | browser-s / account-h | launches | logins | browser-h / account-month | hours $ | concurrency $ | $ / account-month |
|---|---|---|---|---|---|---|---|---|---|
${costRows}

Idle accounts, browser-seconds per account-hour: today ${f1(perAccountHour(aliveS("today"), today.accounts))} (every account holds a browser
all hour) against ${f1(perAccountHour(pushSessions.idle, push.idleAccounts))} with push — ${ratio(perAccountHour(aliveS("today"), today.accounts), perAccountHour(pushSessions.idle, push.idleAccounts))} less.
How browser time is counted: today's code logs no browser events, so its browser-seconds are the browser
sessions of its Worker that were alive on this machine, sampled every ${SAMPLE_EVERY_MS / 1000} s (each account reuses one
kept session tick after tick, as on Browser Run). This code's arms are counted from its own \`browser_opened\` /
\`browser_released\` log lines on Browser Run's terms (a kept browser counts until its keep-alive lapses); the
same sampling of their Workers saw ${f1(aliveS("push"))} (push) and ${f1(aliveS("poll"))} (safety net only) session-seconds against
${f1(pushSessions.all)} and ${f1(pollSessions.all)} from the log lines.
Browser-seconds per account-hour, all accounts: today ${f1(bsPerAccountHour(today))}, push ${f1(bsPerAccountHour(push))}
(${ratio(bsPerAccountHour(today), bsPerAccountHour(push))} less), safety net only ${f1(bsPerAccountHour(poll))}.

## More accounts than browsers

Each arm's governor had the limit below. Browsers alive at once, sampled every ${SAMPLE_EVERY_MS / 1000} s on this machine (local Chromium
sessions of each arm's Worker):

| arm | accounts | limit | peak alive (sampled) | samples over the limit | peak alive on Browser Run's terms (log lines) | launches refused for the limit | local Chromium start failures | kept browsers closed to make room |
|---|---|---|---|---|---|---|---|---|
| ${today.arm.title} | ${today.accounts} | ${limitFor("today")} | ${peak("today")} | ${overLimit("today")} of ${samples.today.length} | – (logs no browser events) | ${refused("today")} | ${localStart("today")} | – |
| ${push.arm.title} | ${push.accounts} | ${limitFor("push")} | ${peak("push")} | ${overLimit("push")} of ${samples.push.length} | ${pushSessions.peak} | ${refused("push")} | ${localStart("push")} | ${reclaimed("push")} |
| ${poll.arm.title} | ${poll.accounts} | ${limitFor("poll")} | ${peak("poll")} | ${overLimit("poll")} of ${samples.poll.length} | ${pollSessions.peak} | ${refused("poll")} | ${localStart("poll")} | ${reclaimed("poll")} |

The local Browser binding enforces no limit, so "refused" can only be read from Browser Run itself; what shows
here is whether the browsers alive stayed within the limit the governor was given. A sampled count can run one
over while a closed browser's processes exit; the log lines count a browser from launch until its close.
A local start failure is a run whose Chromium did not come up in time on this (shared, two-core) machine; the run
is retried and the account served.

Today's governor frees a slot when a run ends while the kept browser lives on, so under a limit below its accounts
its browsers alive exceed it (on Browser Run, launches past the plan's limit fail); here it gets one per account. This code counts kept browsers, closes an idle one when
an account with work needs the slot, and keeps a browser only while work is due within 30 s. ${servedSentence(
    results.map((r) => ({ name: r.arm.name, unanswered: r.unanswered })),
  )}; idle accounts polled ${results.map((r) => `${r.arm.name} ${f1(idleLoads(r))}`).join(", ")} page loads an hour.
`;
}

/** How the CPU was shared, and what each arm used of it in the window. */
function cpuNote(cpu: Record<string, number>): string {
  if (!isolated)
    return `The arms shared the machine's CPU without isolation (${"unavailable" in groups ? groups.unavailable : ""}), so one arm's load shows in another's latency.`;
  const secs = (k: string) => `${(cpu[k] ?? 0).toFixed(0)} s`;
  return `Each arm's Worker and its browsers had an equal CPU share of this machine (Linux cgroup \`cpu.shares\`, \`scripts/lib/cpu-groups.ts\`), as did the sandbox sites: on Cloudflare every browser runs remotely, so here one arm's launches must not show up as another arm's latency. CPU used in the window: ${ARMS.map((a) => `${a.name} ${secs(a.name)}`).join(", ")}, sites ${secs("sites")} (of ${((DURATION_MS / 1000) * cpus).toFixed(0)} CPU-seconds on ${cpus} cores).`;
}

/**
 * Browser-seconds of one of this code's arms from its Worker's log lines (browser_opened,
 * browser_released, browser_reclaimed), on Browser Run's terms: a session is alive from its
 * launch to its close, or to `keepAliveMs` after its last use when it was kept and not reused.
 */
function sessionSeconds(arm: ArmName, t0: number, tEnd: number): Record<"all" | "idle" | "peak", number> {
  const sessions = new Map<
    string,
    { idle: boolean; start: number; end: number | null; keptUntil: number | null }
  >();
  const accountOf = (accountId: unknown) => accounts.find((a) => a.id === accountId);
  for (const l of logLines[arm]) {
    const at = Date.parse(String(l.at));
    const id = String(l.sessionId ?? "");
    // An operator's own browser (provider "cdp", docs/anti-bot.md) costs no Browser Run time.
    if (l.provider === "cdp") continue;
    if (l.event === "browser_opened") {
      const a = accountOf(l.accountId);
      if (!a) continue;
      const s = sessions.get(id);
      if (s) s.keptUntil = null;
      else sessions.set(id, { idle: !a.active, start: at, end: null, keptUntil: null });
    } else if (l.event === "browser_released") {
      const s = sessions.get(id);
      if (!s) continue;
      if (l.mode === "close") s.end = at;
      else s.keptUntil = at + Number(l.keepAliveMs ?? 60_000);
    } else if (l.event === "browser_reclaimed") {
      const s = sessions.get(id);
      if (s && s.end === null) s.end = at;
    }
  }
  const out = { all: 0, idle: 0, peak: 0 };
  const edges: [number, number][] = [];
  for (const s of sessions.values()) {
    const end = s.end ?? s.keptUntil ?? tEnd;
    if (Math.min(end, tEnd) > Math.max(s.start, t0))
      edges.push([Math.max(s.start, t0), 1], [Math.min(end, tEnd), -1]);
    const lo = Math.max(s.start, t0);
    const hi = Math.min(end, tEnd);
    if (hi <= lo) continue;
    const secs = (hi - lo) / 1000;
    out.all += secs;
    if (s.idle) out.idle += secs;
  }
  let alive = 0;
  for (const [, d] of edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
    alive += d;
    out.peak = Math.max(out.peak, alive);
  }
  return out;
}

process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));
try {
  await main();
  await cleanup();
} catch (err) {
  console.error(`[bench:latency] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  console.error(`[bench:latency] Worker logs: ${stateRoot}/*.log`);
  await cleanup();
  process.exit(1);
}
