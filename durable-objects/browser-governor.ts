/**
 * One global object that hands out browser slots, so that a hundred accounts queue for Browser
 * Run instead of failing on its plan limits (concurrent browsers, new browsers per minute).
 * Slots are leases with an expiry: an account object that crashes mid-run cannot leak one.
 */
import { DurableObject } from "cloudflare:workers";
import { migrateSqlite } from "./sqlite-migrations.ts";

const SCHEMA = [
  `CREATE TABLE leases (holder TEXT PRIMARY KEY, acquired_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE TABLE launches (at INTEGER NOT NULL);`,
];

export type SlotGrant =
  | { granted: true; leaseMs: number }
  | { granted: false; retryAfterMs: number; reason: string };

export interface GovernorLimits {
  maxConcurrent: number;
  maxLaunchesPerMinute: number;
}

export class BrowserGovernor extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateSqlite(ctx.storage.sql, SCHEMA);
  }

  private limits(): GovernorLimits {
    return {
      maxConcurrent: Number(this.env.BROWSER_MAX_CONCURRENT) || 10,
      maxLaunchesPerMinute: Number(this.env.BROWSER_MAX_LAUNCHES_PER_MINUTE) || 30,
    };
  }

  /**
   * Ask for a browser slot. `launch` says whether the holder will start a new browser (a
   * reconnect to a kept-alive session does not count against the launch rate). All of it runs
   * synchronously on SQLite, so two callers cannot both take the last slot.
   */
  async acquire(
    holder: string,
    opts: { launch: boolean; leaseMs?: number; now?: number },
  ): Promise<SlotGrant> {
    const now = opts.now ?? Date.now();
    const leaseMs = opts.leaseMs ?? 5 * 60_000;
    const { maxConcurrent, maxLaunchesPerMinute } = this.limits();
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM leases WHERE expires_at <= ?", now);
    sql.exec("DELETE FROM launches WHERE at <= ?", now - 60_000);
    const held = sql.exec("SELECT 1 FROM leases WHERE holder = ?", holder).toArray().length > 0;
    const active = sql.exec<{ n: number }>("SELECT count(*) AS n FROM leases").one().n;
    if (!held && active >= maxConcurrent) {
      // Leases are normally released when a run ends, long before they expire: ask again soon
      // (jittered, so waiting accounts do not stampede), not when the oldest lease would expire.
      const next = sql.exec<{ t: number }>("SELECT min(expires_at) AS t FROM leases").one().t;
      return {
        granted: false,
        retryAfterMs: Math.min(next - now, 3000 + Math.floor(Math.random() * 2000)),
        reason: "concurrency",
      };
    }
    if (opts.launch) {
      const launches = sql
        .exec<{ n: number; first: number | null }>("SELECT count(*) AS n, min(at) AS first FROM launches")
        .one();
      if (launches.n >= maxLaunchesPerMinute) {
        return {
          granted: false,
          retryAfterMs: Math.max(1000, (launches.first ?? now) + 60_000 - now),
          reason: "launch_rate",
        };
      }
      sql.exec("INSERT INTO launches (at) VALUES (?)", now);
    }
    sql.exec(
      "INSERT INTO leases (holder, acquired_at, expires_at) VALUES (?, ?, ?) ON CONFLICT (holder) DO UPDATE SET expires_at = excluded.expires_at",
      holder,
      now,
      now + leaseMs,
    );
    return { granted: true, leaseMs };
  }

  async release(holder: string): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM leases WHERE holder = ?", holder);
  }

  async snapshot(now = Date.now()) {
    const sql = this.ctx.storage.sql;
    return {
      active: sql.exec<{ n: number }>("SELECT count(*) AS n FROM leases WHERE expires_at > ?", now).one().n,
      launchesLastMinute: sql
        .exec<{ n: number }>("SELECT count(*) AS n FROM launches WHERE at > ?", now - 60_000)
        .one().n,
      limits: this.limits(),
    };
  }
}
