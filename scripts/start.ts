// `npm start`: the whole system on this machine, against the sandbox sites.
//   1. the local Browser binding shim (Chromium)   2. `.dev.vars` (development identity, a cookie
//   key, the sandbox's demo login)   3. local D1 migrated and seeded   4. the sandbox sites
//   5. `wrangler dev`   6. a check that the Worker sees every secret the accounts name
//   7. the cron fired every minute (wrangler dev does not fire crons by itself)
//   8. the sandbox told to e-mail the Worker when a lead writes (each seeded account's address).
// Ports and the state directory come from scripts/lib/local-stack.ts (PORT, SANDBOX_BASE_PORT,
// LEASEBOT_STATE_DIR, ...), so a second system can run beside the first.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { blocking, checkConfig, describeProblems } from "../domain/config/config-check.ts";
import { ensureDevVars, localConfigFacts, START_CONFIG, startConfig } from "./lib/dev-vars.ts";
import { wireSandboxEmails } from "./lib/local-notify.ts";
import { localNotifyAddress, localSeedSql } from "./lib/local-seed.ts";
import { bin, DEV_ADMIN, localStack, PLATFORMS, root } from "./lib/local-stack.ts";

const stack = localStack();
const children: ChildProcess[] = [];
let stopping = false;

function run(cmd: string, args: string[]) {
  execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code) => {
    if (stopping) return;
    console.error(`[start] ${name} exited (${code}); stopping`);
    shutdown(code ?? 1);
  });
  children.push(child);
}

function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1000);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

const asAdmin = { "X-Dev-Identity": DEV_ADMIN };

async function waitForApi(deadline: number): Promise<boolean> {
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(`${stack.api}/api/health`, { headers: asAdmin }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

interface AccountSummary {
  id: string;
  isActive: boolean;
  missingSecrets?: string[];
}

/** The Worker's own view: a secret an active account names but the Worker cannot see. */
async function reportMissingSecrets(): Promise<void> {
  const res = await fetch(`${stack.api}/api/platforms`, { headers: asAdmin });
  if (!res.ok) return;
  const { items } = (await res.json()) as { items: AccountSummary[] };
  const missing = items.filter((a) => a.isActive && (a.missingSecrets?.length ?? 0) > 0);
  for (const a of missing) {
    console.error(
      `[start] ERROR: account ${a.id} names secrets the Worker does not have: ${a.missingSecrets!.join(", ")}. ` +
        "Add them to .dev.vars and restart npm start.",
    );
  }
}

async function fireCron() {
  try {
    const res = await fetch(`${stack.api}/__scheduled?cron=*+*+*+*+*`);
    if (!res.ok) console.error(`[start] cron tick answered ${res.status}`);
  } catch {
    // wrangler dev is restarting; the next tick will catch it.
  }
}

/**
 * The sandbox accounts pass the same read-only verify check an operator runs on a real account
 * (POST /api/platforms/<id>/verify, docs/runbooks/go-live.md), so the first run can switch them
 * to auto_send as before. All five at once: each takes its own account's run lease, and one that
 * finds no browser slot free (429) asks again.
 */
async function verifySandboxAccounts(): Promise<void> {
  await Promise.all(PLATFORMS.map(verifyOne));
}

async function verifyOne(p: (typeof PLATFORMS)[number]): Promise<void> {
  try {
    let res: Response;
    // A run holding the account (the first cron tick) or no free browser: ask again shortly.
    for (let attempt = 1; ; attempt++) {
      res = await fetch(`${stack.api}/api/platforms/local-${p}/verify`, {
        method: "POST",
        headers: { "X-Dev-Identity": DEV_ADMIN, "content-type": "application/json" },
        body: "{}",
      });
      if (![409, 429].includes(res.status) || attempt >= 10) break;
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, 3000));
    }
    const body = (await res.json()) as {
      report?: { ok: boolean; requiredMissing: string[] };
      error?: { message: string };
    };
    if (res.ok && body.report?.ok) console.log(`[start] ${p}: verified (read-only check passed)`);
    else
      console.error(
        `[start] ${p}: not verified — ${body.error?.message ?? `required selectors missing: ${body.report?.requiredMissing.join(", ")}`}`,
      );
  } catch (err) {
    console.error(`[start] ${p}: the verify check did not answer (${err})`);
  }
}

run(process.execPath, [join(root, "scripts/browser-shim.mjs")]);
const devVars = ensureDevVars();
const toml = readFileSync(join(root, "wrangler.toml"), "utf8");
// The one configuration check, as the Worker will run it: refuse to start a Worker that would
// only answer 503 (or run a weaker check), and say exactly what to fix.
const problems = checkConfig(localConfigFacts(devVars, toml), "worker");
for (const line of describeProblems(problems.filter((p) => p.severity === "warning")))
  console.warn(`[start] warning: ${line}`);
if (blocking(problems).length > 0) {
  console.error(
    "[start] refusing to start: the configuration check found problems (.dev.vars, wrangler.toml):",
  );
  for (const line of describeProblems(blocking(problems))) console.error(`  - ${line}`);
  process.exit(1);
}
mkdirSync(stack.stateDir, { recursive: true });
const persist = ["--persist-to", stack.stateDir];
run(bin("wrangler"), ["d1", "migrations", "apply", "lease-bot", "--local", ...persist]);
const seedFile = join(stack.stateDir, "seed-local.sql");
writeFileSync(seedFile, localSeedSql(stack));
run(bin("wrangler"), ["d1", "execute", "lease-bot", "--local", ...persist, "--file", seedFile]);

start("sandbox", process.execPath, ["--experimental-strip-types", "--no-warnings", "sandbox/main.ts"], {
  ...process.env,
  SANDBOX_BASE_PORT: String(stack.sandboxBase),
});
// wrangler dev reads every .dev.vars value itself: the command line carries no secret (ps).
writeFileSync(join(root, START_CONFIG), startConfig(devVars, toml));
start("wrangler dev", bin("wrangler"), [
  "dev",
  "--config",
  START_CONFIG,
  "--port",
  String(stack.port),
  "--ip",
  "127.0.0.1",
  "--test-scheduled",
  ...persist,
  ...(stack.inspectorPort ? ["--inspector-port", String(stack.inspectorPort)] : []),
  // Follow-ups for a demo: `FOLLOWUP_DELAY_SCALE=0.0005 npm start` makes +1 day ~43 s (docs/followups.md).
  // Not a secret, so it may ride on the command line.
  ...(process.env.FOLLOWUP_DELAY_SCALE
    ? ["--var", `FOLLOWUP_DELAY_SCALE:${process.env.FOLLOWUP_DELAY_SCALE}`]
    : []),
]);

if (await waitForApi(Date.now() + 120_000)) {
  await reportMissingSecrets();
  // Push: the sandbox e-mails each seeded account's notification address through the Worker's
  // local e-mail endpoint; the alarm's polling and the cron stay underneath as the safety net.
  const rate = (v: string | undefined) => (v === undefined || v === "" ? undefined : Number(v));
  await wireSandboxEmails(stack, {
    accounts: PLATFORMS.map((p) => ({ platform: p, account: "demo", address: localNotifyAddress(p) })),
    lossRate: rate(process.env.SANDBOX_EMAIL_LOSS_RATE),
    lateRate: rate(process.env.SANDBOX_EMAIL_LATE_RATE),
  }).catch((err) => console.error(`[start] sandbox e-mails not wired (push stays quiet): ${err}`));
  // After the e-mails are wired, so a lead who writes meanwhile still wakes the account.
  await verifySandboxAccounts();
  await fireCron();
  setInterval(fireCron, stack.cronEveryMs);
  console.log(`
lease-bot is running locally.
  panel      ${stack.api}/   (sign in as the development admin or agent)
  API        ${stack.api}/api   (development identity: header X-Dev-Identity: ${DEV_ADMIN})
  sandbox    ${stack.sandboxControl}/__sandbox  — five stand-in sites on ports ${stack.sandboxBase + 1}–${stack.sandboxBase + 5}
             (log in to any of them in a browser as demo / demo-password to see what the bot sees)
  cron       fired every ${Math.round(stack.cronEveryMs / 1000)} s;  local D1 and Durable Objects in ${stack.stateDir}
  e-mail     the sandbox e-mails ${stack.api}/cdn-cgi/handler/email when a lead writes (push; a few are lost or late)

Try it (README, "First run"):
  1. npm run lead -- spareroom "Hi! Could I come and see the room on Saturday morning?"
  2. within seconds (the site's e-mail wakes the account) a draft appears:
       curl -s -H 'X-Dev-Identity: ${DEV_ADMIN}' '${stack.api}/api/conversations?filter=draft_waiting'
  3. approve it (POST /api/replies/<replyId>/approve) and see it on the site:
       curl -s '${stack.sandboxControl}/__sandbox/truth?platform=spareroom&account=demo'
  4. let it answer by itself:
       curl -s -X PATCH -H 'X-Dev-Identity: ${DEV_ADMIN}' -H 'content-type: application/json' \\
            -d '{"sendMode":"auto_send"}' ${stack.api}/api/platforms/local-spareroom
     then write another lead with step 1.
`);
} else if (!stopping) {
  console.error(`[start] the Worker did not answer on ${stack.api} within two minutes`);
  shutdown(1);
}
