/**
 * `npm run release -- [--tag <tag>] [--message <text>] [--skip-check] [--override-gates "<why>"]`
 * `npm run release -- --dry-run [--snapshots <dir>]`
 *
 * First the gates (scripts/release/gates.ts): a clean tree, HEAD pushed, the commit's required CI
 * checks green on GitHub (through gh; `--override-gates` only when GitHub cannot be asked, and
 * then written to the record). Then it tags the commit with its notes (.release/<tag>.notes.md)
 * and pushes the tag. Then it walks shadow → canary → full with wrangler versions and the version comparison API, and
 * promotes, holds or rolls back by release.config.json (docs/release.md). Exit codes: 0
 * released, 2 rolled back, 3 held (a person decides), 1 error.
 *
 * Real runs need: wrangler logged in (CLOUDFLARE_API_TOKEN or `wrangler login`),
 * LEASEBOT_API_URL (e.g. https://lease-bot.example.com), and an admin's Access token in
 * LEASEBOT_ACCESS_TOKEN (`cloudflared access token -app=$LEASEBOT_API_URL`) — or, against a
 * development Worker only, LEASEBOT_DEV_IDENTITY.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadReleaseConfig } from "./config.ts";
import { dryRunDeps, loadSnapshots } from "./dry-run.ts";
import { releaseGates, releaseNotes, tagRelease } from "./gates.ts";
import { EXIT, type ReleaseState, type RolloutDeps, release } from "./rollout.ts";

const { values } = parseArgs({
  options: {
    "dry-run": { type: "boolean", default: false },
    snapshots: { type: "string", default: "scripts/release/fixtures/rollout" },
    tag: { type: "string" },
    message: { type: "string" },
    "skip-check": { type: "boolean", default: false },
    "override-gates": { type: "string" },
    config: { type: "string", default: "release.config.json" },
  },
});

async function main(): Promise<number> {
  const cfg = loadReleaseConfig(values.config);
  const tag = values.tag ?? (await gitShortSha());
  const opts = { tag, message: values.message ?? `lease-bot ${tag}`, skipCheck: values["skip-check"] };
  const log = (line: string) => console.log(line);
  let deps: RolloutDeps;
  if (values["dry-run"]) {
    log(`DRY RUN: nothing is deployed and no API is called; snapshots from ${values.snapshots}`);
    const gates = releaseGates(shSync, {
      requiredChecks: cfg.gates.requiredChecks,
      remote: cfg.gates.remote,
      override: values["override-gates"] ?? null,
    });
    log(
      gates.ok
        ? `gates: a real run would go on (${gates.record.source === "override" ? "overridden" : "green on GitHub"})`
        : `gates: a real run would refuse now —\n${gates.problems.map((p) => `  ${p}`).join("\n")}`,
    );
    deps = dryRunDeps(
      loadSnapshots(values.snapshots),
      new Date(Math.floor(Date.now() / 60_000) * 60_000),
      log,
    );
  } else {
    // The API URL and token are checked first: nothing is tagged for a release that cannot run.
    const record: Record<string, unknown> = {};
    deps = realDeps(tag, log, record);
    const gates = releaseGates(shSync, {
      requiredChecks: cfg.gates.requiredChecks,
      remote: cfg.gates.remote,
      override: values["override-gates"] ?? null,
    });
    if (!gates.ok) {
      for (const p of gates.problems) console.error(`refused: ${p}`);
      return 1;
    }
    if (gates.record.source === "override")
      log(`GATES OVERRIDDEN by ${gates.record.override?.by}: ${gates.record.override?.reason}`);
    else log(`gates green on GitHub: ${cfg.gates.requiredChecks.join(", ")}`);
    mkdirSync(".release", { recursive: true });
    const notesPath = join(".release", `${tag}.notes.md`);
    writeFileSync(notesPath, releaseNotes(shSync, tag, gates.record, cfg.gates.requiredChecks).notes);
    const tagged = tagRelease(shSync, tag, gates.record.commit, notesPath, cfg.gates.remote);
    if (tagged.length) {
      for (const p of tagged) console.error(`refused: ${p}`);
      return 1;
    }
    log(`tagged ${tag} (${notesPath})`);
    record.gates = gates.record;
    record.notes = notesPath;
  }
  const state = await release(cfg, opts, deps);
  return EXIT[state.outcome as keyof typeof EXIT];
}

function shSync(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { code: r.status ?? 1, out: `${r.stdout ?? ""}${r.status === 0 ? "" : (r.stderr ?? "")}` };
}

function realDeps(tag: string, log: (line: string) => void, record: Record<string, unknown>): RolloutDeps {
  const apiUrl = process.env.LEASEBOT_API_URL;
  if (!apiUrl) throw new Error("set LEASEBOT_API_URL to the Worker's URL (see docs/release.md)");
  const token = process.env.LEASEBOT_ACCESS_TOKEN;
  const devIdentity = process.env.LEASEBOT_DEV_IDENTITY;
  if (!token && !devIdentity)
    throw new Error(
      "set LEASEBOT_ACCESS_TOKEN to an admin's Access token (cloudflared access token -app=$LEASEBOT_API_URL)",
    );
  mkdirSync(".release", { recursive: true });
  return {
    run: (cmd) => runCommand(cmd),
    async api(method, path, body) {
      const headers: Record<string, string> = { accept: "application/json" };
      if (token) headers["cf-access-token"] = token;
      else if (devIdentity) headers["X-Dev-Identity"] = devIdentity;
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(new URL(path, apiUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
      return JSON.parse(text) as unknown;
    },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: () => new Date(),
    log,
    save(state: ReleaseState) {
      // The release record: the rollout's state plus the gates it passed (or their override).
      writeFileSync(join(".release", `${tag}.json`), `${JSON.stringify({ ...record, ...state }, null, 2)}\n`);
    },
  };
}

/** Runs a command, echoing its output; wrangler's machine-readable output is collected too. */
function runCommand(cmd: string[]): Promise<{ stdout: string; outputFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), "lease-bot-release-"));
  const outputPath = join(dir, "wrangler-output.ndjson");
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), {
      stdio: ["inherit", "pipe", "inherit"],
      env: { ...process.env, WRANGLER_OUTPUT_FILE_PATH: outputPath },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      let outputFile = "";
      try {
        outputFile = readFileSync(outputPath, "utf8");
      } catch {
        // Only wrangler writes it, and not every command.
      }
      rmSync(dir, { recursive: true, force: true });
      if (code === 0) resolve({ stdout, outputFile });
      else reject(new Error(`${cmd.join(" ")} exited with ${code}`));
    });
  });
}

async function gitShortSha(): Promise<string> {
  try {
    const { stdout } = await runQuiet(["git", "rev-parse", "--short", "HEAD"]);
    return `release-${stdout.trim()}`;
  } catch {
    return `release-${new Date().toISOString().slice(0, 10)}`;
  }
}

function runQuiet(cmd: string[]): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ["ignore", "pipe", "ignore"] });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve({ stdout }) : reject(new Error(`exit ${code}`))));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`release: ${(err as Error).message}`);
    process.exit(1);
  },
);
