/**
 * The outbox table of an account object. Rows are snake_case in SQLite and camelCase
 * (`OutboxItem`) everywhere else; the conversion happens here and nowhere else. All calls are
 * synchronous, so a check-and-set cannot interleave with another request.
 */
import type { EnqueueRequest, OutboxItemView, OutboxState } from "../../domain/account/rpc.ts";

/** An enqueued reply (what the object was handed) and where its sending stands. */
export interface OutboxItem extends Omit<EnqueueRequest, "ref"> {
  state: OutboxState;
  attempts: number;
  nextAt: number | null;
  leaseOwner: string | null;
  leaseStarted: number | null;
  /** Set just before the click that may deliver the message (cleared when a send starts over). */
  submittedAt: number | null;
  firstSubmittedAt: number | null;
  unknownSince: number | null;
  lastClass: string | null;
  lastError: string | null;
  firstError: string | null;
  lastStage: string | null;
  evidenceId: string | null;
  platformMessageId: string | null;
  /** Read-backs that ran and could not tell. */
  readbackFailures: number;
  createdAt: number;
  updatedAt: number;
}

export type OutboxPatch = Partial<Omit<OutboxItem, "dispatchKey" | "createdAt" | "updatedAt">>;

const column = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const field = (col: string) => col.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function itemOf(row: Record<string, SqlStorageValue>): OutboxItem {
  const item: Record<string, SqlStorageValue> = {};
  for (const [k, v] of Object.entries(row)) item[field(k)] = v;
  return item as unknown as OutboxItem;
}

export function viewOf(r: OutboxItem): OutboxItemView {
  return {
    dispatchKey: r.dispatchKey,
    replyId: r.replyId,
    conversationId: r.conversationId,
    origin: r.origin,
    state: r.state,
    attempts: r.attempts,
    nextAt: r.nextAt,
    lastClass: r.lastClass,
    lastError: r.lastError,
    lastStage: r.lastStage,
    platformMessageId: r.platformMessageId,
    evidenceId: r.evidenceId,
    updatedAt: r.updatedAt,
  };
}

export class OutboxStore {
  private readonly sql: SqlStorage;
  constructor(sql: SqlStorage) {
    this.sql = sql;
  }

  private rows(query: string, ...args: SqlStorageValue[]): OutboxItem[] {
    return this.sql
      .exec(query, ...args)
      .toArray()
      .map(itemOf);
  }

  /** Idempotent: a key already present is left as it is and returned. */
  insert(req: EnqueueRequest, now: number): { created: boolean; item: OutboxItem } {
    const cur = this.sql.exec(
      `INSERT INTO outbox (dispatch_key, reply_id, conversation_id, thread_id, lead_key, body, origin, state, attempts, next_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (dispatch_key) DO NOTHING`,
      req.dispatchKey,
      req.replyId,
      req.conversationId,
      req.threadId,
      req.leadKey,
      req.body,
      req.origin,
      now,
      now,
      now,
    );
    return { created: cur.rowsWritten > 0, item: this.get(req.dispatchKey)! };
  }

  get(key: string): OutboxItem | null {
    return this.rows("SELECT * FROM outbox WHERE dispatch_key = ?", key)[0] ?? null;
  }

  all(): OutboxItem[] {
    return this.rows("SELECT * FROM outbox ORDER BY created_at");
  }

  /** The next item to work on: interrupted sends first (reconcile), then due items, oldest first. */
  nextDue(now: number, leaseTtlMs: number): OutboxItem | null {
    return (
      this.rows(
        `SELECT * FROM outbox
         WHERE (state = 'sending' AND (lease_started IS NULL OR lease_started < ?))
            OR (state IN ('pending', 'retry_wait', 'unknown') AND (next_at IS NULL OR next_at <= ?))
         ORDER BY CASE state WHEN 'sending' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END, created_at
         LIMIT 1`,
        now - leaseTtlMs,
        now,
      )[0] ?? null
    );
  }

  /** When the next outbox item falls due (for the alarm), or null when nothing waits. */
  nextDueAt(): number | null {
    return this.sql
      .exec<{ t: number | null }>(
        "SELECT min(coalesce(next_at, 0)) AS t FROM outbox WHERE state IN ('pending', 'retry_wait', 'unknown', 'sending')",
      )
      .one().t;
  }

  update(key: string, patch: OutboxPatch, now: number): OutboxItem {
    const entries = Object.entries({ ...patch, updatedAt: now });
    this.sql.exec(
      `UPDATE outbox SET ${entries.map(([k]) => `${column(k)} = ?`).join(", ")} WHERE dispatch_key = ?`,
      ...entries.map(([, v]) => (v === undefined ? null : (v as SqlStorageValue))),
      key,
    );
    return this.get(key)!;
  }

  countByState(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.sql.exec<{ state: string; n: number }>(
      "SELECT state, count(*) AS n FROM outbox GROUP BY state",
    )) {
      out[r.state] = r.n;
    }
    return out;
  }
}
