/**
 * The outbox table of an account object. Rows are snake_case in SQLite and camelCase
 * (`OutboxItem`) everywhere else; the conversion happens here and nowhere else. All calls are
 * synchronous, so a check-and-set cannot interleave with another request.
 */
import { bodiesMatch } from "../../connectors/core/body-match.ts";
import type { SubmitAnswer, ThreadBaseline } from "../../connectors/core/contract.ts";
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
  /** The thread's outbound messages before the first submit (set with the first submittedAt). */
  baseline: ThreadBaseline | null;
  /** What the site answered to the last submit, when its outcome was unknown. */
  submitAnswer: SubmitAnswer | null;
  /** The message (the site's id or a derived one) that confirmed the reply. */
  confirmedMessageId: string | null;
  createdAt: number;
  updatedAt: number;
}

export type OutboxPatch = Partial<Omit<OutboxItem, "dispatchKey" | "createdAt" | "updatedAt">>;

const column = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const field = (col: string) => col.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function itemOf(row: Record<string, SqlStorageValue>): OutboxItem {
  const item: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) item[field(k)] = v;
  item.baseline = typeof row.baseline === "string" ? (JSON.parse(row.baseline) as ThreadBaseline) : null;
  return item as unknown as OutboxItem;
}

const stored = (k: string, v: unknown): SqlStorageValue =>
  v === undefined || v === null ? null : k === "baseline" ? JSON.stringify(v) : (v as SqlStorageValue);

/** States in which nothing more happens to an item. */
const FINAL: ReadonlySet<OutboxState> = new Set(["delivered", "dead", "cancelled"]);

/** The item's text may be on the site: its next step is a read-back, never a send. */
export function mayHaveBeenSubmitted(item: OutboxItem): boolean {
  return !FINAL.has(item.state) && (item.state === "unknown" || item.submittedAt !== null);
}

/**
 * A reply that must wait: another reply to the same thread may be on the site, and its body is
 * one a read-back could mistake for this one's. Sending now would leave two copies that no
 * baseline tells apart, so at most one such reply per thread is ever undecided.
 */
function waitsFor(item: OutboxItem, open: readonly OutboxItem[]): boolean {
  return open.some(
    (o) =>
      o.dispatchKey !== item.dispatchKey && o.threadId === item.threadId && bodiesMatch(o.body, item.body),
  );
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
    firstSubmittedAt: r.firstSubmittedAt,
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

  /** Items whose text may be on the site and whose outcome is not settled. */
  private open(): OutboxItem[] {
    return this.rows(
      `SELECT * FROM outbox WHERE state IN ('unknown', 'sending')
         OR (submitted_at IS NOT NULL AND state NOT IN ('delivered', 'dead', 'cancelled'))`,
    );
  }

  /** Items that are due, in the order they are worked on: interrupted sends, read-backs, then the rest, oldest first. */
  private due(now: number, leaseTtlMs: number): OutboxItem[] {
    return this.rows(
      `SELECT * FROM outbox
       WHERE (state = 'sending' AND (lease_started IS NULL OR lease_started < ?))
          OR (state IN ('pending', 'retry_wait', 'unknown') AND (next_at IS NULL OR next_at <= ?))
       ORDER BY CASE state WHEN 'sending' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END, created_at
       LIMIT 500`,
      now - leaseTtlMs,
      now,
    );
  }

  /**
   * The next item to work on, or null. Anything that may have been submitted comes first (a
   * read-back); a reply that waits for another one of its thread (`waitsFor`) is passed over.
   * `readBackOnly` (an inactive account): read-backs only, nothing is sent.
   */
  nextDue(now: number, leaseTtlMs: number, opts: { readBackOnly?: boolean } = {}): OutboxItem | null {
    const due = this.due(now, leaseTtlMs);
    const open = due.some((i) => !mayHaveBeenSubmitted(i)) ? this.open() : [];
    for (const item of due) {
      if (mayHaveBeenSubmitted(item)) return item;
      if (!opts.readBackOnly && !waitsFor(item, open)) return item;
    }
    return null;
  }

  /** When the next outbox item falls due (for the alarm), or null when nothing waits. */
  nextDueAt(): number | null {
    const waiting = this.rows(
      "SELECT * FROM outbox WHERE state IN ('pending', 'retry_wait', 'unknown', 'sending')",
    );
    const open = waiting.filter(mayHaveBeenSubmitted);
    let at: number | null = null;
    for (const item of waiting) {
      // A reply waiting for another one wakes with that one, not on its own.
      if (!mayHaveBeenSubmitted(item) && waitsFor(item, open)) continue;
      const t = item.nextAt ?? 0;
      if (at === null || t < at) at = t;
    }
    return at;
  }

  /** Replies waiting to be sent that nothing of has reached the site. */
  waiting(): OutboxItem[] {
    return this.rows(
      "SELECT * FROM outbox WHERE state IN ('pending', 'retry_wait') AND submitted_at IS NULL ORDER BY created_at",
    );
  }

  /**
   * The other replies of this thread that are confirmed on the site: the site messages they
   * claimed (each confirms one reply only) and their words (a copy of the same words is theirs
   * first).
   */
  deliveredIn(threadId: string, exceptKey: string): { claimed: string[]; bodies: string[] } {
    const rows = this.sql
      .exec<{ id: string | null; body: string }>(
        `SELECT coalesce(confirmed_message_id, platform_message_id) AS id, body FROM outbox
         WHERE thread_id = ? AND dispatch_key != ? AND state = 'delivered'`,
        threadId,
        exceptKey,
      )
      .toArray();
    return { claimed: rows.flatMap((r) => (r.id === null ? [] : [r.id])), bodies: rows.map((r) => r.body) };
  }

  update(key: string, patch: OutboxPatch, now: number): OutboxItem {
    const entries = Object.entries({ ...patch, updatedAt: now });
    this.sql.exec(
      `UPDATE outbox SET ${entries.map(([k]) => `${column(k)} = ?`).join(", ")} WHERE dispatch_key = ?`,
      ...entries.map(([k, v]) => stored(k, v)),
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
