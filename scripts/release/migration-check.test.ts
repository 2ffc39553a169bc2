import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  checkMigrations,
  contractReason,
  type MigrationFile,
  splitStatements,
  stripComments,
} from "./migration-check.ts";

const FIRST: MigrationFile = {
  name: "0001_first.sql",
  sql: `
    CREATE TABLE accounts (
      id TEXT PRIMARY KEY,
      label TEXT NOT NULL,
      mode TEXT CHECK (mode IN ('a', 'b')),
      UNIQUE (label)
    );
    CREATE INDEX accounts_mode ON accounts (mode);
    CREATE VIEW active_accounts AS SELECT id FROM accounts;
    CREATE TRIGGER accounts_touch AFTER UPDATE ON accounts BEGIN
      UPDATE accounts SET label = label WHERE id = NEW.id;
    END;
  `,
};
const later = (sql: string): MigrationFile[] => [FIRST, { name: "0002_later.sql", sql }];
const rules = (sql: string) => checkMigrations(later(sql)).map((v) => v.rule);

describe("the repository's migrations", () => {
  it("are all additive, but for the reviewed updates of unedited starter rows (0008, 0016, 0017)", () => {
    const files = readdirSync("migrations")
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((name) => ({ name, sql: readFileSync(`migrations/${name}`, "utf8") }));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const all = checkMigrations(files);
    expect(all.filter((v) => v.acceptedAs === null)).toEqual([]);
    expect(all.map((v) => [v.file, v.rule])).toEqual([
      ["0008_starter_templates_repair.sql", "update_existing_columns"],
      // One UPDATE per starter row: the viewing, availability, listing-question and follow-up starters.
      ...Array.from({ length: 4 }, () => ["0016_viewing_time_stated_facts.sql", "update_existing_columns"]),
      ["0017_pets_template_stated_facts.sql", "update_existing_columns"],
    ]);
  });
});

describe("additive changes pass", () => {
  it.each([
    [
      "a new table with its indexes",
      "CREATE TABLE events (id TEXT PRIMARY KEY, at TEXT); CREATE INDEX events_at ON events (at);",
    ],
    [
      "a new column, and a backfill of it",
      "ALTER TABLE accounts ADD COLUMN version_id TEXT; UPDATE accounts SET version_id = '' WHERE version_id IS NULL;",
    ],
    [
      "a unique index that includes a new column",
      "ALTER TABLE accounts ADD COLUMN slot TEXT; CREATE UNIQUE INDEX accounts_label_slot ON accounts (label, slot);",
    ],
    ["a plain index on existing columns", "CREATE INDEX accounts_label ON accounts (label, mode);"],
    [
      "seed rows",
      "INSERT OR IGNORE INTO accounts (id, label) VALUES ('x', 'DROP TABLE accounts; -- not SQL');",
    ],
    ["dropping what the same migration created", "CREATE TABLE scratch (id TEXT); DROP TABLE scratch;"],
    [
      "deleting from a table the same migration created",
      "CREATE TABLE scratch (id TEXT); DELETE FROM scratch;",
    ],
    [
      "a comment that mentions a drop",
      "-- we never DROP TABLE accounts here\n/* nor ALTER TABLE accounts RENAME TO x */ SELECT 1;",
    ],
    ["a foreign-keys pragma", "PRAGMA defer_foreign_keys = true;"],
  ])("%s", (_what, sql) => {
    expect(checkMigrations(later(sql))).toEqual([]);
  });
});

describe("destructive changes to what an earlier migration created are refused", () => {
  it.each([
    ["DROP TABLE", "DROP TABLE accounts;", "drop_table"],
    ["DROP TABLE IF EXISTS, quoted", 'DROP TABLE IF EXISTS "accounts";', "drop_table"],
    ["DROP INDEX", "DROP INDEX accounts_mode;", "drop_index"],
    ["DROP VIEW", "DROP VIEW active_accounts;", "drop_view"],
    ["DROP TRIGGER", "DROP TRIGGER accounts_touch;", "drop_trigger"],
    ["DROP COLUMN", "ALTER TABLE accounts DROP COLUMN mode;", "drop_column"],
    ["DROP without COLUMN", "alter table `accounts` drop mode;", "drop_column"],
    ["RENAME TO", "ALTER TABLE accounts RENAME TO platform_accounts;", "rename_table"],
    ["RENAME COLUMN", "ALTER TABLE accounts RENAME COLUMN label TO name;", "rename_column"],
    ["RENAME without COLUMN", "ALTER TABLE [accounts] RENAME label TO name;", "rename_column"],
    ["DELETE FROM", "DELETE FROM accounts WHERE mode = 'a';", "delete_rows"],
    ["REPLACE INTO", "REPLACE INTO accounts (id, label) VALUES ('x', 'y');", "replace_rows"],
    ["INSERT OR REPLACE", "INSERT OR REPLACE INTO accounts (id, label) VALUES ('x', 'y');", "replace_rows"],
    [
      "UPDATE of an existing column",
      "UPDATE accounts SET mode = 'b' WHERE mode IS NULL;",
      "update_existing_columns",
    ],
    [
      "UPDATE with a function in SET",
      "UPDATE accounts SET label = lower(label, 'x'), mode = NULL;",
      "update_existing_columns",
    ],
    [
      "UNIQUE index over existing columns only",
      "CREATE UNIQUE INDEX accounts_mode_u ON accounts (mode);",
      "unique_index_on_existing_columns",
    ],
    [
      "the SQLite table rebuild",
      "CREATE TABLE accounts_new (id TEXT PRIMARY KEY); INSERT INTO accounts_new SELECT id FROM accounts; DROP TABLE accounts; ALTER TABLE accounts_new RENAME TO accounts;",
      "drop_table",
    ],
  ])("%s", (_what, sql, rule) => {
    expect(rules(sql)).toContain(rule);
  });

  it("names the file, the rule and the statement", () => {
    const [v] = checkMigrations(later("ALTER TABLE accounts\n  DROP COLUMN mode;"));
    expect(v).toEqual({
      file: "0002_later.sql",
      rule: "drop_column",
      message: "ALTER TABLE accounts DROP COLUMN mode: the running version may still read it",
      statement: "ALTER TABLE accounts DROP COLUMN mode",
      acceptedAs: null,
    });
  });

  it("a later migration may not drop what an earlier one added by ALTER", () => {
    const files = [
      FIRST,
      { name: "0002.sql", sql: "ALTER TABLE accounts ADD COLUMN v TEXT;" },
      { name: "0003.sql", sql: "ALTER TABLE accounts DROP COLUMN v; UPDATE accounts SET v = 'x';" },
    ];
    expect(checkMigrations(files).map((v) => [v.file, v.rule])).toEqual([
      ["0003.sql", "drop_column"],
      ["0003.sql", "update_existing_columns"],
    ]);
  });
});

describe("a reviewed contract step", () => {
  it("is reported as accepted, with its reason, when its file says so on a line of its own", () => {
    const sql =
      "-- release-check: contract  v2026.11 stopped reading accounts.mode\nALTER TABLE accounts DROP COLUMN mode;";
    const [v] = checkMigrations(later(sql));
    expect(v).toMatchObject({ rule: "drop_column", acceptedAs: "v2026.11 stopped reading accounts.mode" });
  });

  it("is not accepted by a mention inside a statement or another comment", () => {
    const sql =
      "/* release-check: contract */ ALTER TABLE accounts DROP COLUMN mode; -- see release-check: contract";
    expect(checkMigrations(later(sql))[0]?.acceptedAs).toBeNull();
    expect(contractReason("-- release-check: contract\nDROP TABLE x;")).toBe("(no reason given)");
  });
});

describe("statement splitting", () => {
  it("keeps a trigger body whole and ignores semicolons in strings and comments", () => {
    const parts = splitStatements(`
      INSERT INTO t VALUES ('a;b'); -- one; two
      CREATE TRIGGER x AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END;
      /* ; */ SELECT 1`);
    expect(parts).toEqual([
      "INSERT INTO t VALUES ('a;b')",
      "CREATE TRIGGER x AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END",
      "SELECT 1",
    ]);
  });

  it("strips comments but not comment markers inside literals", () => {
    expect(stripComments("SELECT '--x', \"a/*b\" -- gone\n")).toBe("SELECT '--x', \"a/*b\" \n");
  });
});
