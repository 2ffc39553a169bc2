/**
 * Audit rows: who did what to which entity, with the state before and after. Callers put the
 * returned insert in the same D1 batch as the change it describes, so the two land together.
 */
import type { Db } from "../db/client.ts";
import { auditLog, nowIso } from "../db/schema.ts";

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at?: string;
}

/** The row an audit entry becomes (before/after as JSON, now as the default time). */
export function auditValues(e: AuditEntry) {
  return {
    actor: e.actor,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    beforeJson: e.before === undefined ? null : JSON.stringify(e.before),
    afterJson: e.after === undefined ? null : JSON.stringify(e.after),
    at: e.at ?? nowIso(),
  };
}

export function auditInsert(d: Db, e: AuditEntry) {
  return d.insert(auditLog).values(auditValues(e));
}
