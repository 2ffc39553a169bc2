// The README's first run, as a new user does it, checked from the sandbox's ground truth.
//
// Starts the system with `npm start` itself (the same script, the same `wrangler dev`, the same
// `.dev.vars` handling), on ports of its own and a fresh local state directory, then on each of
// the five sites: a lead asks for a viewing → in draft_only a draft appears and nothing reaches
// the site; the account goes to auto_send → another lead's viewing request gets exactly one reply
// stored on the site within three cron ticks; the first lead's draft, approved, is stored once.
// Exits non-zero on the first broken promise and prints the stack's log.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sleep } from "../domain/util/sleep.ts";
import { DEV_ADMIN, type LocalPlatform, localStack, PLATFORMS, root } from "./lib/local-stack.ts";

const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: process.env.SMOKE_PORT ?? "8687",
  SANDBOX_BASE_PORT: process.env.SMOKE_SANDBOX_BASE_PORT ?? "8680",
  INSPECTOR_PORT: process.env.SMOKE_INSPECTOR_PORT ?? "8699",
  LEASEBOT_STATE_DIR: mkdtempSync(join(tmpdir(), "lease-bot-smoke-")),
  // This script fires the cron itself so that it can count the ticks a reply needs.
  LEASEBOT_CRON_EVERY_MS: String(24 * 3_600_000),
  // Every site e-mail arrives (none lost or late): the promise checked is the first run's, not
  // the safety net's (bench:latency measures that).
  SANDBOX_EMAIL_LOSS_RATE: "0",
  SANDBOX_EMAIL_LATE_RATE: "0",
};
const stack = localStack(env);
const logFile = join(root, "bench", "out", "smoke-first-run.log");
const TICK_SETTLE_MS = 45_000;
const VIEWING_REQUEST = "Hello! Is the room still available? Could I come and see it on Saturday morning?";

type Json = Record<string, unknown>;
const asAdmin = { "X-Dev-Identity": DEV_ADMIN, "content-type": "application/json" };

async function api<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.api}${path}`, {
    method,
    headers: asAdmin,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function sandbox<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.sandboxControl}/__sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

interface TruthThread {
  leadName: string;
  messages: { direction: "inbound" | "outbound"; text: string }[];
}

/** The messages the site stored in the lead's thread that the account wrote (ours). */
async function storedReplies(platform: LocalPlatform, leadName: string): Promise<string[]> {
  const truth = await sandbox<{ threads: TruthThread[] }>("GET", `/truth?platform=${platform}&account=demo`);
  const thread = truth.threads.find((t) => t.leadName === leadName);
  if (!thread) throw new Error(`${platform}: no thread for ${leadName}`);
  return thread.messages.filter((m) => m.direction === "outbound").map((m) => m.text);
}

interface ConversationItem {
  id: string;
  lead: { name: string };
  counts: { drafts: number };
}

async function conversationOf(platform: LocalPlatform, leadName: string): Promise<ConversationItem | null> {
  const list = await api<{ items: ConversationItem[] }>(
    "GET",
    `/api/conversations?platform=${platform}&limit=100`,
  );
  return list.items.find((c) => c.lead.name === leadName) ?? null;
}

let ticks = 0;
async function tick() {
  ticks++;
  const res = await fetch(`${stack.api}/__scheduled?cron=*+*+*+*+*`);
  if (!res.ok) throw new Error(`cron tick → ${res.status}`);
}

/** Fires cron ticks (at most `max`) until `done` holds for every site; returns the ticks used. */
async function withinTicks(what: string, max: number, done: (p: LocalPlatform) => Promise<boolean>) {
  const pending = new Set<LocalPlatform>(PLATFORMS);
  const used: Partial<Record<LocalPlatform, number>> = {};
  for (let n = 1; n <= max && pending.size > 0; n++) {
    await tick();
    const settle = Date.now() + TICK_SETTLE_MS;
    while (pending.size > 0 && Date.now() < settle) {
      for (const p of [...pending]) {
        if (await done(p).catch(() => false)) {
          pending.delete(p);
          used[p] = n;
        }
      }
      if (pending.size > 0) await sleep(1000);
    }
  }
  if (pending.size > 0)
    throw new Error(`${what}: not done within ${max} cron ticks on ${[...pending].join(", ")}`);
  return used as Record<LocalPlatform, number>;
}

const child = spawn("npm", ["start"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
let log = "";
child.stdout.on("data", (b: Buffer) => {
  log += b.toString();
});
child.stderr.on("data", (b: Buffer) => {
  log += b.toString();
});
const stopStack = async () => {
  if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
  await sleep(1500);
  rmSync(env.LEASEBOT_STATE_DIR!, { recursive: true, force: true });
};

const results: string[] = [];
try {
  const t0 = Date.now();
  await until("the API", 240_000, async () =>
    (await fetch(`${stack.api}/api/health`, { headers: asAdmin })).ok ? true : null,
  );
  results.push(`stack up in ${Math.round((Date.now() - t0) / 1000)} s`);

  // 1. The credentials npm start put in .dev.vars reach the Worker, and it logs in on every site.
  const accounts = await api<{ items: { id: string; missingSecrets: string[] }[] }>("GET", "/api/platforms");
  for (const a of accounts.items) {
    if (a.missingSecrets.length > 0)
      throw new Error(
        `the Worker does not see the secrets ${a.missingSecrets.join(", ")} that ${a.id} names`,
      );
  }
  const loggedIn = await withinTicks("login on every site", 3, async (p) => {
    const a = await api<{ health: { sessionState: string } }>("GET", `/api/platforms/local-${p}`);
    return a.health.sessionState === "ok";
  });
  results.push(`logged in: ${JSON.stringify(loggedIn)} (ticks)`);

  // 2. draft_only (the default): a draft, and nothing on the site.
  const draftLead = (p: LocalPlatform) => `Dana Draft ${p}`;
  for (const p of PLATFORMS)
    await sandbox("POST", "/leads", { platform: p, leadName: draftLead(p), text: VIEWING_REQUEST });
  const drafted = await withinTicks("a draft in draft_only", 3, async (p) => {
    const c = await conversationOf(p, draftLead(p));
    return (c?.counts.drafts ?? 0) > 0;
  });
  for (const p of PLATFORMS) {
    const stored = await storedReplies(p, draftLead(p));
    if (stored.length !== 0) throw new Error(`${p}: draft_only stored ${stored.length} replies on the site`);
  }
  results.push(`draft_only: a draft on every site, nothing stored ${JSON.stringify(drafted)} (ticks)`);

  // 3. auto_send: exactly one reply stored for a plain viewing request.
  for (const p of PLATFORMS) await api("PATCH", `/api/platforms/local-${p}`, { sendMode: "auto_send" });
  const autoLead = (p: LocalPlatform) => `Avery Auto ${p}`;
  for (const p of PLATFORMS)
    await sandbox("POST", "/leads", { platform: p, leadName: autoLead(p), text: VIEWING_REQUEST });
  const sent = await withinTicks(
    "one reply in auto_send",
    3,
    async (p) => (await storedReplies(p, autoLead(p))).length > 0,
  );
  results.push(`auto_send: a reply on every site ${JSON.stringify(sent)} (ticks)`);

  // 4. The first lead's draft, approved by a person, is stored once.
  for (const p of PLATFORMS) {
    const c = await conversationOf(p, draftLead(p));
    const detail = await api<{ replies: { id: string; status: string }[] }>(
      "GET",
      `/api/conversations/${c!.id}`,
    );
    const draft = detail.replies.find((r) => r.status === "draft");
    if (!draft) throw new Error(`${p}: the draft is gone after switching to auto_send`);
    await api("POST", `/api/replies/${draft.id}/approve`, {});
  }
  const approved = await withinTicks(
    "the approved draft stored",
    3,
    async (p) => (await storedReplies(p, draftLead(p))).length > 0,
  );
  results.push(`approved drafts stored ${JSON.stringify(approved)} (ticks)`);

  // 5. Another tick changes nothing: one reply each, never two.
  await tick();
  await sleep(20_000);
  for (const p of PLATFORMS) {
    for (const lead of [draftLead(p), autoLead(p)]) {
      const stored = await storedReplies(p, lead);
      if (stored.length !== 1)
        throw new Error(`${p}: ${lead}'s thread holds ${stored.length} replies, not 1`);
    }
  }
  results.push(`exactly one reply per thread on all five sites after ${ticks} cron ticks in all`);
  console.log(`first-run smoke: PASS\n  ${results.join("\n  ")}`);
  await stopStack();
  process.exit(0);
} catch (err) {
  console.error(`first-run smoke: FAIL — ${err instanceof Error ? err.message : String(err)}`);
  console.error(`  so far:\n  ${results.join("\n  ")}`);
  await stopStack();
  mkdirSync(dirname(logFile), { recursive: true });
  writeFileSync(logFile, log);
  console.error(`--- the last lines of npm start (whole log in ${logFile}) ---`);
  console.error(log.split("\n").slice(-60).join("\n"));
  process.exit(1);
}
