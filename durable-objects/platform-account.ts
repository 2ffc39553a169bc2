/**
 * One object per platform account, addressed by name "<platform>:<accountId>". It serializes
 * everything that touches the account's site: ingest, the outbox drain, pacing, the circuit
 * breaker, the kept-alive browser and the sealed login cookies.
 *
 * What wakes it (docs/architecture.md, "The flow"): a notification e-mail (wake(), at once), its
 * own safety-net poll on the alarm (account/wake-schedule.ts: sooner while a conversation is
 * live, rarely while push is trusted, slower at night), queued sends, and the cron's tick(),
 * which is the floor: it starts polling for an account the alarm does not know about yet and
 * re-arms a poll that is overdue, and otherwise adds no page load of its own.
 *
 * tick(), wake() and enqueue() only write to SQLite and arm the alarm; the alarm runs the
 * browser work (durable-objects/account/run.ts) under an explicit run lease, because a Durable
 * Object's input gate opens on every await of browser I/O. Every restart path — eviction,
 * deploy, alarm retry, an exception mid-send — starts from the stored outbox state.
 */
import { DurableObject } from "cloudflare:workers";
import type { StoredCookie } from "../connectors/browser/cookie-vault.ts";
import { CLOSED } from "../connectors/core/circuit.ts";
import type { AccountRef } from "../domain/account/address.ts";
import {
  CANCELLED_BY_PERSON,
  type CancelRequest,
  type CancelResult,
  type EnqueueRequest,
  type EnqueueResult,
  type OutboxItemView,
  type RedriveResult,
} from "../domain/account/rpc.ts";
import { blockingConfigProblems } from "../domain/config/blocking-problems.ts";
import { db } from "../domain/db/client.ts";
import { accountHealth } from "../domain/db/schema.ts";
import { decideNewMessages } from "../domain/decide/decide-messages.ts";
import { errorFields } from "../domain/error-fields.ts";
import { logEvent } from "../domain/log.ts";
import { countMetric } from "./account/d1-effects.ts";
import {
  cancelFollowup,
  type FollowupActionResult,
  followupWakeAt,
  planFollowups,
  planIfDue,
  replanSoon,
  sendFollowupNow,
} from "./account/followups.ts";
import { unpark } from "./account/login-state.ts";
import type { SessionState, WakePrefs } from "./account/meta-store.ts";
import { nextWakeAfterRun } from "./account/next-wake.ts";
import { viewOf } from "./account/outbox-store.ts";
import { applyTransition } from "./account/outbox-transition.ts";
import { cancelQueued } from "./account/person-cancel.ts";
import { pendingRecounts } from "./account/recount.ts";
import { redriveDead } from "./account/redrive.ts";
import { AccountRun, type DecideFn, type RunReport } from "./account/run.ts";
import { runConfig } from "./account/run-config.ts";
import { RunContext } from "./account/run-context.ts";
import { isLeaseLost } from "./account/run-failure.ts";
import { countRun } from "./account/run-metrics.ts";
import { closeCircuit, importSession } from "./account/session-admin.ts";
import { AccountStorage } from "./account/storage.ts";
import { type VerifyOutcome, verifyInObject } from "./account/verify-run.ts";
import { askIngest, notePush, planPoll, pushRunAt, rememberPrefs } from "./account/wake-plan.ts";

export type LoginRetryResult =
  | { ok: true; ran: boolean; sessionState: SessionState; report: RunReport | null }
  | { ok: false; reason: "login_cap"; cap: number; nextLoginAt: string; sessionState: SessionState };

export interface AccountStatus {
  ref: AccountRef | null;
  ticks: number;
  lastTickAt: string | null;
  outbox: Record<string, number>;
  circuit: ReturnType<AccountStorage["circuit"]>;
  sessionState: SessionState;
  counters: Record<string, number>;
  lastRun: RunReport | null;
  /** When the safety-net poll is next due (ISO), and the account's push state. */
  pollAt: string | null;
  push: { enabled: boolean; pending: boolean; lastAt: string | null; misses: number };
  /** In-browser sends still to be counted again after delivery (account/recount.ts). */
  recountsPending: number;
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
    if (this.store.ref()?.accountId !== ref.accountId) this.store.meta.set("ref", ref);
  }

  private scope(ref: AccountRef) {
    return { env: this.env, store: this.store, ref };
  }

  private async wakeAt(t: number) {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > t) await this.ctx.storage.setAlarm(t);
  }

  /**
   * The cron's floor, for active accounts only. A poll that is due (or was never planned: a new
   * or re-activated account) asks for an ingest now; otherwise the alarm is re-armed for the
   * planned poll, in case it was lost. It adds no page load while the alarm keeps time.
   */
  async tick(
    ref: AccountRef,
    at: string = new Date().toISOString(),
    prefs?: WakePrefs,
  ): Promise<AccountStatus> {
    this.remember(ref);
    const now = Date.now();
    rememberPrefs(this.store, this.env, prefs, now);
    this.store.recordTick(at);
    await db(this.env.DB)
      .insert(accountHealth)
      .values({ accountId: ref.accountId, lastTickAt: at, updatedAt: at })
      .onConflictDoUpdate({ target: accountHealth.accountId, set: { lastTickAt: at, updatedAt: at } });
    const pollAt = this.store.meta.get("pollAt");
    if (pollAt === null || pollAt <= now) {
      askIngest(this.store, now);
      planPoll(this.store, runConfig(this.env, ref.platform), now);
      await this.wakeAt(now);
    } else await this.wakeAt(pollAt);
    // Follow-ups: planned from D1 (no page load); a due one wakes a run, a later one the alarm.
    const fu = await planIfDue(this.scope(ref), now);
    if (fu?.enqueued) await this.wakeAt(now);
    const followupAt = followupWakeAt(this.store);
    if (followupAt !== null) await this.wakeAt(Math.max(now, followupAt));
    return this.status();
  }

  /**
   * A notification e-mail from the account's site (worker/email): read the inbox now. Only a
   * hint — the run reads the site, and finds whatever is there, or nothing.
   */
  async wake(ref: AccountRef, prefs?: WakePrefs): Promise<{ pollAt: string | null }> {
    this.remember(ref);
    const now = Date.now();
    rememberPrefs(this.store, this.env, prefs, now);
    notePush(this.store, now);
    await this.wakeAt(pushRunAt(this.store, now));
    const pollAt = this.store.meta.get("pollAt");
    return { pollAt: pollAt === null ? null : new Date(pollAt).toISOString() };
  }

  /** Idempotent: a second call with the same dispatch key returns the existing item. */
  async enqueue(req: EnqueueRequest): Promise<EnqueueResult> {
    this.remember(req.ref);
    const now = Date.now();
    let { created, item } = this.store.outbox.insert(req, now);
    if (
      !created &&
      item.state === "cancelled" &&
      item.submittedAt === null &&
      item.lastError !== CANCELLED_BY_PERSON
    ) {
      // Stopped by policy before any submit (e.g. back to a draft): a fresh approval revives it.
      // A person's cancel is final: the sweep or a stale approve must not bring it back.
      item = this.store.outbox.update(
        item.dispatchKey,
        { state: "pending", origin: req.origin, nextAt: null, lastError: null },
        now,
      );
      created = true;
    }
    if (created) await this.wakeAt(now);
    else await countMetric(this.env, req.ref, "compose", "duplicate_suppressed", req.dispatchKey);
    return { created, item: viewOf(item) };
  }

  /**
   * A person stops a queued reply before it leaves. Refused once a send has started: from the
   * lease on, the page may already hold the text, and only the read-back can settle it. Runs
   * without an await between the check and the write, so a run cannot take the item in between;
   * the run re-checks the item after its own awaits (policy read) before it sends.
   */
  async cancel(req: CancelRequest): Promise<CancelResult> {
    this.remember(req.reply.ref);
    return cancelQueued(this.scope(req.reply.ref), req);
  }

  /** Admin redrive of a dead item under the same key; a delivered key is refused. */
  async redrive(dispatchKey: string): Promise<RedriveResult> {
    const result = await redriveDead(this.env, this.store, dispatchKey, Date.now());
    if (result.ok) await this.wakeAt(Date.now());
    return result;
  }

  /** The follow-up policy changed (or a test asks): plan from D1 now; a due step wakes a run. */
  async followupPlan(ref: AccountRef): Promise<{ enqueued: number; nextAt: number | null }> {
    this.remember(ref);
    const r = await planFollowups(this.scope(ref), Date.now());
    if (r.enqueued > 0) await this.wakeAt(Date.now());
    else if (r.nextAt !== null) await this.wakeAt(r.nextAt);
    return { enqueued: r.enqueued, nextAt: r.nextAt };
  }

  /** A person's "send now" or "cancel" on a conversation's next follow-up (account/followups.ts). */
  async followupAction(ref: AccountRef, id: string, actor: string, what: "send_now" | "cancel") {
    this.remember(ref);
    const act = what === "send_now" ? sendFollowupNow : cancelFollowup;
    const r: FollowupActionResult = await act(this.scope(ref), id, actor, Date.now());
    if (r.ok && r.enqueued) await this.wakeAt(Date.now());
    return r;
  }

  async outbox(): Promise<OutboxItemView[]> {
    return this.store.outbox.all().map(viewOf);
  }

  async status(): Promise<AccountStatus> {
    const t = this.store.ticks();
    const push = this.store.meta.get("push");
    return {
      ref: this.store.ref(),
      ticks: t.n,
      lastTickAt: t.last,
      outbox: this.store.outbox.countByState(),
      circuit: this.store.circuit(),
      sessionState: this.store.sessionState(),
      counters: this.store.meta.get("counters") ?? {},
      lastRun: this.store.meta.get("lastRun"),
      pollAt: iso(this.store.meta.get("pollAt")),
      push: {
        enabled: this.store.meta.get("wakePrefs")?.pushEnabled ?? false,
        pending: push?.pending ?? false,
        lastAt: iso(push?.lastAt ?? null),
        misses: push?.misses ?? 0,
      },
      recountsPending: pendingRecounts(this.store).length,
    };
  }

  /**
   * A person asks for the inbox to be read now (the panel's "Check inbox now"): unlike a tick,
   * which reads only when the planned poll is due, this run ingests whatever the plan says, and
   * the person waits for its report. Null when a run is already going; that run sees the request
   * when it ends (it was asked after it started) and reads the inbox again at once.
   */
  async checkInbox(ref: AccountRef, prefs?: WakePrefs): Promise<RunReport | null> {
    this.remember(ref);
    const now = Date.now();
    rememberPrefs(this.store, this.env, prefs, now);
    askIngest(this.store, now);
    return this.runOnce({ urgent: true });
  }

  /** Runs at once and waits (tests, login retry). Returns null when a run is already going. */
  async runNow(): Promise<RunReport | null> {
    return this.runOnce({ urgent: true });
  }

  override async alarm(): Promise<void> {
    // Never throw from here: a throwing alarm is retried blindly; runOnce records and reschedules.
    await this.runOnce().catch((err) =>
      logEvent(this.env, "alarm_failed", {
        platform: this.store.ref()?.platform,
        accountId: this.store.ref()?.accountId,
        ...errorFields(err),
      }),
    );
  }

  /** `urgent`: a person asked and waits (the governor's reserved slots are open to the run). */
  private async runOnce(opts: { urgent?: boolean } = {}): Promise<RunReport | null> {
    const ref = this.store.ref();
    if (!ref) return null;
    // Fail closed like the API, the cron and the e-mail handler: an alarm set before the
    // configuration broke runs nothing. The outbox and the poll plan stay as they are, and the
    // cron wakes the account again once the configuration is fixed.
    if (blockingConfigProblems(this.env).problems.length > 0) {
      logEvent(this.env, "run_skipped_config", { platform: ref.platform, accountId: ref.accountId });
      return null;
    }
    const cfg = runConfig(this.env, ref.platform);
    const runId = crypto.randomUUID();
    const now = Date.now();
    if (!this.store.takeRunLease(runId, this.instance, now, cfg.runLeaseTtlMs)) return null;
    this.store.meta.set("lastRunStartedAt", now);
    let report: RunReport | null = null;
    try {
      // Polling starts with the account's first cron tick (tick() plans it), not with a run
      // that a send or a person asked for.
      const pollAt = this.store.meta.get("pollAt");
      if (pollAt !== null && pollAt <= now) {
        askIngest(this.store, now);
        // Planned before the run, so that a run that fails still leaves the next poll behind;
        // the ingest plans it again from what it found.
        planPoll(this.store, cfg, now);
      }
      const ctx = new RunContext(this.env, this.store, ref, cfg, runId, this.decide);
      await this.recoverInterrupted(ctx);
      await planIfDue(this.scope(ref), now);
      report = await new AccountRun(ctx, opts).execute();
      ctx.holdLease();
      // New messages or replies out change what follow-ups are due: plan again at the next wake.
      if (report.processed > 0 || report.delivered > 0 || report.newMessages > 0)
        replanSoon(this.store, Date.now());
      this.store.meta.set("lastRun", report);
      await countRun(this.env, ref, report);
      return report;
    } catch (err) {
      if (!isLeaseLost(err)) throw err;
      // It hung in a browser call past its lease and another run took over: that run owns the
      // account now, and this one has stopped before writing anything more.
      logEvent(this.env, "run_lease_lost", { platform: ref.platform, accountId: ref.accountId, runId });
      return null;
    } finally {
      if (this.store.holdsRunLease(runId)) {
        this.store.releaseRunLease(runId);
        const next = nextWakeAfterRun(this.store, report, now);
        if (next !== null) await this.wakeAt(next);
      }
    }
  }

  /**
   * A run that died (eviction, deploy, crash) or lost its lease may have left items in
   * `sending`. One that got as far as the submit may be on the site: it is read back before
   * anything else. Otherwise nothing left the object and the item simply goes again.
   */
  private async recoverInterrupted(ctx: RunContext) {
    for (const item of this.store.outbox.all()) {
      if (item.state !== "sending" || item.leaseOwner === ctx.runId) continue;
      await applyTransition(ctx, item, { to: "recovered" });
    }
  }

  // ---------------------------------------------------------------- sessions and evidence

  /** Manual session capture: cookies exported from a real browser, sealed at once. */
  async importCookies(ref: AccountRef, cookies: StoredCookie[]): Promise<{ stored: number }> {
    this.remember(ref);
    await importSession(this.scope(ref), cookies);
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
    const recent = this.store.recentLogins(Date.now());
    if (recent.length >= cfg.reloginsPerHour) {
      return {
        ok: false,
        reason: "login_cap",
        cap: cfg.reloginsPerHour,
        nextLoginAt: new Date(Math.min(...recent) + 3_600_000).toISOString(),
        sessionState: this.store.sessionState(),
      };
    }
    await unpark(this.env, this.store, ref);
    if (this.store.circuit().reason === "session_expired") this.store.meta.set("circuit", CLOSED);
    const report = await this.runOnce({ urgent: true });
    return { ok: true, ran: report !== null, sessionState: this.store.sessionState(), report };
  }

  /** A person cleared the cause of a stop or an open circuit. */
  async resetCircuit(): Promise<void> {
    await closeCircuit(this.env, this.store);
    await this.wakeAt(Date.now());
  }

  /** The read-only verify check of this account's site (connectors/verify/); never sends. */
  async verify(ref: AccountRef): Promise<VerifyOutcome> {
    this.remember(ref);
    const outcome = await verifyInObject({
      ...this.scope(ref),
      instance: this.instance,
      decide: this.decide,
    });
    // A tick or a push that came while the check held the account found it taken: run now.
    await this.wakeAt(Date.now());
    return outcome;
  }

  async evidence(id: string) {
    return this.store.evidence(id);
  }

  async evidenceList() {
    return this.store.evidenceList();
  }
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
