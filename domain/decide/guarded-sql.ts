/**
 * Statements that only take effect when a guard holds, for use inside one D1 batch. A batch is one
 * transaction, but a guarded UPDATE that matches nothing does not fail it, so the rows that go
 * with the change (the audit row, a new reply version) must carry the same guard themselves:
 * `INSERT … SELECT <values> WHERE <guard>`, built on drizzle's insert-select so it can be batched.
 */
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { type AuditEntry, auditValues } from "../audit/audit-log.ts";
import type { Db } from "../db/client.ts";
import { auditLog } from "../db/schema.ts";

/**
 * `INSERT INTO table SELECT <values> WHERE guard`. drizzle lists every column of the table in
 * schema order for an insert-select, so every column is selected here (missing ones as NULL,
 * e.g. an autoincrement id), each encoded by its column (json, boolean modes).
 */
export function insertIf<T extends SQLiteTable>(d: Db, table: T, values: T["$inferInsert"], guard: SQL) {
  const given = values as Record<string, unknown>;
  const selected = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const v = given[key];
    return v === undefined || v === null ? sql`NULL` : sql`${sql.param(v, column)}`;
  });
  return d.insert(table).select(sql`SELECT ${sql.join(selected, sql`, `)} WHERE ${guard}`);
}

/** The audit row for a change that may lose a race: written only when `guard` holds. */
export function auditIf(d: Db, e: AuditEntry, guard: SQL) {
  return insertIf(d, auditLog, auditValues(e), guard);
}

/** Runs a statement list built at run time as one batch (drizzle wants a non-empty tuple). */
export async function runBatch(d: Db, items: BatchItem<"sqlite">[]): Promise<unknown[]> {
  const [first, ...rest] = items;
  if (!first) return [];
  return d.batch([first, ...rest]);
}
