/**
 * One object per platform account. It serializes everything that touches the account's site:
 * ingest, the outbox drain, pacing, the circuit breaker and the saved login. The cron's tick()
 * only records the tick and arms the alarm; the alarm does the browser work, so the cron
 * returns at once and each account's run gets its own wall-time budget.
 */
import { DurableObject } from "cloudflare:workers";
import { db } from "../worker/db/client.ts";
import { accountHealth } from "../worker/db/schema.ts";
import type { AccountRef } from "./address.ts";
import { migrateSqlite } from "./sqlite-migrations.ts";

const SCHEMA = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE ticks (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL);`,
];

export interface AccountStatus {
  ref: AccountRef | null;
  ticks: number;
  lastTickAt: string | null;
}

export class PlatformAccount extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateSqlite(ctx.storage.sql, SCHEMA);
  }

  private get sql() {
    return this.ctx.storage.sql;
  }

  private remember(ref: AccountRef) {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES ('ref', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      JSON.stringify(ref),
    );
  }

  private ref(): AccountRef | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'ref'").toArray()[0];
    return row ? (JSON.parse(row.value) as AccountRef) : null;
  }

  /** Called by the cron for active accounts only. */
  async tick(ref: AccountRef, at: string = new Date().toISOString()): Promise<AccountStatus> {
    this.remember(ref);
    this.sql.exec("INSERT INTO ticks (at) VALUES (?)", at);
    this.sql.exec("DELETE FROM ticks WHERE id <= (SELECT max(id) - 1000 FROM ticks)");
    await db(this.env.DB)
      .insert(accountHealth)
      .values({ accountId: ref.accountId, lastTickAt: at, updatedAt: at })
      .onConflictDoUpdate({ target: accountHealth.accountId, set: { lastTickAt: at, updatedAt: at } });
    return this.status();
  }

  async status(): Promise<AccountStatus> {
    const t = this.sql
      .exec<{ n: number; last: string | null }>("SELECT count(*) AS n, max(at) AS last FROM ticks")
      .one();
    return { ref: this.ref(), ticks: t.n, lastTickAt: t.last };
  }
}
