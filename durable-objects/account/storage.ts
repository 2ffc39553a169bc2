/**
 * The account object's own SQLite: the outbox (outbox-store.ts), typed values beside it
 * (meta-store.ts), ticks, pacing times, evidence and alert cooldowns. All calls are synchronous,
 * so a check-and-set here cannot interleave with another request (the input gate only opens on
 * awaits).
 */
import type { CircuitState } from "../../connectors/core/circuit.ts";
import { CLOSED } from "../../connectors/core/circuit.ts";
import type { AccountRef } from "../../domain/account/address.ts";
import { migrateSqlite } from "../sqlite-migrations.ts";
import { MetaStore, type SessionState } from "./meta-store.ts";
import { OutboxStore } from "./outbox-store.ts";

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
  // Exactly once (docs/architecture.md): the thread's outbound messages before the first submit,
  // what the site answered to the submit, and the message that confirmed the reply — one
  // message confirms one reply, which the unique index holds even against a bug.
  `ALTER TABLE outbox ADD COLUMN baseline TEXT;
   ALTER TABLE outbox ADD COLUMN submit_answer TEXT;
   ALTER TABLE outbox ADD COLUMN confirmed_message_id TEXT;
   CREATE UNIQUE INDEX outbox_confirmed ON outbox (thread_id, confirmed_message_id)
     WHERE confirmed_message_id IS NOT NULL;`,
];

const EVIDENCE_KEEP = 50;
const TICKS_KEEP = 1000;

export class AccountStorage {
  readonly sql: SqlStorage;
  readonly meta: MetaStore;
  readonly outbox: OutboxStore;
  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrateSqlite(sql, SCHEMA);
    this.meta = new MetaStore(sql);
    this.outbox = new OutboxStore(sql);
  }

  ref(): AccountRef | null {
    return this.meta.get("ref");
  }
  circuit(): CircuitState {
    return this.meta.get("circuit") ?? CLOSED;
  }
  sessionState(): SessionState {
    return this.meta.get("sessionState") ?? "unknown";
  }
  /** Logins made for the account in the hour before `now` (the cap that protects it). */
  recentLogins(now: number): number[] {
    return (this.meta.get("relogins") ?? []).filter((t) => t > now - 3_600_000);
  }

  /**
   * The run lease: at most one browser run per account at a time. Taken and checked in one
   * synchronous step. A live run renews it with every page action and every outbox change, so a
   * lease whose last renewal is older than ttl belongs to a run that died or hangs in a browser
   * call — and that run, should it ever wake up, finds the lease gone and stops (`renewRunLease`).
   */
  takeRunLease(owner: string, instance: string, now: number, ttlMs: number): boolean {
    const held = this.meta.get("runLease");
    // Only one instance of an object lives at a time: a lease written by another instance
    // belongs to a run that died with it (eviction, deploy, crash), whatever its age.
    if (
      held &&
      held.owner !== owner &&
      held.instance === instance &&
      now - (held.heartbeat ?? held.started) < ttlMs
    )
      return false;
    this.meta.set("runLease", { owner, instance, started: now, heartbeat: now });
    return true;
  }
  /** Renews the lease if `owner` still holds it; false when another run has taken it over. */
  renewRunLease(owner: string, now: number): boolean {
    const held = this.meta.get("runLease");
    if (held?.owner !== owner) return false;
    this.meta.set("runLease", { ...held, heartbeat: now });
    return true;
  }
  holdsRunLease(owner: string): boolean {
    return this.meta.get("runLease")?.owner === owner;
  }
  releaseRunLease(owner: string): void {
    if (this.meta.get("runLease")?.owner === owner) this.meta.delete("runLease");
  }

  // ---- ticks ----
  recordTick(at: string): void {
    this.sql.exec("INSERT INTO ticks (at) VALUES (?)", at);
    this.sql.exec("DELETE FROM ticks WHERE id <= (SELECT max(id) - ? FROM ticks)", TICKS_KEEP);
  }
  ticks(): { n: number; last: string | null } {
    return this.sql
      .exec<{ n: number; last: string | null }>("SELECT count(*) AS n, max(at) AS last FROM ticks")
      .one();
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
