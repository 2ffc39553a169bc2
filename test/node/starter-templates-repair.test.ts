// The migration sequence a database that ran the FIRST 0003 went through, on a real SQLite:
// 0001, 0002, 0003 as first landed (test/fixtures/migrations/0003_starter_templates.v1.sql),
// 0004, 0006, then 0008. Its starter templates must end as a fresh database's (bar the version
// count the repair bumps). The local D1 test is test/workers/migration-repair.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { expect, it } from "vitest";

const dir = join(import.meta.dirname, "../../migrations");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".sql"))
  .sort();
const firstVersion = readFileSync(
  join(import.meta.dirname, "../fixtures/migrations/0003_starter_templates.v1.sql"),
  "utf8",
);

function migrate(replace0003: boolean): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  for (const f of files)
    db.exec(replace0003 && f.startsWith("0003_") ? firstVersion : readFileSync(join(dir, f), "utf8"));
  return db;
}

const starters = (db: DatabaseSync) =>
  db.prepare("SELECT id, body, is_active FROM templates WHERE is_starter = 1 ORDER BY id").all();

it("a database that applied the first 0003 ends with today's starter templates", () => {
  const fresh = migrate(false);
  const repaired = migrate(true);
  expect(starters(repaired)).toEqual(starters(fresh));
  const version = (db: DatabaseSync) =>
    (
      db.prepare("SELECT version FROM templates WHERE id = 'starter-tour_request'").get() as {
        version: number;
      }
    ).version;
  // 0016 bumps both once; 0008's repair bumps the first-0003 database once more.
  expect([version(fresh), version(repaired)]).toEqual([2, 3]);
});
