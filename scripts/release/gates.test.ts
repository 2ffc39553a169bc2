// The release gates against a recorded fake of git and gh: each answer is what the real command
// prints (gh api's check-runs JSON shape is GitHub's REST response, trimmed to the fields read).
import { describe, expect, it } from "vitest";
import { gateProblems, releaseGates, releaseNotes, type Sh, tagRelease } from "./gates.ts";

const SHA = "0123456789abcdef0123456789abcdef01234567";
type Answers = Record<string, { code: number; out: string } | string>;

function fakeSh(answers: Answers) {
  const calls: string[] = [];
  const sh: Sh = (cmd, args) => {
    const line = [cmd, ...args].join(" ");
    calls.push(line);
    const key = Object.keys(answers).find(
      (k) => line === k || (k.endsWith("*") && line.startsWith(k.slice(0, -1))),
    );
    if (key === undefined) return { code: 1, out: `fake: no answer for ${line}` };
    const a = answers[key]!;
    return typeof a === "string" ? { code: 0, out: a } : a;
  };
  return { sh, calls };
}

const runs = (...r: [number, string, string, string | null][]) =>
  JSON.stringify({
    total_count: r.length,
    check_runs: r.map(([id, name, status, conclusion]) => ({ id, name, status, conclusion, head_sha: SHA })),
  });

const happy: Answers = {
  "git rev-parse HEAD": `${SHA}\n`,
  "git status --porcelain": "",
  "git rev-parse --abbrev-ref --symbolic-full-name @{u}": "origin/main\n",
  "git fetch --quiet origin": "",
  "git merge-base --is-ancestor HEAD origin/main": "",
  "gh --version": "gh version 2.63.0\n",
  [`gh api repos/{owner}/{repo}/commits/${SHA}/check-runs?per_page=100`]: runs(
    [1, "unit (node)", "completed", "success"],
    [2, "all gates", "completed", "success"],
  ),
  "git config user.email": "ops@example.com\n",
};
const opts = { requiredChecks: ["all gates"], remote: "origin", override: null };

describe("releaseGates", () => {
  it("passes a clean, pushed commit whose required gates are green on GitHub", () => {
    const { sh } = fakeSh(happy);
    const r = releaseGates(sh, opts);
    expect(r.problems).toEqual([]);
    expect(r.record).toMatchObject({ commit: SHA, upstream: "origin/main", source: "github" });
  });

  it("refuses a dirty tree and an unpushed commit, whatever GitHub says", () => {
    const dirty = fakeSh({ ...happy, "git status --porcelain": " M wrangler.toml\n?? notes.txt\n" });
    expect(releaseGates(dirty.sh, opts).problems).toEqual([
      expect.stringMatching(
        /^the working tree is not clean \(2 path\(s\): M wrangler.toml, \?\? notes.txt\)/,
      ),
    ]);
    const ahead = fakeSh({ ...happy, "git merge-base --is-ancestor HEAD origin/main": { code: 1, out: "" } });
    expect(releaseGates(ahead.sh, opts).problems).toEqual([
      "HEAD 0123456789ab is not on origin/main: push it and let CI run on it",
    ]);
    const noUpstream = fakeSh({
      ...happy,
      "git rev-parse --abbrev-ref --symbolic-full-name @{u}": { code: 128, out: "fatal: no upstream" },
    });
    expect(releaseGates(noUpstream.sh, opts).problems[0]).toMatch(/no upstream/);
  });

  it("refuses a gate that failed, is still running or never ran; a later re-run counts", () => {
    const api = `gh api repos/{owner}/{repo}/commits/${SHA}/check-runs?per_page=100`;
    const red = fakeSh({ ...happy, [api]: runs([2, "all gates", "completed", "failure"]) });
    expect(releaseGates(red.sh, opts).problems).toEqual(['required gate "all gates" concluded failure']);
    const running = fakeSh({ ...happy, [api]: runs([2, "all gates", "in_progress", null]) });
    expect(releaseGates(running.sh, opts).problems).toEqual([
      'required gate "all gates" is still in_progress',
    ]);
    const never = fakeSh({ ...happy, [api]: runs([1, "unit (node)", "completed", "success"]) });
    expect(releaseGates(never.sh, opts).problems).toEqual([
      'required gate "all gates" has not run on 0123456789ab',
    ]);
    const rerun = fakeSh({
      ...happy,
      [api]: runs([9, "all gates", "completed", "success"], [3, "all gates", "completed", "failure"]),
    });
    expect(releaseGates(rerun.sh, opts).problems).toEqual([]);
  });

  it("never lets --override-gates past a verdict GitHub gave", () => {
    const api = `gh api repos/{owner}/{repo}/commits/${SHA}/check-runs?per_page=100`;
    const red = fakeSh({ ...happy, [api]: runs([2, "all gates", "completed", "failure"]) });
    const r = releaseGates(red.sh, { ...opts, override: "CI is flaky" });
    expect(r.ok).toBe(false);
    expect(r.problems[1]).toMatch(/only for when GitHub cannot be asked/);
  });

  it("without gh (or gh logged out) refuses, unless overridden — and the override is recorded", () => {
    const noGh = fakeSh({ ...happy, "gh --version": { code: 127, out: "gh: not found" } });
    const refused = releaseGates(noGh.sh, opts);
    expect(refused.problems).toEqual([
      expect.stringMatching(/could not be read \(gh is not installed\).*--override-gates/),
    ]);
    const overridden = releaseGates(noGh.sh, {
      ...opts,
      override: "all gates green: https://ci.example/run/42",
    });
    expect(overridden.ok).toBe(true);
    expect(overridden.record).toMatchObject({
      source: "override",
      override: {
        reason: "all gates green: https://ci.example/run/42",
        by: "ops@example.com",
        why: "gh is not installed",
      },
    });
    const loggedOut = fakeSh({
      ...happy,
      [`gh api repos/{owner}/{repo}/commits/${SHA}/check-runs?per_page=100`]: {
        code: 4,
        out: "To get started with GitHub CLI, please run:  gh auth login",
      },
    });
    expect(releaseGates(loggedOut.sh, opts).problems[0]).toMatch(/gh api failed: To get started/);
  });

  it("gateProblems names every required gate that is not green", () => {
    expect(gateProblems([], ["a", "b"], SHA)).toHaveLength(2);
  });
});

describe("notes and tag", () => {
  const record = {
    commit: SHA,
    upstream: "origin/main",
    source: "override" as const,
    checks: [],
    override: { reason: "CI down, ran .ci/run locally", by: "ops@example.com", why: "gh is not installed" },
  };

  it("writes what is released, on what evidence, the migrations it adds and the changes since the last tag", () => {
    const { sh } = fakeSh({
      [`git describe --tags --abbrev=0 ${SHA}^`]: "release-aaaa\n",
      [`git log --no-merges --format=- %h %s release-aaaa..${SHA}`]: "- 0123456 setup: npm run setup\n",
      [`git diff --name-only --diff-filter=A release-aaaa ${SHA} -- migrations/`]:
        "migrations/0008_starter_templates_repair.sql\nmigrations/manifest.json\n",
    });
    const { notes, previous } = releaseNotes(sh, "release-0123456", record, ["all gates"]);
    expect(previous).toBe("release-aaaa");
    expect(notes).toContain("- OVERRIDDEN by ops@example.com: CI down, ran .ci/run locally");
    expect(notes).toContain("- migrations/0008_starter_templates_repair.sql");
    expect(notes).not.toContain("manifest.json");
    expect(notes).toContain("- 0123456 setup: npm run setup");
  });

  it("tags and pushes; keeps a tag that names this commit; refuses one that names another", () => {
    const fresh = fakeSh({ "git tag -a*": "", "git push origin refs/tags/v1": "" });
    expect(tagRelease(fresh.sh, "v1", SHA, ".release/v1.notes.md", "origin")).toEqual([]);
    expect(fresh.calls.slice(1)).toEqual([
      `git tag -a v1 -F .release/v1.notes.md ${SHA}`,
      "git push origin refs/tags/v1",
    ]);
    const same = fakeSh({ "git rev-parse --verify --quiet refs/tags/v1^{commit}": `${SHA}\n` });
    expect(tagRelease(same.sh, "v1", SHA, "n", "origin")).toEqual([]);
    expect(same.calls).toHaveLength(1);
    const other = fakeSh({ "git rev-parse --verify --quiet refs/tags/v1^{commit}": "fedcba9876543210\n" });
    expect(tagRelease(other.sh, "v1", SHA, "n", "origin")[0]).toMatch(/already names fedcba987654/);
  });
});
