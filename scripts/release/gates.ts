/**
 * Before `npm run release` deploys anything (docs/release.md, "Release gates"):
 *   - the working tree is clean, and HEAD is on its upstream branch (pushed), so what is
 *     released is exactly a commit CI ran on and anyone can check out;
 *   - the commit's required CI gates (release.config.json `gates.requiredChecks`, the workflow's
 *     "all gates" job by default) concluded `success`, read from GitHub's check runs through
 *     `gh api`. A gate that is red, still running or never ran refuses the release, and no flag
 *     skips that.
 * Only when GitHub cannot be asked (no `gh`, or `gh` not logged in) does an explicit
 * `--override-gates "<why>"` let the release go on; the reason and who ran it are written to the
 * release record and the tag's notes. Commands go through `Sh`, so tests use a fake.
 */
import { z } from "zod";

export type Sh = (cmd: string, args: string[]) => { code: number; out: string };

export interface CheckResult {
  name: string;
  status: string;
  conclusion: string | null;
}

export interface GateRecord {
  commit: string;
  upstream: string | null;
  /** Where the gates' verdict came from. */
  source: "github" | "override";
  checks: CheckResult[];
  override?: { reason: string; by: string; why: string };
}

export interface GateResult {
  ok: boolean;
  problems: string[];
  record: GateRecord;
}

const checkRunsSchema = z.object({
  check_runs: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      status: z.string(),
      conclusion: z.string().nullable(),
    }),
  ),
});

export function releaseGates(
  sh: Sh,
  opts: { requiredChecks: readonly string[]; remote: string; override: string | null },
): GateResult {
  const problems: string[] = [];
  const commit = sh("git", ["rev-parse", "HEAD"]).out.trim();

  const status = sh("git", ["status", "--porcelain"]);
  const dirty = status.out.split("\n").filter((l) => l.trim() !== "");
  if (status.code !== 0) problems.push("git status failed: is this a git checkout?");
  else if (dirty.length)
    problems.push(
      `the working tree is not clean (${dirty.length} path(s): ${dirty
        .slice(0, 5)
        .map((l) => l.trim())
        .join(", ")}${dirty.length > 5 ? ", …" : ""}); commit or stash, push, and wait for CI`,
    );

  const up = sh("git", ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"]);
  const upstream = up.code === 0 ? up.out.trim() : null;
  if (!upstream) problems.push("this branch has no upstream: push it (git push -u) and let CI run on it");
  else {
    // Best effort: a stale remote-tracking ref could only make "pushed" look false, never true.
    sh("git", ["fetch", "--quiet", opts.remote]);
    if (sh("git", ["merge-base", "--is-ancestor", "HEAD", upstream]).code !== 0)
      problems.push(`HEAD ${commit.slice(0, 12)} is not on ${upstream}: push it and let CI run on it`);
  }

  const record: GateRecord = { commit, upstream, source: "github", checks: [] };
  const fromGitHub = githubChecks(sh, commit);
  if (fromGitHub.kind === "answer") {
    record.checks = fromGitHub.checks;
    problems.push(...gateProblems(fromGitHub.checks, opts.requiredChecks, commit));
    if (opts.override)
      problems.push(
        "--override-gates is only for when GitHub cannot be asked; it answered, so its verdict stands",
      );
  } else if (opts.override) {
    record.source = "override";
    record.override = { reason: opts.override, by: gitUser(sh), why: fromGitHub.why };
  } else {
    problems.push(
      `the CI gates of ${commit.slice(0, 12)} could not be read (${fromGitHub.why}); install and log in to gh (gh auth login), or, knowing they passed, run with --override-gates "<why>" (written to the release record)`,
    );
  }
  return { ok: problems.length === 0, problems, record };
}

/** Required checks that did not conclude `success` on this commit; the latest run of a name counts. */
export function gateProblems(
  checks: readonly CheckResult[],
  required: readonly string[],
  commit: string,
): string[] {
  const out: string[] = [];
  for (const name of required) {
    const run = checks.findLast((c) => c.name === name);
    if (!run) out.push(`required gate "${name}" has not run on ${commit.slice(0, 12)}`);
    else if (run.status !== "completed") out.push(`required gate "${name}" is still ${run.status}`);
    else if (run.conclusion !== "success") out.push(`required gate "${name}" concluded ${run.conclusion}`);
  }
  return out;
}

type GitHubAnswer = { kind: "answer"; checks: CheckResult[] } | { kind: "unavailable"; why: string };

function githubChecks(sh: Sh, commit: string): GitHubAnswer {
  if (sh("gh", ["--version"]).code !== 0) return { kind: "unavailable", why: "gh is not installed" };
  const res = sh("gh", ["api", `repos/{owner}/{repo}/commits/${commit}/check-runs?per_page=100`]);
  if (res.code !== 0)
    return { kind: "unavailable", why: `gh api failed: ${res.out.trim().split("\n")[0] ?? ""}` };
  let parsed: z.infer<typeof checkRunsSchema>;
  try {
    parsed = checkRunsSchema.parse(JSON.parse(res.out));
  } catch {
    return { kind: "unavailable", why: "gh api did not answer with check runs" };
  }
  // Oldest first, so findLast picks a re-run over the run it replaced.
  const runs = [...parsed.check_runs].sort((a, b) => a.id - b.id);
  return {
    kind: "answer",
    checks: runs.map(({ name, status, conclusion }) => ({ name, status, conclusion })),
  };
}

function gitUser(sh: Sh): string {
  const email = sh("git", ["config", "user.email"]).out.trim();
  return email || process.env.USER || "unknown";
}

/**
 * The release notes: what is released, on what evidence, and what changed since the previous
 * release tag. Written to .release/<tag>.notes.md and used as the annotated tag's message.
 */
export function releaseNotes(
  sh: Sh,
  tag: string,
  record: GateRecord,
  requiredChecks: readonly string[],
): { notes: string; previous: string | null } {
  const prev = sh("git", ["describe", "--tags", "--abbrev=0", `${record.commit}^`]);
  const previous = prev.code === 0 ? prev.out.trim() : null;
  const range = previous ? `${previous}..${record.commit}` : record.commit;
  const log = sh("git", ["log", "--no-merges", "--format=- %h %s", range]).out.trim();
  const added = sh("git", [
    "diff",
    "--name-only",
    "--diff-filter=A",
    previous ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904", // git's empty tree: everything is new
    record.commit,
    "--",
    "migrations/",
  ])
    .out.split("\n")
    .filter((l) => l.endsWith(".sql"));
  const gates =
    record.source === "github"
      ? requiredChecks.map((n) => {
          const c = record.checks.findLast((x) => x.name === n);
          return `- ${n}: ${c?.conclusion ?? c?.status ?? "missing"} (GitHub check run)`;
        })
      : [
          `- OVERRIDDEN by ${record.override?.by}: ${record.override?.reason}`,
          `  (GitHub could not be asked: ${record.override?.why})`,
        ];
  const notes = [
    `lease-bot ${tag}`,
    "",
    `Commit ${record.commit}${record.upstream ? ` on ${record.upstream}` : ""}; previous release ${previous ?? "none"}.`,
    "",
    "Gates:",
    ...gates,
    "",
    "Migrations added (applied with wrangler d1 migrations apply --remote before the upload):",
    ...(added.length ? added.map((m) => `- ${m}`) : ["- none"]),
    "",
    "Changes:",
    log || "- none",
    "",
  ].join("\n");
  return { notes, previous };
}

/**
 * Tags the commit with the notes and pushes the tag. A tag that already names this commit (a
 * resumed release) is kept; one that names another commit is refused.
 */
export function tagRelease(sh: Sh, tag: string, commit: string, notesPath: string, remote: string): string[] {
  const existing = sh("git", ["rev-parse", "--verify", "--quiet", `refs/tags/${tag}^{commit}`]);
  if (existing.code === 0) {
    if (existing.out.trim() === commit) return [];
    return [
      `tag ${tag} already names ${existing.out.trim().slice(0, 12)}, not ${commit.slice(0, 12)}: choose another --tag`,
    ];
  }
  const created = sh("git", ["tag", "-a", tag, "-F", notesPath, commit]);
  if (created.code !== 0) return [`git tag ${tag} failed: ${created.out.trim()}`];
  const pushed = sh("git", ["push", remote, `refs/tags/${tag}`]);
  if (pushed.code !== 0) return [`git push ${remote} ${tag} failed: ${pushed.out.trim()}`];
  return [];
}
