/**
 * One global object that hands out browser slots, so that a hundred accounts queue for Browser
 * Run instead of failing on its plan limits (concurrent browsers, new browsers per minute).
 *
 * A slot is held for as long as the browser is alive on Browser Run, not just while a run uses
 * it: Browser Run counts a kept (disconnected) browser against the concurrent limit until it is
 * closed or its keep-alive lapses. So a run that keeps its browser turns its lease into a *kept*
 * lease that lasts until that lapse. When every slot is taken and some are only kept, the
 * least recently used kept browser is closed to make room: an account with work beats an idle
 * browser. Leases expire, so an account object that crashes cannot leak a slot.
 *
 * The last slots (a quarter of the limit, at least one) are kept for urgent runs — a lead that just
 * wrote (a notification e-mail), a reply due to go out, a person waiting on "Check inbox now":
 * routine safety-net polls and read-backs take a slot only while the runs in progress leave
 * more than that free (a kept, idle browser does not count: it is closed when a run needs its
 * slot), so a burst of polls never makes a lead wait for a browser, and idle kept browsers never
 * make a poll wait.
 */
import { DurableObject } from "cloudflare:workers";
import { closeSessionById } from "../connectors/browser/launcher.ts";
import { logEvent } from "../domain/log.ts";
import { migrateSqlite } from "./sqlite-migrations.ts";

const SCHEMA = [
  `CREATE TABLE leases (holder TEXT PRIMARY KEY, acquired_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE TABLE launches (at INTEGER NOT NULL);`,
  // kind: 'run' while a run uses the browser, 'kept' while it idles between runs (session_id).
  `ALTER TABLE leases ADD COLUMN kind TEXT NOT NULL DEFAULT 'run';
   ALTER TABLE leases ADD COLUMN session_id TEXT;`,
];

export type SlotGrant =
  /** `reuse`: the holder's kept browser is still alive and counted; otherwise it launches one. */
  | { granted: true; leaseMs: number; reuse: boolean }
  | { granted: false; retryAfterMs: number; reason: string };

export interface GovernorLimits {
  maxConcurrent: number;
  maxLaunchesPerMinute: number;
}

/**
 * When a refused caller should ask again: an urgent run (a lead waiting) within 1–2 s, a routine
 * one within 3–5 s; jittered, so waiting accounts do not stampede.
 */
function askAgainInMs(urgent: boolean): number {
  return Math.floor(urgent ? 1000 + Math.random() * 1000 : 3000 + Math.random() * 2000);
}

/** Slots only urgent runs may take (see above). */
export function urgentReserve(maxConcurrent: number): number {
  return maxConcurrent <= 1 ? 0 : Math.max(1, Math.floor(maxConcurrent / 4));
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
   * Ask for a browser slot. `launch` says whether the holder means to start a new browser; a
   * holder whose kept browser the governor no longer counts (lapsed, or closed to make room)
   * launches one whatever it asked, and the grant says so (`reuse: false`). All of it runs
   * synchronously on SQLite, so two callers cannot both take the last slot. `urgent: false`
   * (a routine poll or read-back) leaves the reserved slots to urgent runs.
   */
  async acquire(
    holder: string,
    opts: { launch: boolean; urgent?: boolean; leaseMs?: number; now?: number },
  ): Promise<SlotGrant> {
    const now = opts.now ?? Date.now();
    const leaseMs = opts.leaseMs ?? 5 * 60_000;
    const { maxConcurrent, maxLaunchesPerMinute } = this.limits();
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM leases WHERE expires_at <= ?", now);
    sql.exec("DELETE FROM launches WHERE at <= ?", now - 60_000);
    const mine = sql.exec<{ kind: string }>("SELECT kind FROM leases WHERE holder = ?", holder).toArray()[0];
    const reuse = mine?.kind === "kept";
    const launch = !reuse && (opts.launch || mine === undefined);
    const counts = sql
      .exec<{ n: number; running: number }>(
        "SELECT count(*) AS n, coalesce(sum(kind = 'run'), 0) AS running FROM leases",
      )
      .one();
    const active = counts.n;
    let victim: { holder: string; session_id: string | null } | undefined;
    // The reserve is of slots an urgent run can get: free ones and idle kept browsers (closed
    // for it on demand). So a routine run may take a kept browser's slot like any other run,
    // as long as the runs in progress leave the reserve free.
    if (!mine && opts.urgent === false && counts.running >= maxConcurrent - urgentReserve(maxConcurrent)) {
      return { granted: false, retryAfterMs: askAgainInMs(false), reason: "reserved" };
    }
    if (!mine && active >= maxConcurrent) {
      victim = sql
        .exec<{ holder: string; session_id: string | null }>(
          "SELECT holder, session_id FROM leases WHERE kind = 'kept' ORDER BY acquired_at LIMIT 1",
        )
        .toArray()[0];
      if (!victim) {
        // Leases are normally released when a run ends, long before they expire: ask again soon,
        // not when the oldest lease would expire.
        const next = sql.exec<{ t: number }>("SELECT min(expires_at) AS t FROM leases").one().t;
        return {
          granted: false,
          retryAfterMs: Math.min(next - now, askAgainInMs(opts.urgent !== false)),
          reason: "concurrency",
        };
      }
    }
    if (launch) {
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
    if (victim) this.reclaim(victim.holder, victim.session_id, holder);
    sql.exec(
      `INSERT INTO leases (holder, acquired_at, expires_at, kind, session_id) VALUES (?, ?, ?, 'run', NULL)
       ON CONFLICT (holder) DO UPDATE SET expires_at = excluded.expires_at, kind = 'run'`,
      holder,
      now,
      now + leaseMs,
    );
    return { granted: true, leaseMs, reuse };
  }

  /**
   * The holder's run ended and its browser stays up (disconnected) until `until`, when Browser
   * Run closes it for idleness: the slot stays taken until then.
   */
  async keep(holder: string, sessionId: string, opts: { until: number; now?: number }): Promise<void> {
    const now = opts.now ?? Date.now();
    this.ctx.storage.sql.exec(
      `INSERT INTO leases (holder, acquired_at, expires_at, kind, session_id) VALUES (?, ?, ?, 'kept', ?)
       ON CONFLICT (holder) DO UPDATE SET acquired_at = excluded.acquired_at, expires_at = excluded.expires_at,
         kind = 'kept', session_id = excluded.session_id`,
      holder,
      now,
      opts.until,
      sessionId,
    );
  }

  /** The holder's browser is closed (or never opened): its slot is free. */
  async release(holder: string): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM leases WHERE holder = ?", holder);
  }

  /** Closes an idle kept browser whose slot went to `for`; the lease is already gone. */
  private reclaim(holder: string, sessionId: string | null, forHolder: string) {
    this.ctx.storage.sql.exec("DELETE FROM leases WHERE holder = ?", holder);
    const closing = sessionId
      ? closeSessionById(this.env.BROWSER, sessionId)
      : Promise.resolve("gone" as const);
    this.ctx.waitUntil(
      closing.then((result) =>
        logEvent(this.env, "browser_reclaimed", { holder, sessionId, for: forHolder, result }),
      ),
    );
  }

  async snapshot(now = Date.now()) {
    const sql = this.ctx.storage.sql;
    return {
      /** Browsers alive on Browser Run by our count: running ones and kept ones. */
      active: sql.exec<{ n: number }>("SELECT count(*) AS n FROM leases WHERE expires_at > ?", now).one().n,
      kept: sql
        .exec<{ n: number }>("SELECT count(*) AS n FROM leases WHERE expires_at > ? AND kind = 'kept'", now)
        .one().n,
      launchesLastMinute: sql
        .exec<{ n: number }>("SELECT count(*) AS n FROM launches WHERE at > ?", now - 60_000)
        .one().n,
      limits: this.limits(),
    };
  }
}
