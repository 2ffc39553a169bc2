/**
 * Statements that only take effect when a guard holds, for use inside one D1 batch. A batch is one
 * transaction, but a guarded UPDATE that matches nothing does not fail it, so the rows that go
 * with the change (the audit row, a new reply version) must carry the same guard themselves:
 * `INSERT … SELECT … WHERE <guard>`. Raw SQL because drizzle's insert-select cannot take a guard.
 */
import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { Db } from "../db/client.ts";
import { nowIso } from "../db/schema.ts";

export type SqlValue = string | number | null;

/** `INSERT INTO table (cols) SELECT values WHERE guard [suffix]` — column names as in SQL. */
export function insertIf(d: Db, table: string, values: Record<string, SqlValue>, guard: SQL, suffix?: SQL) {
  const cols = Object.keys(values);
  return d.run(
    sql`INSERT INTO ${sql.identifier(table)} (${sql.join(
      cols.map((c) => sql.identifier(c)),
      sql`, `,
    )}) SELECT ${sql.join(
      cols.map((c) => sql`${values[c]}`),
      sql`, `,
    )} WHERE ${guard}${suffix ?? sql``}`,
  );
}

/** The audit row for a change that may lose a race: written only when `guard` holds. */
export function auditIf(d: Db, e: AuditEntry, guard: SQL) {
  return insertIf(
    d,
    "audit_log",
    {
      actor: e.actor,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
      at: e.at ?? nowIso(),
    },
    guard,
  );
}

/** Rows changed by a `d.run(...)` result inside a batch (D1 reports it in meta.changes). */
export function changes(result: unknown): number {
  const meta = (result as { meta?: { changes?: number } } | undefined)?.meta;
  return meta?.changes ?? 0;
}

/** Runs a statement list built at run time as one batch (drizzle wants a non-empty tuple). */
export async function runBatch(d: Db, items: BatchItem<"sqlite">[]): Promise<unknown[]> {
  const [first, ...rest] = items;
  if (!first) return [];
  return d.batch([first, ...rest]);
}
