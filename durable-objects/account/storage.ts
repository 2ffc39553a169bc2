/**
 * The account object's own SQLite: outbox, pacing times, the sealed cookie jar, evidence,
 * circuit and session state, alert cooldowns. All calls are synchronous, so a check-and-set
 * here cannot interleave with another request (the input gate only opens on awaits).
 */
import type { CircuitState } from "../../connectors/core/circuit.ts";
import { CLOSED } from "../../connectors/core/circuit.ts";
import type { EnqueueRequest, OutboxItemView, OutboxState, ReplyOrigin } from "../account-rpc.ts";
import type { AccountRef } from "../address.ts";
import { migrateSqlite } from "../sqlite-migrations.ts";

export const SCHEMA = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE ticks (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL);`,
  `CREATE TABLE outbox (
     dispatch_key TEXT PRIMARY KEY,
     reply_id TEXT NOT NULL,
     conversation_id TEXT NOT NULL,
     thread_id TEXT NOT NULL,
     lead_key TEXT NOT NULL,
     body TEXT NOT NULL,
     origin TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_at INTEGER,
     lease_owner TEXT,
     lease_started INTEGER,
     submitted_at INTEGER,
     first_submitted_at INTEGER,
     unknown_since INTEGER,
     last_class TEXT,
     last_error TEXT,
     first_error TEXT,
     last_stage TEXT,
     evidence_id TEXT,
     platform_message_id TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX outbox_due ON outbox (state, next_at);
   CREATE TABLE page_loads (at INTEGER NOT NULL);
   CREATE TABLE evidence (
     id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, step TEXT NOT NULL, failure_class TEXT NOT NULL,
     message TEXT NOT NULL, url TEXT NOT NULL, html TEXT NOT NULL, screenshot TEXT, trail TEXT NOT NULL
   );
   CREATE TABLE alert_log (key TEXT PRIMARY KEY, sent_at INTEGER NOT NULL);`,
  // Read-backs that ran and could not tell: "unconfirmed" needs several, not just a late one.
  "ALTER TABLE outbox ADD COLUMN readback_failures INTEGER NOT NULL DEFAULT 0",
];

const EVIDENCE_KEEP = 50;

export type SessionState = "unknown" | "ok" | "needs_login";

type OutboxRow = {
  dispatch_key: string;
  reply_id: string;
  conversation_id: string;
  thread_id: string;
  lead_key: string;
  body: string;
  origin: ReplyOrigin;
  state: OutboxState;
  attempts: number;
  next_at: number | null;
  lease_owner: string | null;
  lease_started: number | null;
  submitted_at: number | null;
  first_submitted_at: number | null;
  unknown_since: number | null;
  last_class: string | null;
  last_error: string | null;
  first_error: string | null;
  last_stage: string | null;
  evidence_id: string | null;
  platform_message_id: string | null;
  readback_failures: number;
  created_at: number;
  updated_at: number;
};
export type OutboxItem = OutboxRow;

export function viewOf(r: OutboxRow): OutboxItemView {
  return {
    dispatchKey: r.dispatch_key,
    replyId: r.reply_id,
    conversationId: r.conversation_id,
    origin: r.origin,
    state: r.state,
    attempts: r.attempts,
    nextAt: r.next_at,
    lastClass: r.last_class,
    lastError: r.last_error,
    lastStage: r.last_stage,
    platformMessageId: r.platform_message_id,
    evidenceId: r.evidence_id,
    updatedAt: r.updated_at,
  };
}

export class AccountStorage {
  readonly sql: SqlStorage;
  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrateSqlite(sql, SCHEMA);
  }

  // ---- meta ----
  getMeta<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }
  setMeta(key: string, value: unknown): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }
  deleteMeta(key: string): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", key);
  }

  /** Logins made for the account in the hour before `now` (the cap that protects it). */
  recentLogins(now: number): number[] {
    return (this.getMeta<number[]>("relogins") ?? []).filter((t) => t > now - 3_600_000);
  }

  ref(): AccountRef | null {
    return this.getMeta<AccountRef>("ref");
  }
  circuit(): CircuitState {
    return this.getMeta<CircuitState>("circuit") ?? CLOSED;
  }
  sessionState(): SessionState {
    return this.getMeta<SessionState>("session_state") ?? "unknown";
  }

  /**
   * The run lease: at most one browser run per account at a time. Taken and checked in one
   * synchronous step; a lease older than ttl belongs to a run that died (eviction, deploy).
   */
  takeRunLease(owner: string, instance: string, now: number, ttlMs: number): boolean {
    const held = this.getMeta<{ owner: string; instance: string; started: number }>("run_lease");
    // Only one instance of an object lives at a time: a lease written by another instance
    // belongs to a run that died with it (eviction, deploy, crash), whatever its age.
    if (held && held.owner !== owner && held.instance === instance && now - held.started < ttlMs)
      return false;
    this.setMeta("run_lease", { owner, instance, started: now });
    return true;
  }
  releaseRunLease(owner: string): void {
    const held = this.getMeta<{ owner: string }>("run_lease");
    if (held?.owner === owner) this.deleteMeta("run_lease");
  }

  // ---- outbox ----
  insertOutbox(req: EnqueueRequest, now: number): { created: boolean; row: OutboxRow } {
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
    return { created: cur.rowsWritten > 0, row: this.outbox(req.dispatchKey)! };
  }

  outbox(key: string): OutboxRow | null {
    return this.sql.exec<OutboxRow>("SELECT * FROM outbox WHERE dispatch_key = ?", key).toArray()[0] ?? null;
  }

  allOutbox(): OutboxRow[] {
    return this.sql.exec<OutboxRow>("SELECT * FROM outbox ORDER BY created_at").toArray();
  }

  /** The next item to work on: interrupted sends first (reconcile), then due items, oldest first. */
  nextDue(now: number, leaseTtlMs: number): OutboxRow | null {
    return (
      this.sql
        .exec<OutboxRow>(
          `SELECT * FROM outbox
           WHERE (state = 'sending' AND (lease_started IS NULL OR lease_started < ?))
              OR (state IN ('pending', 'retry_wait', 'unknown') AND (next_at IS NULL OR next_at <= ?))
           ORDER BY CASE state WHEN 'sending' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END, created_at
           LIMIT 1`,
          now - leaseTtlMs,
          now,
        )
        .toArray()[0] ?? null
    );
  }

  /** When the next outbox item falls due (for the alarm), or null when nothing waits. */
  nextDueAt(): number | null {
    const r = this.sql
      .exec<{ t: number | null }>(
        "SELECT min(coalesce(next_at, 0)) AS t FROM outbox WHERE state IN ('pending', 'retry_wait', 'unknown', 'sending')",
      )
      .one();
    return r.t;
  }

  updateOutbox(key: string, patch: Partial<OutboxRow>, now: number): OutboxRow {
    const entries = Object.entries({ ...patch, updated_at: now });
    this.sql.exec(
      `UPDATE outbox SET ${entries.map(([k]) => `${k} = ?`).join(", ")} WHERE dispatch_key = ?`,
      ...entries.map(([, v]) => (v === undefined ? null : v)),
      key,
    );
    return this.outbox(key)!;
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

  // ---- pacing ----
  recordPageLoad(at: number): void {
    this.sql.exec("INSERT INTO page_loads (at) VALUES (?)", at);
    this.sql.exec("DELETE FROM page_loads WHERE at < ?", at - 3_600_000);
  }
  pageLoadsSince(since: number): number[] {
    return this.sql
      .exec<{ at: number }>("SELECT at FROM page_loads WHERE at >= ?", since)
      .toArray()
      .map((r) => r.at);
  }

  // ---- evidence ----
  saveEvidence(e: {
    id: string;
    at: number;
    step: string;
    failureClass: string;
    message: string;
    url: string;
    html: string;
    screenshot: string | null;
    trail: unknown;
  }): void {
    this.sql.exec(
      "INSERT INTO evidence (id, created_at, step, failure_class, message, url, html, screenshot, trail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      e.id,
      e.at,
      e.step,
      e.failureClass,
      e.message,
      e.url,
      e.html,
      e.screenshot,
      JSON.stringify(e.trail),
    );
    this.sql.exec(
      "DELETE FROM evidence WHERE id NOT IN (SELECT id FROM evidence ORDER BY created_at DESC LIMIT ?)",
      EVIDENCE_KEEP,
    );
  }
  evidence(id: string) {
    const r = this.sql
      .exec<{
        id: string;
        created_at: number;
        step: string;
        failure_class: string;
        message: string;
        url: string;
        html: string;
        screenshot: string | null;
        trail: string;
      }>("SELECT * FROM evidence WHERE id = ?", id)
      .toArray()[0];
    return r
      ? {
          id: r.id,
          at: new Date(r.created_at).toISOString(),
          step: r.step,
          failureClass: r.failure_class,
          message: r.message,
          url: r.url,
          html: r.html,
          screenshot: r.screenshot,
          trail: JSON.parse(r.trail) as unknown,
        }
      : null;
  }
  evidenceList() {
    return this.sql
      .exec<{ id: string; created_at: number; step: string; failure_class: string; message: string }>(
        "SELECT id, created_at, step, failure_class, message FROM evidence ORDER BY created_at DESC",
      )
      .toArray()
      .map((r) => ({
        id: r.id,
        at: new Date(r.created_at).toISOString(),
        step: r.step,
        failureClass: r.failure_class,
        message: r.message,
      }));
  }

  // ---- alerts ----
  /** True when this alert key may fire now (and records it); false inside its cooldown. */
  alertAllowed(key: string, now: number, cooldownMs: number): boolean {
    const r = this.sql
      .exec<{ sent_at: number }>("SELECT sent_at FROM alert_log WHERE key = ?", key)
      .toArray()[0];
    if (r && now - r.sent_at < cooldownMs) return false;
    this.sql.exec(
      "INSERT INTO alert_log (key, sent_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET sent_at = excluded.sent_at",
      key,
      now,
    );
    return true;
  }
}
