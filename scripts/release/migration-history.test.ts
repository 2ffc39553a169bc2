// The history check against real git repositories in a temporary directory: today's main
// situation (a landed migration rewritten on main, HEAD = origin/main) fails, which the old
// merge-base comparison could not see.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Git, landedHistoryProblems } from "./migration-history.ts";
import { type Manifest, migrationChecksum } from "./migration-manifest.ts";

const V1 = "CREATE TABLE t (id TEXT);\nINSERT INTO t VALUES ('first');\n";
const V2 = "CREATE TABLE t (id TEXT);\nINSERT INTO t VALUES ('second');\n";
const BASE = "CREATE TABLE a (id TEXT);\n";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo() {
  const dir = mkdtempSync(join(tmpdir(), "lease-bot-mig-"));
  dirs.push(dir);
  mkdirSync(join(dir, "migrations"));
  const git: Git = (args) => {
    const r = spawnSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@e",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@e",
      },
    });
    return { code: r.status ?? 1, out: r.stdout };
  };
  git(["init", "-q", "-b", "main"]);
  const files: Record<string, string> = {};
  const commit = (name: string, sql: string | null, message = name) => {
    if (sql === null) {
      rmSync(join(dir, "migrations", name));
      delete files[name];
    } else {
      writeFileSync(join(dir, "migrations", name), sql);
      files[name] = sql;
    }
    git(["add", "-A"]);
    expect(git(["commit", "-q", "-m", message]).code).toBe(0);
  };
  const head = () => Object.entries(files).map(([name, sql]) => ({ name, sql }));
  const publish = () => git(["update-ref", "refs/remotes/origin/main", "HEAD"]);
  return { git, commit, head, publish };
}

const manifestFor = (
  files: { name: string; sql: string }[],
  earlier?: Manifest["migrations"][0]["earlier"],
): Manifest => ({
  migrations: files.map((f) => ({
    file: f.name,
    sha256: migrationChecksum(f.sql),
    ...(f.name === "0002_t.sql" && earlier ? { earlier } : {}),
  })),
});

describe("landedHistoryProblems", () => {
  it("fails today's main situation: 0002 rewritten on main after it landed, HEAD = origin/main", () => {
    const r = repo();
    r.commit("0001_a.sql", BASE);
    r.commit("0002_t.sql", V1);
    r.commit("0002_t.sql", V2, "rewrite 0002");
    r.publish();
    // The old check: diff HEAD against merge-base(HEAD, origin/main) — the same commit, so empty.
    const mergeBase = r.git(["merge-base", "HEAD", "origin/main"]).out.trim();
    expect(r.git(["diff", "--name-status", mergeBase, "--", "migrations/"]).out).toBe("");
    // The manifest alone (written after the rewrite) agrees with the files; history does not.
    const res = landedHistoryProblems(r.git, manifestFor(r.head()), r.head());
    expect(res.landedRef).toBe("origin/main");
    expect(res.problems).toEqual([
      expect.stringMatching(/^migrations\/0002_t.sql was rewritten on origin\/main after it landed/),
    ]);
    expect(res.problems[0]).toContain(migrationChecksum(V1));
  });

  it("passes that history once the manifest names the migration that repairs the earlier version", () => {
    const r = repo();
    r.commit("0001_a.sql", BASE);
    r.commit("0002_t.sql", V1);
    r.commit("0002_t.sql", V2);
    r.commit("0003_fix.sql", "UPDATE t SET id = 'second' WHERE id = 'first';");
    r.publish();
    const earlier = [{ sha256: migrationChecksum(V1), repairedBy: "0003_fix.sql" }];
    expect(landedHistoryProblems(r.git, manifestFor(r.head(), earlier), r.head()).problems).toEqual([]);
  });

  it("does not count a comment edit as a change", () => {
    const r = repo();
    r.commit("0002_t.sql", V1);
    r.commit("0002_t.sql", `-- the file this names moved\n${V1}`);
    r.publish();
    expect(landedHistoryProblems(r.git, manifestFor(r.head()), r.head()).problems).toEqual([]);
  });

  it("on a branch: fails a changed or removed landed migration, passes a new one however often it changed", () => {
    const r = repo();
    r.commit("0001_a.sql", BASE);
    r.commit("0002_t.sql", V1);
    r.publish();
    r.git(["checkout", "-q", "-b", "feature"]);
    r.commit("0003_new.sql", "CREATE TABLE n (id TEXT);");
    r.commit("0003_new.sql", "CREATE TABLE n (id TEXT, x TEXT);");
    expect(landedHistoryProblems(r.git, manifestFor(r.head()), r.head()).problems).toEqual([]);

    r.commit("0002_t.sql", V2);
    r.commit("0001_a.sql", null);
    expect(landedHistoryProblems(r.git, manifestFor(r.head()), r.head()).problems).toEqual([
      "migrations/0001_a.sql is on origin/main but not in this checkout: a landed migration was removed",
      "migrations/0002_t.sql differs from the version on origin/main: a landed migration was changed",
    ]);
  });

  it("reads a clean clone's own HEAD when there is no origin/main or main", () => {
    const r = repo();
    r.commit("0002_t.sql", V1);
    r.commit("0002_t.sql", V2);
    r.git(["branch", "-m", "main", "trunk"]);
    const res = landedHistoryProblems(r.git, manifestFor(r.head()), r.head());
    expect(res.landedRef).toBe("HEAD");
    expect(res.problems).toHaveLength(1);
  });
});
