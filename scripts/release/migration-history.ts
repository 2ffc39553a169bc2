/**
 * Has a migration changed after it landed? Read from git, not from a branch's diff: the old
 * check diffed HEAD against merge-base(HEAD, origin/main), which on main (and in a clean clone)
 * is HEAD itself — it compared a commit with itself and let 0003's rewrite through.
 *
 * "Landed" means on the main line: every migration file in the landed ref's tree (origin/main
 * when it exists), with every version it had along that ref's first-parent history (the commits
 * main itself moved through; a branch's own iterations before its merge are not history). Then
 *   - the file at HEAD must still be there and match the version the landed ref has, and
 *   - every earlier version on the main line must be listed in migrations/manifest.json under
 *     `earlier`, with the migration that repairs databases which applied it.
 * The git calls go through `Git` so tests can run this against a real temporary repository.
 */
import { MANIFEST_PATH, type Manifest, type MigrationText, migrationChecksum } from "./migration-manifest.ts";

export type Git = (args: string[]) => { code: number; out: string };

export interface HistoryResult {
  /** The ref whose history was read, or null when none could be (then `notes` says why). */
  landedRef: string | null;
  problems: string[];
  notes: string[];
}

/** origin/main when this clone has it, else a local main, else HEAD (a clean clone of main). */
export function landedRef(git: Git, explicit?: string): string | null {
  for (const ref of explicit ? [explicit] : ["origin/main", "main", "HEAD"])
    if (git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).code === 0) return ref;
  return null;
}

export function landedHistoryProblems(
  git: Git,
  manifest: Manifest,
  head: readonly MigrationText[],
  explicitRef?: string,
): HistoryResult {
  const ref = landedRef(git, explicitRef);
  if (!ref)
    return { landedRef: null, problems: [], notes: ["not a git checkout with commits: history not read"] };
  const notes: string[] = [];
  if (git(["rev-parse", "--is-shallow-repository"]).out.trim() === "true")
    notes.push(
      "shallow clone: only the fetched part of the history was read (CI checks out with fetch-depth: 0)",
    );
  const problems: string[] = [];
  const headByName = new Map(head.map((f) => [f.name, f]));
  const entries = new Map(manifest.migrations.map((m) => [m.file, m]));
  const tree = git(["ls-tree", "--name-only", ref, "migrations/"]);
  const landed = tree.out
    .split("\n")
    .map((l) => l.trim().replace(/^migrations\//, ""))
    .filter((n) => n.endsWith(".sql"));
  for (const name of landed) {
    const path = `migrations/${name}`;
    const atRef = migrationChecksum(git(["show", `${ref}:${path}`]).out);
    const now = headByName.get(name);
    if (!now) problems.push(`${path} is on ${ref} but not in this checkout: a landed migration was removed`);
    else if (migrationChecksum(now.sql) !== atRef)
      problems.push(`${path} differs from the version on ${ref}: a landed migration was changed`);
    const accepted = new Set((entries.get(name)?.earlier ?? []).map((e) => e.sha256));
    const commits = git(["log", "--first-parent", "--format=%H", ref, "--", path])
      .out.split("\n")
      .map((c) => c.trim())
      .filter(Boolean);
    const seen = new Set<string>([atRef]);
    for (const commit of commits) {
      const shown = git(["show", `${commit}:${path}`]);
      if (shown.code !== 0) continue; // the commit removed it; a later one brought it back
      const sum = migrationChecksum(shown.out);
      if (seen.has(sum)) continue;
      seen.add(sum);
      if (!accepted.has(sum))
        problems.push(
          `${path} was rewritten on ${ref} after it landed (it read differently at ${commit.slice(0, 12)}); a database that applied that version never runs the new text — add a migration that brings such a database up to date and list the old checksum ${sum} under "earlier" in ${MANIFEST_PATH} with that migration as repairedBy`,
        );
    }
  }
  return { landedRef: ref, problems, notes };
}
