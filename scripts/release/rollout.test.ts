/**
 * The rollout walked end to end on snapshot directories with the dry-run dependencies: the
 * same orchestration a real release runs, with the commands and API calls recorded.
 */
import { describe, expect, it } from "vitest";
import { loadReleaseConfig } from "./config.ts";
import { dryRunDeps, loadSnapshots } from "./dry-run.ts";
import { EXIT, release } from "./rollout.ts";

const cfg = loadReleaseConfig("release.config.json");
const OLD = "7d0c2f4e-91a3-4c55-b1e2-3a6f0e9d8c11";
const NEW = "a41b9e07-5c2d-4f18-8e63-d2c7b0f4a952";

async function walk(dir: string, config = cfg) {
  const lines: string[] = [];
  const deps = dryRunDeps(
    loadSnapshots(`scripts/release/fixtures/${dir}`),
    new Date("2026-11-30T10:00:00Z"),
    (l) => lines.push(l),
  );
  const state = await release(config, { tag: "v-test", message: "test release", skipCheck: false }, deps);
  const commands = lines.filter((l) => l.startsWith("$ ")).map((l) => l.slice(2));
  const policy = lines.filter((l) => /^(PUT|PATCH) /.test(l)).map((l) => l.split("  (")[0]);
  return { state, lines, commands, policy };
}

describe("npm run release -- --dry-run", () => {
  it("walks shadow → canary → full on healthy snapshots and releases", async () => {
    const { state, commands, policy, lines } = await walk("rollout");
    expect(state.outcome).toBe("released");
    expect(EXIT[state.outcome as "released"]).toBe(0);
    expect(commands).toEqual([
      "npm run release:check",
      "npx wrangler d1 migrations apply lease-bot --remote",
      "npx wrangler deployments status --json",
      "npx wrangler versions upload --tag v-test --message 'test release'",
      `npx wrangler versions deploy ${NEW}@100% --message 'shadow v-test' --yes`,
      `npx wrangler versions deploy ${NEW}@10% ${OLD}@90% --message 'canary v-test' --yes`,
      `npx wrangler versions deploy ${NEW}@100% --message 'full v-test' --yes`,
      "npx wrangler triggers deploy",
    ]);
    // Shadow switches the auto_send accounts to draft_only and the canary puts them back.
    expect(policy).toEqual([
      'PATCH /api/platforms/acc-sr-main {"sendMode":"draft_only"}',
      'PATCH /api/platforms/acc-ro-main {"sendMode":"draft_only"}',
      'PATCH /api/platforms/acc-rh-main {"sendMode":"draft_only"}',
      'PATCH /api/platforms/acc-sr-main {"sendMode":"auto_send"}',
      'PATCH /api/platforms/acc-ro-main {"sendMode":"auto_send"}',
      'PATCH /api/platforms/acc-rh-main {"sendMode":"auto_send"}',
    ]);
    // Each stage soaks its time: shadow 240 min every 30, canary 120 every 15, full 60 every 15.
    expect(state.stages.shadow?.checks.map((c) => c.verdict)).toEqual([...Array(7).fill("hold"), "promote"]);
    expect(state.stages.canary?.checks).toHaveLength(8);
    expect(state.stages.full?.checks).toHaveLength(4);
    expect(state.stages.full?.checks.at(-1)?.reason).toMatch(/^promote: .* 60\/60 min soaked/);
    // Shadow is judged against the old version's four hours before it; full against the canary window.
    expect(lines).toContain(
      `GET /api/metrics?version=${NEW}&baseline=${OLD}&since=2026-11-30T10%3A00%3A00.000Z&until=2026-11-30T10%3A30%3A00.000Z&baselineSince=2026-11-30T06%3A00%3A00.000Z&baselineUntil=2026-11-30T10%3A00%3A00.000Z`,
    );
    expect(
      lines.some(
        (l) =>
          /since=2026-11-30T14%3A00%3A00.000Z&until=2026-11-30T14%3A15/.test(l) &&
          !l.includes("baselineSince"),
      ),
    ).toBe(true);
    expect(lines).toContain(
      `GET /api/metrics?version=${NEW}&baseline=${OLD}&since=2026-11-30T16%3A00%3A00.000Z&until=2026-11-30T16%3A15%3A00.000Z&baselineSince=2026-11-30T14%3A00%3A00.000Z&baselineUntil=2026-11-30T16%3A00%3A00.000Z`,
    );
  });

  it("rolls back a canary whose new version keeps failing on one site, with the old version at 100 %", async () => {
    const { state, commands, lines } = await walk("rollback-canary");
    expect(state.outcome).toBe("rolled_back");
    expect(EXIT[state.outcome as "rolled_back"]).toBe(2);
    expect(commands.slice(-2)).toEqual([
      `npx wrangler versions deploy ${NEW}@10% ${OLD}@90% --message 'canary v-test' --yes`,
      `npx wrangler rollback ${OLD} --message 'release v-test: canary rolled back on failureRate,platformFailureRate[renthop]' --yes`,
    ]);
    expect(state.stages.canary?.checks.map((c) => c.verdict)).toEqual(["hold", "rollback"]);
    expect(state.stages.full).toBeUndefined();
    expect(lines.some((l) => l.startsWith("  RED platformFailureRate[renthop]"))).toBe(true);
  });

  it("rolls back during shadow and puts the policy back for the old version", async () => {
    const lines: string[] = [];
    const snap = loadSnapshots("scripts/release/fixtures/rollout");
    // Shadow meets the failing canary snapshots: whatever the new version did is judged in shadow too.
    snap.byStage.shadow = loadSnapshots("scripts/release/fixtures/rollback-canary").byStage.canary;
    const deps = dryRunDeps(snap, new Date("2026-11-30T10:00:00Z"), (l) => lines.push(l));
    const state = await release(cfg, { tag: "v-s", message: "m", skipCheck: true }, deps);
    expect(state.outcome).toBe("rolled_back");
    const commands = lines.filter((l) => l.startsWith("$ ")).map((l) => l.slice(2));
    expect(commands.at(-1)).toMatch(new RegExp(`^npx wrangler rollback ${OLD} `));
    expect(
      lines
        .filter((l) => l.startsWith("PATCH "))
        .slice(-3)
        .map((l) => l.split("  (")[0]),
    ).toEqual([
      'PATCH /api/platforms/acc-sr-main {"sendMode":"auto_send"}',
      'PATCH /api/platforms/acc-ro-main {"sendMode":"auto_send"}',
      'PATCH /api/platforms/acc-rh-main {"sendMode":"auto_send"}',
    ]);
    expect(lines).toContain("release:check skipped (--skip-check): it ran in CI for this commit");
  });

  it("holds and hands over to a person when a stage never gets enough data", async () => {
    const lines: string[] = [];
    const snap = loadSnapshots("scripts/release/fixtures/rollout");
    const thin = loadSnapshots("scripts/release/fixtures/rollout");
    snap.byStage.canary = [JSON.parse(JSON.stringify(thin.byStage.canary[0]))];
    const c = snap.byStage.canary[0] as { version: { decisions: { total: number } } };
    c.version.decisions.total = 3;
    const state = await release(
      cfg,
      { tag: "v-h", message: "m", skipCheck: true },
      dryRunDeps(snap, new Date(), (l) => lines.push(l)),
    );
    expect(state.outcome).toBe("held");
    expect(EXIT[state.outcome as "held"]).toBe(3);
    expect(state.stages.canary?.checks).toHaveLength(cfg.rollout.stages.canary.maxChecks);
    expect(state.reason).toMatch(/the split stays as it is/);
    expect(lines.filter((l) => l.startsWith("$ ")).at(-1)).toMatch(/versions deploy .*@10% .*@90%/);
  });

  it("applies the triggers, then the Pages panel when used, only once the new version serves 100 %", async () => {
    const pages = { ...cfg, pages: { ...cfg.pages, enabled: true } };
    const { commands } = await walk("rollout", pages);
    expect(commands.slice(-3)).toEqual([
      `npx wrangler versions deploy ${NEW}@100% --message 'full v-test' --yes`,
      "npx wrangler triggers deploy",
      "npx wrangler pages deploy --cwd admin --project-name lease-bot-admin --branch main --commit-message 'lease-bot v-test'",
    ]);
  });
});
