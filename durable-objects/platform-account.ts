/**
 * One object per platform account, addressed by name "<platform>:<accountId>". It serializes
 * everything that touches the account's site: ingest, the outbox drain, pacing, the circuit
 * breaker, the kept-alive browser and the sealed login cookies.
 *
 * The cron's tick() and enqueue() only write to SQLite and arm the alarm; the alarm runs the
 * browser work (durable-objects/account/run.ts) under an explicit run lease, because a Durable
 * Object's input gate opens on every await of browser I/O. Every restart path — eviction,
 * deploy, alarm retry, an exception mid-send — starts from the stored outbox state.
 */
import { DurableObject } from "cloudflare:workers";
import type { StoredCookie } from "../connectors/browser/cookie-vault.ts";
import { sealCookies } from "../connectors/browser/cookie-vault.ts";
import { CLOSED } from "../connectors/core/circuit.ts";
import { db } from "../worker/db/client.ts";
import { accountHealth } from "../worker/db/schema.ts";
import { decideNewMessages } from "../worker/inbox/decide-messages.ts";
import { logEvent } from "../worker/lib/log.ts";
import { countMetric, mirrorHealth, recordStopped } from "./account/d1-effects.ts";
import { AccountRun, type DecideFn, type RunReport } from "./account/run.ts";
import { runConfig } from "./account/run-config.ts";
import { countRun } from "./account/run-metrics.ts";
import { AccountStorage, viewOf } from "./account/storage.ts";
import {
  CANCELLED_BY_PERSON,
  type CancelRequest,
  type CancelResult,
  type EnqueueRequest,
  type EnqueueResult,
  type OutboxItemView,
  type RedriveResult,
} from "./account-rpc.ts";
import { type AccountRef, accountObjectName } from "./address.ts";

export type LoginRetryResult =
  | { ok: true; ran: boolean; sessionState: string; report: RunReport | null }
  | { ok: false; reason: "login_cap"; cap: number; nextLoginAt: string; sessionState: string };

export interface AccountStatus {
  ref: AccountRef | null;
  ticks: number;
  lastTickAt: string | null;
  outbox: Record<string, number>;
  circuit: ReturnType<AccountStorage["circuit"]>;
  sessionState: ReturnType<AccountStorage["sessionState"]>;
  counters: Record<string, number>;
  lastRun: RunReport | null;
}

export class PlatformAccount extends DurableObject<Env> {
  private readonly store: AccountStorage;
  /** Identifies this incarnation of the object, to tell a live run lease from a dead one. */
  private readonly instance = crypto.randomUUID();
  /** Swappable for tests that exercise dispatch without the pipeline. */
  protected decide: DecideFn = decideNewMessages;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new AccountStorage(ctx.storage.sql);
  }

  private remember(ref: AccountRef) {
    if (this.store.ref()?.accountId !== ref.accountId) this.store.setMeta("ref", ref);
  }

  private async wakeAt(t: number) {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > t) await this.ctx.storage.setAlarm(t);
  }

  /** Called by the cron for active accounts only: ask for an ingest and wake up. */
  async tick(ref: AccountRef, at: string = new Date().toISOString()): Promise<AccountStatus> {
    this.remember(ref);
    this.store.sql.exec("INSERT INTO ticks (at) VALUES (?)", at);
    this.store.sql.exec("DELETE FROM ticks WHERE id <= (SELECT max(id) - 1000 FROM ticks)");
    this.store.setMeta("ingest_due", true);
    await db(this.env.DB)
      .insert(accountHealth)
      .values({ accountId: ref.accountId, lastTickAt: at, updatedAt: at })
      .onConflictDoUpdate({ target: accountHealth.accountId, set: { lastTickAt: at, updatedAt: at } });
    await this.wakeAt(Date.now());
    return this.status();
  }

  /** Idempotent: a second call with the same dispatch key returns the existing item. */
  async enqueue(req: EnqueueRequest): Promise<EnqueueResult> {
    this.remember(req.ref);
    const now = Date.now();
    let { created, row } = this.store.insertOutbox(req, now);
    if (
      !created &&
      row.state === "cancelled" &&
      row.submitted_at === null &&
      row.last_error !== CANCELLED_BY_PERSON
    ) {
      // Stopped by policy before any submit (e.g. back to a draft): a fresh approval revives it.
      // A person's cancel is final: the sweep or a stale approve must not bring it back.
      row = this.store.updateOutbox(
        row.dispatch_key,
        { state: "pending", origin: req.origin, next_at: null, last_error: null },
        now,
      );
      created = true;
    }
    if (created) await this.wakeAt(now);
    else await countMetric(this.env, req.ref, "compose", "duplicate_suppressed", req.dispatchKey);
    return { created, item: viewOf(row) };
  }

  /**
   * A person stops a queued reply before it leaves. Refused once a send has started: from the
   * lease on, the page may already hold the text, and only the read-back can settle it. Runs
   * without an await between the check and the write, so a run cannot take the item in between;
   * the run re-checks the item after its own awaits (policy read) before it sends.
   */
  async cancel(req: CancelRequest): Promise<CancelResult> {
    this.remember(req.reply.ref);
    const now = Date.now();
    // Never enqueued (the API's enqueue failed, the sweep has not run): keep a tombstone, so a
    // later enqueue of the same key finds it cancelled.
    const { row } = this.store.insertOutbox(req.reply, now);
    if (row.state === "delivered") return { ok: false, reason: "already_delivered", item: viewOf(row) };
    if (row.state === "sending" || row.state === "unknown" || row.submitted_at !== null)
      return { ok: false, reason: "in_flight", item: viewOf(row) };
    if (row.state === "dead") return { ok: false, reason: "not_queued", item: viewOf(row) };
    if (row.state === "cancelled" && row.last_error === CANCELLED_BY_PERSON)
      return { ok: true, item: viewOf(row) };
    const item = this.store.updateOutbox(
      row.dispatch_key,
      { state: "cancelled", last_error: CANCELLED_BY_PERSON, next_at: null, lease_owner: null },
      now,
    );
    await recordStopped(this.env, item, "cancel", req.reason ?? CANCELLED_BY_PERSON, req.actor);
    await countMetric(this.env, req.reply.ref, "compose", "blocked", item.dispatch_key);
    logEvent(this.env, "dispatch_cancelled", {
      platform: req.reply.ref.platform,
      accountId: req.reply.ref.accountId,
      dispatchKey: item.dispatch_key,
    });
    return { ok: true, item: viewOf(item) };
  }

  /** Admin redrive of a dead item under the same key; a delivered key is refused. */
  async redrive(dispatchKey: string): Promise<RedriveResult> {
    const row = this.store.outbox(dispatchKey);
    if (!row) return { ok: false, reason: "not_found" };
    const ref = this.store.ref();
    if (row.state === "delivered") {
      if (ref) await countMetric(this.env, ref, "compose", "duplicate_suppressed", dispatchKey);
      return { ok: false, reason: "already_delivered", item: viewOf(row) };
    }
    if (row.state !== "dead") return { ok: false, reason: "not_dead", item: viewOf(row) };
    const now = Date.now();
    // An unconfirmed send may still have happened: it is read back before anything is resent.
    const next = row.last_class === "unconfirmed" ? "unknown" : "pending";
    const item = this.store.updateOutbox(
      dispatchKey,
      {
        state: next,
        attempts: 0,
        next_at: null,
        unknown_since: next === "unknown" ? now : null,
        last_error: null,
        lease_owner: null,
      },
      now,
    );
    await this.wakeAt(now);
    return { ok: true, item: viewOf(item) };
  }

  async outbox(): Promise<OutboxItemView[]> {
    return this.store.allOutbox().map(viewOf);
  }

  async status(): Promise<AccountStatus> {
    const t = this.store.sql
      .exec<{ n: number; last: string | null }>("SELECT count(*) AS n, max(at) AS last FROM ticks")
      .one();
    return {
      ref: this.store.ref(),
      ticks: t.n,
      lastTickAt: t.last,
      outbox: this.store.countByState(),
      circuit: this.store.circuit(),
      sessionState: this.store.sessionState(),
      counters: this.store.getMeta<Record<string, number>>("counters") ?? {},
      lastRun: this.store.getMeta<RunReport>("last_run"),
    };
  }

  /** Runs now and waits (admin "run now", tests). Returns null when a run is already going. */
  async runNow(): Promise<RunReport | null> {
    return this.runOnce();
  }

  override async alarm(): Promise<void> {
    // Never throw from here: a throwing alarm is retried blindly; runOnce records and reschedules.
    await this.runOnce().catch((err) =>
      logEvent(this.env, "alarm_failed", {
        platform: this.store.ref()?.platform,
        accountId: this.store.ref()?.accountId,
        error: String(err).slice(0, 200),
      }),
    );
  }

  private async runOnce(): Promise<RunReport | null> {
    const ref = this.store.ref();
    if (!ref) return null;
    const cfg = runConfig(this.env, ref.platform);
    const runId = crypto.randomUUID();
    const now = Date.now();
    if (!this.store.takeRunLease(runId, this.instance, now, cfg.runLeaseTtlMs)) return null;
    let report: RunReport | null = null;
    try {
      this.recoverInterrupted(runId, now);
      report = await new AccountRun(this.env, this.store, ref, cfg, runId, this.decide).execute();
      this.store.setMeta("last_run", report);
      await countRun(this.env, ref, report);
      return report;
    } finally {
      this.store.releaseRunLease(runId);
      const due = this.store.nextDueAt();
      const wake = [report?.wakeAt ?? null, due].filter((t): t is number => t !== null);
      if (wake.length) await this.wakeAt(Math.max(Date.now() + 250, Math.min(...wake)));
    }
  }

  /**
   * A run that died (eviction, deploy, crash) may have left an item in `sending`. If it got as
   * far as the submit, the message may be on the site: read it back before anything else.
   * Otherwise nothing left the object and the item simply goes again.
   */
  private recoverInterrupted(runId: string, now: number) {
    for (const row of this.store.allOutbox()) {
      if (row.state !== "sending" || row.lease_owner === runId) continue;
      if (row.submitted_at !== null) {
        this.store.updateOutbox(
          row.dispatch_key,
          { state: "unknown", unknown_since: row.submitted_at, next_at: now, lease_owner: null },
          now,
        );
      } else {
        this.store.updateOutbox(row.dispatch_key, { state: "pending", next_at: now, lease_owner: null }, now);
      }
      logEvent(this.env, "dispatch_recovered", {
        platform: this.store.ref()?.platform,
        accountId: this.store.ref()?.accountId,
        dispatchKey: row.dispatch_key,
        submitted: row.submitted_at !== null,
      });
    }
  }

  // ---------------------------------------------------------------- sessions and evidence

  /** Manual session capture: cookies exported from a real browser, sealed at once. */
  async importCookies(ref: AccountRef, cookies: StoredCookie[]): Promise<{ stored: number }> {
    this.remember(ref);
    this.store.setMeta("cookies", await sealCookies(cookies, this.env.SESSION_KEY, accountObjectName(ref)));
    this.store.setMeta("session_state", "unknown");
    // A person just logged in for us: the automatic-login cap starts over, or the next expiry
    // would park the account again at once without even trying the stored credentials.
    this.store.deleteMeta("relogins");
    this.store.deleteMeta("browser"); // a kept-alive browser holds the old session
    if (this.store.circuit().reason === "session_expired") this.store.setMeta("circuit", CLOSED);
    await mirrorHealth(this.env, ref.accountId, { sessionState: "unknown" });
    await this.wakeAt(Date.now());
    return { stored: cookies.length };
  }

  /**
   * A person asks for a login now, typically after fixing the credentials of a parked account.
   * Leaves needs_login and runs at once; the run logs in only if the site asks for it, and the
   * hourly login cap still applies (refused here up front, so the person sees why).
   */
  async retryLogin(ref: AccountRef): Promise<LoginRetryResult> {
    this.remember(ref);
    const cfg = runConfig(this.env, ref.platform);
    const now = Date.now();
    const recent = this.store.recentLogins(now);
    if (recent.length >= cfg.reloginsPerHour) {
      return {
        ok: false,
        reason: "login_cap",
        cap: cfg.reloginsPerHour,
        nextLoginAt: new Date(Math.min(...recent) + 3_600_000).toISOString(),
        sessionState: this.store.sessionState(),
      };
    }
    this.store.setMeta("session_state", "unknown");
    this.store.deleteMeta("parked_credentials");
    this.store.setMeta("ingest_due", true);
    if (this.store.circuit().reason === "session_expired") this.store.setMeta("circuit", CLOSED);
    await mirrorHealth(this.env, ref.accountId, { sessionState: "unknown", sessionReason: null });
    const report = await this.runOnce();
    return { ok: true, ran: report !== null, sessionState: this.store.sessionState(), report };
  }

  /** A person cleared the cause of a stop or an open circuit. */
  async resetCircuit(): Promise<void> {
    this.store.setMeta("circuit", CLOSED);
    const ref = this.store.ref();
    if (ref)
      await mirrorHealth(this.env, ref.accountId, {
        circuitState: "closed",
        circuitReason: null,
        circuitUntil: null,
      });
    await this.wakeAt(Date.now());
  }

  async evidence(id: string) {
    return this.store.evidence(id);
  }

  async evidenceList() {
    return this.store.evidenceList();
  }
}
