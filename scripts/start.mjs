#!/usr/bin/env node
// `npm start`: the whole system on this machine, against the sandbox sites.
//   1. the local Browser binding shim (Chromium), 2. .dev.vars (development identity, a cookie
//   key, the sandbox's demo logins), 3. local D1 migrated and seeded (INSERT OR IGNORE: an
//   admin's changes survive restarts), 4. the sandbox sites, 5. `wrangler dev` on :8787,
//   6. the cron fired every minute (wrangler dev does not fire crons by itself).
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const PORT = Number(process.env.PORT ?? 8787);
const children = [];

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

function ensureDevVars() {
  const file = join(root, ".dev.vars");
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const wanted = {
    ENVIRONMENT: "development",
    SESSION_KEY: randomBytes(32).toString("base64"),
    SANDBOX_USERNAME: "demo",
    SANDBOX_PASSWORD: "demo-password",
  };
  const missing = Object.entries(wanted).filter(([k]) => !new RegExp(`^${k}=`, "m").test(existing));
  if (missing.length) {
    const add = missing.map(([k, v]) => `${k}=${v}`).join("\n");
    writeFileSync(file, `${existing}${existing && !existing.endsWith("\n") ? "\n" : ""}${add}\n`);
  }
}

const PLATFORMS = ["spareroom", "roomies", "leasebreak", "renthop", "furnishedfinder"];

function seedSql() {
  const now = new Date().toISOString();
  const refs = JSON.stringify({ username: "secret:SANDBOX_USERNAME", password: "secret:SANDBOX_PASSWORD" });
  const accounts = PLATFORMS.map(
    (p, i) =>
      `INSERT OR IGNORE INTO platform_accounts (id, platform, label, is_active, send_mode, credential_refs, base_url, created_at, updated_at, updated_by)
       VALUES ('local-${p}', '${p}', 'demo', 1, NULL, '${refs}', 'http://127.0.0.1:${8801 + i}', '${now}', '${now}', 'system:seed');`,
  );
  return [
    `INSERT OR IGNORE INTO users (email, role, created_at) VALUES ('admin@lease-bot.local', 'admin', '${now}');`,
    `INSERT OR IGNORE INTO users (email, role, created_at) VALUES ('agent@lease-bot.local', 'agent', '${now}');`,
    ...accounts,
  ].join("\n");
}

function start(name, cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code) => {
    console.log(`[start] ${name} exited (${code}); stopping`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

run(process.execPath, [join(root, "scripts/browser-shim.mjs")]);
ensureDevVars();
run(bin("wrangler"), ["d1", "migrations", "apply", "lease-bot", "--local"]);
const seedFile = join(root, ".wrangler", "seed-local.sql");
writeFileSync(seedFile, seedSql());
run(bin("wrangler"), ["d1", "execute", "lease-bot", "--local", "--file", seedFile]);

if (existsSync(join(root, "sandbox", "main.ts"))) {
  start("sandbox", process.execPath, [
    "--experimental-strip-types",
    "--no-warnings",
    join(root, "sandbox/main.ts"),
  ]);
}
start("wrangler dev", bin("wrangler"), [
  "dev",
  "--port",
  String(PORT),
  "--test-scheduled",
  "--ip",
  "127.0.0.1",
]);

async function fireCron() {
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/__scheduled?cron=*+*+*+*+*`);
    if (!res.ok) console.log(`[start] cron tick answered ${res.status}`);
  } catch {
    // wrangler dev is still starting; the next minute will catch it.
  }
}
setTimeout(fireCron, 15_000);
setInterval(fireCron, 60_000);

console.log(`
lease-bot is starting locally:
  API          http://127.0.0.1:${PORT}/api   (send X-Dev-Identity: admin@lease-bot.local)
  sandbox      control http://127.0.0.1:8800/__sandbox  sites :8801 spareroom, :8802 roomies,
               :8803 leasebreak, :8804 renthop, :8805 furnishedfinder  (login demo / demo-password)
  cron         fired every minute at http://127.0.0.1:${PORT}/__scheduled
  D1, Durable Objects  local, in .wrangler/state
  try: curl -H 'X-Dev-Identity: admin@lease-bot.local' http://127.0.0.1:${PORT}/api/platforms
`);
