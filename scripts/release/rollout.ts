/**
 * The rollout itself: shadow → canary → full (docs/release.md, docs/runbooks/rollout.md).
 * Everything outside — wrangler, the lease-bot API, the clock, the state file — comes in as
 * `RolloutDeps`, so `--dry-run` walks the same code with recorded snapshots and a virtual
 * clock, printing every command and decision without calling Cloudflare.
 */
import {
  type VersionComparison,
  versionComparisonSchema,
} from "../../worker/metrics/version-comparison-shape.ts";
import type { ReleaseConfig, StageName } from "./config.ts";
import { type CheckOutcome, decideCheck, summarize } from "./decide.ts";
import { type PolicyChange, platformsResponseSchema, restorePlan, shadowPlan } from "./shadow-policy.ts";
import { type Command, currentVersion, shellLine, uploadedVersion, wrangler } from "./wrangler-commands.ts";

export interface RunResult {
  stdout: string;
  /** What wrangler wrote to WRANGLER_OUTPUT_FILE_PATH during the command. */
  outputFile: string;
}

export interface RolloutDeps {
  run(cmd: Command): Promise<RunResult>;
  api(method: "GET" | "PUT" | "PATCH", path: string, body?: unknown): Promise<unknown>;
  sleep(ms: number): Promise<void>;
  now(): Date;
  log(line: string): void;
  save(state: ReleaseState): void;
}

export type Outcome = "released" | "rolled_back" | "held";

export interface ReleaseState {
  tag: string;
  startedAt: string;
  oldVersion: string | null;
  newVersion: string | null;
  /** The policy changes made to enter shadow, undone when the canary starts or on rollback. */
  shadowPolicy: PolicyChange[];
  policyRestored: boolean;
  stages: Partial<Record<StageName, { startedAt: string; checks: CheckOutcome[] }>>;
  outcome: Outcome | "in_progress";
  reason: string;
}

export interface ReleaseOptions {
  tag: string;
  message: string;
  /** Skip `npm run release:check` (it ran in CI for this commit). */
  skipCheck: boolean;
}

export const EXIT: Record<Outcome, number> = { released: 0, rolled_back: 2, held: 3 };

const MINUTE = 60_000;

export async function release(
  cfg: ReleaseConfig,
  opts: ReleaseOptions,
  deps: RolloutDeps,
): Promise<ReleaseState> {
  const r = cfg.rollout;
  const state: ReleaseState = {
    tag: opts.tag,
    startedAt: deps.now().toISOString(),
    oldVersion: null,
    newVersion: null,
    shadowPolicy: [],
    policyRestored: false,
    stages: {},
    outcome: "in_progress",
    reason: "",
  };
  const step = (line: string) => deps.log(`\n== ${line}`);
  const cmd = async (c: Command) => {
    deps.log(`$ ${shellLine(c)}`);
    return deps.run(c);
  };
  const finish = (outcome: Outcome, reason: string) => {
    state.outcome = outcome;
    state.reason = reason;
    deps.save(state);
    step(`${outcome.toUpperCase()}: ${reason}`);
    return state;
  };

  step("release candidate");
  if (opts.skipCheck) deps.log("release:check skipped (--skip-check): it ran in CI for this commit");
  else await cmd(["npm", "run", "release:check"]);
  await cmd(wrangler.applyMigrations(cfg.database));
  const oldVersion = currentVersion((await cmd(wrangler.deploymentStatus())).stdout);
  state.oldVersion = oldVersion;
  const newVersion = uploadedVersion((await cmd(wrangler.upload(opts.tag, opts.message))).outputFile);
  state.newVersion = newVersion;
  deps.log(`old version ${oldVersion} (100 %), new version ${newVersion}`);
  deps.save(state);

  // ---- shadow: the new version everywhere, every account in draft_only.
  step("shadow: all accounts on the new version in draft_only");
  const before = platformsResponseSchema.parse(await deps.api("GET", "/api/platforms"));
  const plan = shadowPlan(before);
  deps.log(
    `auto_send accounts before shadow: ${plan.autoSendAccounts.length ? plan.autoSendAccounts.join(", ") : "none"}`,
  );
  for (const change of plan.enter) await applyPolicy(change, deps);
  state.shadowPolicy = plan.enter;
  deps.save(state);
  await cmd(wrangler.deploy([{ version: newVersion, percent: 100 }], `shadow ${opts.tag}`));
  const shadowStart = deps.now();
  const shadowBaseline = {
    since: new Date(shadowStart.getTime() - r.stages.shadow.soakMinutes * MINUTE),
    until: shadowStart,
  };
  let verdict = await soak("shadow", shadowStart, shadowBaseline);
  if (verdict === "rollback") {
    await cmd(wrangler.rollback(oldVersion, rollbackMessage("shadow")));
    await restorePolicy();
    return finish("rolled_back", lastReason("shadow"));
  }
  if (verdict === "undecided")
    return finish(
      "held",
      `shadow gave no verdict in ${r.stages.shadow.maxChecks} checks; accounts stay in draft_only on the new version — decide by hand (docs/runbooks/rollout.md)`,
    );

  // ---- canary: the split; the accounts that were on auto_send answer again.
  step(`canary: new version at ${r.canaryPercent} %, auto_send back on`);
  await cmd(
    wrangler.deploy(
      [
        { version: newVersion, percent: r.canaryPercent },
        { version: oldVersion, percent: 100 - r.canaryPercent },
      ],
      `canary ${opts.tag}`,
    ),
  );
  await restorePolicy();
  const canaryStart = deps.now();
  verdict = await soak("canary", canaryStart, null);
  if (verdict === "rollback") {
    await cmd(wrangler.rollback(oldVersion, rollbackMessage("canary")));
    return finish("rolled_back", lastReason("canary"));
  }
  if (verdict === "undecided")
    return finish(
      "held",
      `canary gave no verdict in ${r.stages.canary.maxChecks} checks; the split stays as it is — decide by hand (docs/runbooks/rollout.md)`,
    );

  // ---- full: everyone on the new version; judged against the old version's canary window.
  step("full: new version at 100 %");
  await cmd(wrangler.deploy([{ version: newVersion, percent: 100 }], `full ${opts.tag}`));
  const fullStart = deps.now();
  verdict = await soak("full", fullStart, { since: canaryStart, until: fullStart });
  if (verdict === "rollback") {
    await cmd(wrangler.rollback(oldVersion, rollbackMessage("full")));
    return finish("rolled_back", lastReason("full"));
  }
  if (verdict === "undecided")
    return finish(
      "held",
      `full gave no verdict in ${r.stages.full.maxChecks} checks; the new version serves 100 % — watch it (docs/runbooks/rollout.md)`,
    );
  // ---- what a version does not carry: the Worker's triggers, and the Pages panel if used.
  step("triggers (and the Pages panel)");
  await cmd(wrangler.triggersDeploy());
  if (cfg.pages.enabled)
    await cmd(wrangler.pagesDeploy(cfg.pages.project, cfg.pages.branch, `lease-bot ${opts.tag}`));
  else deps.log("Pages: not used (release.config.json pages.enabled = false); the Worker serves the panel");
  return finish("released", `${newVersion} serves 100 % after shadow, canary and full`);

  /** Checks the stage every `checkEveryMinutes` until it promotes, rolls back or runs out of checks. */
  async function soak(
    stage: StageName,
    start: Date,
    baselineWindow: { since: Date; until: Date } | null,
  ): Promise<"promote" | "rollback" | "undecided"> {
    const s = r.stages[stage];
    const record = { startedAt: start.toISOString(), checks: [] as CheckOutcome[] };
    state.stages[stage] = record;
    for (let check = 1; check <= s.maxChecks; check++) {
      deps.log(`wait ${s.checkEveryMinutes} min (check ${check}/${s.maxChecks}, soak ${s.soakMinutes} min)`);
      await deps.sleep(s.checkEveryMinutes * MINUTE);
      const now = deps.now();
      const query = new URLSearchParams({
        version: newVersion,
        baseline: oldVersion,
        since: start.toISOString(),
        until: now.toISOString(),
      });
      if (baselineWindow) {
        query.set("baselineSince", baselineWindow.since.toISOString());
        query.set("baselineUntil", baselineWindow.until.toISOString());
      }
      const path = `/api/metrics?${query}`;
      deps.log(`GET ${path}`);
      const comparison: VersionComparison = versionComparisonSchema.parse(await deps.api("GET", path));
      const outcome = decideCheck(r, {
        stage,
        check,
        elapsedMinutes: Math.round((now.getTime() - start.getTime()) / MINUTE),
        comparison,
        previous: record.checks,
      });
      record.checks.push(outcome);
      deps.save(state);
      deps.log(`  ${summarize(comparison)}`);
      for (const f of outcome.fired)
        deps.log(
          `  RED ${f.trigger}${f.subject ? `[${f.subject}]` : ""}: ${round(f.value)} vs baseline ${round(f.baseline)} (${f.limit}); red ${f.streak}/${f.needed} checks`,
        );
      deps.log(
        `  ${stage} check ${check} @${outcome.elapsedMinutes} min: ${outcome.status.toUpperCase()} → ${outcome.reason}`,
      );
      if (outcome.verdict !== "hold") return outcome.verdict;
    }
    return "undecided";
  }

  function lastReason(stage: StageName): string {
    return state.stages[stage]?.checks.at(-1)?.reason ?? `${stage} rolled back`;
  }

  function rollbackMessage(stage: StageName): string {
    const fired = state.stages[stage]?.checks.at(-1)?.fired ?? [];
    const what = fired.map((f) => (f.subject ? `${f.trigger}[${f.subject}]` : f.trigger)).join(",");
    return `release ${opts.tag}: ${stage} rolled back on ${what || "a trigger"}`;
  }

  async function restorePolicy() {
    if (state.policyRestored) return;
    const now = platformsResponseSchema.parse(await deps.api("GET", "/api/platforms"));
    const { restore, leftAlone } = restorePlan(state.shadowPolicy, now);
    for (const change of restore) await applyPolicy(change, deps);
    for (const note of leftAlone) deps.log(`  left alone: ${note}`);
    state.policyRestored = true;
    deps.save(state);
  }
}

async function applyPolicy(change: PolicyChange, deps: RolloutDeps) {
  if (change.kind === "default") {
    deps.log(`PUT /api/settings {"defaultSendMode":"${change.to}"}  (was ${change.from})`);
    await deps.api("PUT", "/api/settings", { defaultSendMode: change.to });
  } else {
    deps.log(
      `PATCH /api/platforms/${change.id} {"sendMode":${JSON.stringify(change.to)}}  (${change.label}, was ${change.from ?? "inherit"})`,
    );
    await deps.api("PATCH", `/api/platforms/${encodeURIComponent(change.id)}`, { sendMode: change.to });
  }
}

function round(x: number): string {
  return Math.abs(x) >= 100 ? String(Math.round(x)) : x.toFixed(4);
}
