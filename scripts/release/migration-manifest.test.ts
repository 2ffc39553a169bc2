import { describe, expect, it } from "vitest";
import { readManifest, readMigrationFiles } from "./migration-files.ts";
import {
  appendToManifest,
  type Manifest,
  manifestProblems,
  migrationChecksum,
} from "./migration-manifest.ts";

const a = { name: "0001_a.sql", sql: "-- first\nCREATE TABLE a (id TEXT);\n" };
const b = { name: "0002_b.sql", sql: "ALTER TABLE a ADD COLUMN x TEXT;" };
const manifestOf = (...files: { name: string; sql: string }[]): Manifest => ({
  migrations: files.map((f) => ({ file: f.name, sha256: migrationChecksum(f.sql) })),
});

describe("the committed manifest", () => {
  it("records every migration in migrations/ with its statements' checksum, and nothing else", () => {
    expect(manifestProblems(readManifest(), readMigrationFiles())).toEqual([]);
  });

  it("records 0003's first version as repaired by 0008", () => {
    const entry = readManifest().migrations.find((m) => m.file === "0003_starter_templates.sql");
    expect(entry?.earlier).toEqual([
      { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), repairedBy: "0008_starter_templates_repair.sql" },
    ]);
  });
});

describe("migrationChecksum", () => {
  it("ignores comments, whitespace and line endings, and nothing else", () => {
    const sum = migrationChecksum(a.sql);
    expect(migrationChecksum("CREATE TABLE a (id TEXT);")).toBe(sum);
    expect(migrationChecksum("-- moved file\r\nCREATE  TABLE a\n(id TEXT);\r\n")).toBe(sum);
    expect(migrationChecksum("CREATE TABLE a (id INTEGER);")).not.toBe(sum);
    // A "--" inside a string is data, not a comment.
    expect(migrationChecksum("INSERT INTO a VALUES ('x -- y');")).not.toBe(
      migrationChecksum("INSERT INTO a VALUES ('x');"),
    );
  });
});

describe("manifestProblems", () => {
  it("passes files that match", () => {
    expect(manifestProblems(manifestOf(a, b), [a, b])).toEqual([]);
  });

  it("fails a landed migration that changed, one that was removed, and one not recorded", () => {
    const changed = { ...a, sql: "CREATE TABLE a (id TEXT, y TEXT);" };
    expect(manifestProblems(manifestOf(a, b), [changed, b])).toEqual([
      expect.stringMatching(/^0001_a.sql changed after it landed/),
    ]);
    expect(manifestProblems(manifestOf(a, b), [a])).toEqual([
      expect.stringMatching(/^0002_b.sql was removed after it landed/),
    ]);
    expect(manifestProblems(manifestOf(a), [a, b])).toEqual([
      expect.stringMatching(/^0002_b.sql is not in migrations\/manifest.json/),
    ]);
  });

  it("fails an earlier version whose named repair does not exist", () => {
    const m = manifestOf(a);
    m.migrations[0]!.earlier = [{ sha256: "0".repeat(64), repairedBy: "0009_fix.sql" }];
    expect(manifestProblems(m, [a])).toEqual([expect.stringMatching(/0009_fix.sql, does not exist/)]);
  });
});

describe("appendToManifest", () => {
  it("appends new files in name order and keeps what was recorded", () => {
    const c = { name: "0003_c.sql", sql: "CREATE TABLE c (id TEXT);" };
    const out = appendToManifest(manifestOf(a), [c, a, b]);
    expect(out.added).toEqual(["0002_b.sql", "0003_c.sql"]);
    expect(out.manifest).toEqual(manifestOf(a, b, c));
    expect(manifestProblems(out.manifest, [a, b, c])).toEqual([]);
  });

  it("refuses, and changes nothing, when a recorded file changed", () => {
    const m = manifestOf(a);
    const out = appendToManifest(m, [{ ...a, sql: "DROP TABLE a;" }, b]);
    expect(out.manifest).toBe(m);
    expect(out.added).toEqual([]);
    expect(out.refused).toEqual([expect.stringMatching(/0001_a.sql changed after it landed/)]);
  });
});
