/**
 * `npm run release:check [-- --outdir <dir>] [--base <git ref>]`: the release-candidate checks,
 * offline (docs/release.md). Fails when
 *   - a migration is not additive (scripts/release/migration-check.ts) and does not declare
 *     itself a reviewed contract step; a migration differs from migrations/manifest.json, or a
 *     landed one changed on the main line without a recorded repair (migration-history.ts);
 *   - worker-configuration.d.ts has drifted from wrangler.toml (`wrangler types --check`);
 *   - the panel's assets (when wrangler.toml has [assets]) or the Worker bundle
 *     (`wrangler deploy --dry-run --outdir`) are over the budgets in release.config.json.
 * Every check runs and reports; the exit code is 1 when any failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { blocking, checkConfig, describeProblems } from "../../domain/config/config-check.ts";
import {
  assetsDirectory,
  assetViolations,
  bundleViolations,
  isWorkerModule,
  kib,
  measure,
  type SizedFile,
} from "./candidate.ts";
import { loadReleaseConfig } from "./config.ts";
import { configFacts, isTemplate } from "./config-facts.ts";
import { checkMigrations } from "./migration-check.ts";
import { readManifest } from "./migration-files.ts";
import { type Git, landedHistoryProblems } from "./migration-history.ts";
import { manifestProblems } from "./migration-manifest.ts";

const { values } = parseArgs({
  options: {
    outdir: { type: "string", default: ".release/bundle" },
    /** The landed ref whose history migrations are checked against (default origin/main, else main, else HEAD). */
    base: { type: "string" },
    config: { type: "string", default: "release.config.json" },
  },
});

const cfg = loadReleaseConfig(values.config);
const failures: string[] = [];
const report = (ok: boolean, name: string, detail: string) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
  if (!ok) failures.push(name);
};

function run(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { code: r.status ?? 1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

function filesUnder(dir: string): SizedFile[] {
  const out: SizedFile[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: relative(dir, p), bytes: readFileSync(p) });
  }
  return out;
}

// ---- migrations: additive only, and history is not rewritten
const migrationFiles = readdirSync("migrations")
  .filter((f) => f.endsWith(".sql"))
  .sort()
  .map((name) => ({ name, sql: readFileSync(join("migrations", name), "utf8") }));
const all = checkMigrations(migrationFiles);
const violations = all.filter((v) => v.acceptedAs === null);
for (const v of all.filter((x) => x.acceptedAs !== null))
  console.log(`note accepted contract step in ${v.file} (${v.acceptedAs}): ${v.message}`);
report(
  violations.length === 0,
  "migrations are additive",
  violations.length === 0
    ? `${migrationFiles.length} files`
    : violations.map((v) => `\n     ${v.file}: ${v.message}\n       ${v.statement}`).join(""),
);

// ---- migrations are history: the manifest, and the main line's own history (migration-history.ts)
const manifest = readManifest();
const manifestIssues = manifestProblems(manifest, migrationFiles);
report(
  manifestIssues.length === 0,
  "migrations match their manifest",
  manifestIssues.length
    ? manifestIssues.map((p) => `\n     ${p}`).join("")
    : `${manifest.migrations.length} recorded`,
);
const git: Git = (args) => run("git", args);
const history = landedHistoryProblems(
  git,
  manifest,
  migrationFiles,
  values.base ?? process.env.RELEASE_BASE_REF,
);
for (const n of history.notes) console.log(`note ${n}`);
if (history.landedRef === null) console.log("skip migrations never change after landing: no git history");
else
  report(
    history.problems.length === 0,
    "migrations never change after landing",
    history.problems.length
      ? history.problems.map((p) => `\n     ${p}`).join("")
      : `every version on ${history.landedRef}'s main line is today's or a repaired earlier one`,
  );

// ---- the one config check (domain/config/config-check.ts), deploy scope
{
  const secrets = run("npx", ["wrangler", "secret", "list", "--format", "json"]);
  let names: string[] | null = null;
  if (secrets.code === 0)
    try {
      names = (JSON.parse(secrets.out.slice(secrets.out.indexOf("["))) as { name: string }[]).map(
        (x) => x.name,
      );
    } catch {
      names = null;
    }
  const facts = configFacts(readFileSync("wrangler.toml", "utf8"), names);
  const problems = checkConfig(facts, "deploy");
  if (names === null)
    console.log(
      "note SESSION_KEY not checked: `wrangler secret list` did not answer (offline or not logged in)",
    );
  if (isTemplate(facts))
    console.log(
      "skip configuration: wrangler.toml is the repository's template (every placeholder in place); a deployment's copy is checked in full — `npm run setup` fills it",
    );
  else {
    const stop = blocking(problems);
    report(
      stop.length === 0,
      "configuration",
      stop.length
        ? describeProblems(stop)
            .map((l) => `\n     ${l}`)
            .join("")
        : "nothing blocking",
    );
  }
  for (const w of describeProblems(problems.filter((p) => p.severity === "warning")))
    console.log(`warn ${w}`);
}

// ---- Env types match wrangler.toml
const types = run("npx", ["wrangler", "types", "--strict-vars=false", "--check"]);
report(
  types.code === 0,
  "wrangler types --check",
  types.code === 0
    ? "worker-configuration.d.ts matches wrangler.toml"
    : `${types.out.trim()}\n     run: npm run types`,
);

// ---- the panel's static assets, when this Worker serves them
const assetsDir = assetsDirectory(readFileSync("wrangler.toml", "utf8"));
let assetsReady = true;
if (assetsDir === null) {
  console.log("skip panel assets: wrangler.toml has no [assets]; the Worker bundle is the whole release");
} else {
  if (!existsSync(assetsDir)) {
    const script = cfg.candidate.assets.buildScript;
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts?: Record<string, string> })
      .scripts;
    if (scripts?.[script]) {
      console.log(`     ${assetsDir} is missing: npm run ${script}`);
      const built = spawnSync("npm", ["run", script], { stdio: "inherit" });
      if (built.status !== 0) report(false, "panel assets", `npm run ${script} failed`);
    }
  }
  if (existsSync(assetsDir)) {
    const m = measure(filesUnder(assetsDir));
    const over = assetViolations(m, cfg.candidate.assets);
    report(
      over.length === 0,
      "panel assets within budget",
      `${m.files} files, ${kib(m.rawBytes)} (${kib(m.gzipBytes)} gzip), JavaScript ${kib(m.jsGzipBytes)} gzip of ${kib(cfg.candidate.assets.maxJsGzipBytes)}${over.length ? ` — ${over.join("; ")}` : ""}`,
    );
  } else {
    assetsReady = false;
    report(
      false,
      "panel assets",
      `wrangler.toml serves [assets] from ${assetsDir}, which does not exist, and package.json has no "${cfg.candidate.assets.buildScript}" script to build it (candidate.assets.buildScript in ${values.config})`,
    );
  }
}

// ---- the Worker bundle, as `wrangler deploy` would upload it
if (assetsReady) {
  rmSync(values.outdir, { recursive: true, force: true });
  mkdirSync(values.outdir, { recursive: true });
  const dry = run("npx", ["wrangler", "deploy", "--dry-run", "--outdir", values.outdir]);
  if (dry.code !== 0) report(false, "Worker bundle", `wrangler deploy --dry-run failed:\n${dry.out.trim()}`);
  else {
    const modules = filesUnder(values.outdir).filter((f) => isWorkerModule(f.path));
    const m = measure(modules);
    const over = bundleViolations(m, cfg.candidate.bundle);
    const wranglerSays = /Total Upload: [^\n]+/.exec(dry.out)?.[0];
    report(
      over.length === 0,
      "Worker bundle within budget",
      `${m.files} module(s), ${kib(m.rawBytes)} of ${kib(cfg.candidate.bundle.maxRawBytes)}, ${kib(m.gzipBytes)} gzip of ${kib(cfg.candidate.bundle.maxGzipBytes)}${wranglerSays ? ` (wrangler: ${wranglerSays})` : ""}${over.length ? ` — ${over.join("; ")}` : ""}`,
    );
  }
}

if (failures.length) {
  console.log(`\nrelease:check FAILED: ${failures.join(", ")}`);
  process.exit(1);
}
console.log(`\nrelease:check passed (bundle in ${values.outdir})`);
