/**
 * One run of an account: the only code that drives the account's browser. Runs are exclusive
 * (the object's run lease), so everything below may assume it is alone with the outbox.
 *
 *   gate     account active? login usable? circuit closed (or due a half-open probe)? a
 *            browser slot from the governor?
 *   session  reuse the kept-alive browser or launch one; restore the sealed cookies
 *   ingest   (when a cron tick asked) inbox → open changed threads → D1 → decide → outbox
 *   drain    one item at a time: read-back first for anything that may have been submitted;
 *            send-time policy; send; classify the outcome
 *   finish   save cookies, close the circuit, mirror health — or classify the account-level
 *            failure (circuit, needs_login, stop) and alert
 */
import type { Browser } from "@cloudflare/puppeteer";
import { openCookies, sealCookies } from "../../connectors/browser/cookie-vault.ts";
import { openBrowser, releaseBrowser } from "../../connectors/browser/launcher.ts";
import { collectCookies, openSiteSession } from "../../connectors/browser/page-setup.ts";
import type { Pacer, SiteSession } from "../../connectors/browser/site-session.ts";
import {
  CLOSED,
  gate,
  onFailure,
  onProbeStart,
  onProbeWithoutVerdict,
} from "../../connectors/core/circuit.ts";
import type { PlatformConnector } from "../../connectors/core/contract.ts";
import { type Failure, failureOf, type Result, type Step } from "../../connectors/core/failures.ts";
import { budgetCheck, nextActionAt } from "../../connectors/core/pacing.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { db } from "../../worker/db/client.ts";
import type { DlqStage } from "../../worker/db/schema.ts";
import { logEvent } from "../../worker/lib/log.ts";
import {
  type CredentialRefs,
  credentialFingerprint,
  missingSecrets,
  resolveCredential,
} from "../../worker/policy/credentials.ts";
import { readAccountPolicy } from "../../worker/policy/policy-store.ts";
import type { EnqueueRequest } from "../account-rpc.ts";
import { type AccountRef, accountObjectName } from "../address.ts";
import { type AlertKind, sendAlert } from "./alerts.ts";
import {
  countMetric,
  mirrorHealth,
  policySnapshot,
  queuedReplies,
  recordAccountError,
  recordDead,
  recordDelivered,
  recordStopped,
} from "./d1-effects.ts";
import { knownThreads, persistListings, persistThread } from "./ingest-store.ts";
import { afterSendFailure } from "./retry-policy.ts";
import type { RunConfig } from "./run-config.ts";
import { sendVerdict } from "./send-policy.ts";
import type { AccountStorage, OutboxItem } from "./storage.ts";

/** Decides new inbound messages and returns the replies to enqueue (worker/inbox). */
export type DecideFn = (env: Env, ref: AccountRef, now: Date) => Promise<EnqueueRequest[]>;

export interface RunReport {
  skipped: string | null;
  launched: boolean;
  reused: boolean;
  pageLoads: number;
  threadsListed: number;
  threadsOpened: number;
  newMessages: number;
  enqueued: number;
  processed: number;
  delivered: number;
  failure: Failure | null;
  /** When the object should wake again (ms epoch), if anything waits. */
  wakeAt: number | null;
}

/** Failures that are about the account, not one reply: they end the run. */
class AccountFailure extends Error {
  readonly failure: Failure;
  constructor(f: Failure) {
    super(f.message);
    this.failure = f;
  }
}

const ACCOUNT_LEVEL = new Set(["session_expired", "captcha", "bot_challenge", "access_blocked"]);
export const BUDGET_MARKER = "page_budget";
const MIN_READBACKS = 3;

function dlqStage(step: Step): DlqStage {
  if (step === "login") return "login";
  if (step === "inbox" || step === "thread" || step === "listings") return "ingest";
  if (step === "submit") return "submit";
  if (step === "confirm") return "confirm";
  return "compose";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AccountRun {
  private readonly env: Env;
  private readonly store: AccountStorage;
  private readonly ref: AccountRef;
  private readonly cfg: RunConfig;
  private readonly runId: string;
  private readonly decide: DecideFn;
  private readonly connector: PlatformConnector;
  private browser: Browser | null = null;
  private session: SiteSession | null = null;
  private readonly started = Date.now();
  private readonly report: RunReport = {
    skipped: null,
    launched: false,
    reused: false,
    pageLoads: 0,
    threadsListed: 0,
    threadsOpened: 0,
    newMessages: 0,
    enqueued: 0,
    processed: 0,
    delivered: 0,
    failure: null,
    wakeAt: null,
  };

  constructor(
    env: Env,
    store: AccountStorage,
    ref: AccountRef,
    cfg: RunConfig,
    runId: string,
    decide: DecideFn,
  ) {
    this.env = env;
    this.store = store;
    this.ref = ref;
    this.cfg = cfg;
    this.runId = runId;
    this.decide = decide;
    this.connector = connectorFor(ref.platform).connector;
  }

  private log(event: string, fields: Record<string, string | number | boolean | null | undefined> = {}) {
    logEvent(this.env, event, {
      platform: this.ref.platform,
      accountId: this.ref.accountId,
      runId: this.runId,
      ...fields,
    });
  }

  async execute(): Promise<RunReport> {
    const now = Date.now();
    const policy = await readAccountPolicy(db(this.env.DB), this.ref.accountId);
    if (!policy?.account.isActive) {
      await this.stopQueued(); // policy at send time: nothing goes out from an inactive account
      return this.skip("inactive");
    }
    await this.sweepQueued(now);
    const refs = policy.account.credentialRefs;
    const missing = missingSecrets(this.env, refs);
    if (missing.length > 0) await this.alert("missing_secret", missing.join(", "));
    if (this.store.sessionState() === "needs_login") {
      if (!(await this.credentialsChangedSince(refs))) return this.skip("needs_login");
      // Someone fixed what the login lacked (other references, a secret set or changed): try
      // again. The hourly login cap in relogin() still applies.
      await this.unpark("credentials_changed");
    }
    const circuit = this.store.circuit();
    const g = gate(circuit, now);
    if (!g.allowed)
      return this.skip(`circuit_${circuit.state}`, g.retryAfterMs === null ? null : now + g.retryAfterMs);

    const ingestDue = this.store.getMeta<boolean>("ingest_due") ?? false;
    if (!ingestDue && !this.store.nextDue(now, this.cfg.sendLeaseTtlMs)) return this.skip("idle");

    const kept = this.store.getMeta<{ sessionId: string; lastUsed: number }>("browser");
    const reuseId = kept && now - kept.lastUsed < this.cfg.keepAliveMs - 20_000 ? kept.sessionId : null;
    const governor = this.env.BROWSER_GOVERNOR.getByName("global");
    const holder = accountObjectName(this.ref);
    const slot = await governor.acquire(holder, { launch: reuseId === null });
    if (!slot.granted) return this.skip(`governor_${slot.reason}`, now + slot.retryAfterMs);
    if (g.probe) this.store.setMeta("circuit", onProbeStart(circuit, now, this.cfg.runLeaseTtlMs));

    const origin = policy.account.baseUrl ?? connectorFor(this.ref.platform).realOrigin;
    try {
      await this.openSession(origin, reuseId);
      if (ingestDue) {
        await this.ingest();
        this.store.setMeta("ingest_due", false);
      }
      await this.drain();
      await this.succeed();
    } catch (err) {
      // AccountFailure and connector failures both carry a classified `failure`.
      const f =
        failureOf(err) ??
        ({ class: "transient", step: "launch", message: String(err).slice(0, 200) } satisfies Failure);
      this.report.failure = f;
      await this.onAccountFailure(f);
    } finally {
      this.report.pageLoads = this.session?.pageLoads ?? 0;
      await this.closeSession();
      await governor.release(holder);
    }
    return this.report;
  }

  /** Whether the credentials differ from those the account was parked with. */
  private async credentialsChangedSince(refs: CredentialRefs): Promise<boolean> {
    const parked = this.store.getMeta<string>("parked_credentials");
    if (parked === null) return false;
    return parked !== (await credentialFingerprint(this.env, refs, this.env.SESSION_KEY));
  }

  /** Leaves needs_login so this run tries the site (and logs in if it must). */
  private async unpark(why: string) {
    this.store.setMeta("session_state", "unknown");
    this.store.deleteMeta("parked_credentials");
    this.store.setMeta("ingest_due", true);
    this.log("login_retry", { why });
    await mirrorHealth(this.env, this.ref.accountId, { sessionState: "unknown", sessionReason: null });
  }

  private skip(reason: string, wakeAt: number | null = null): RunReport {
    this.report.skipped = reason;
    this.report.wakeAt = wakeAt;
    return this.report;
  }

  // ---------------------------------------------------------------- session

  private pacer(): Pacer {
    return {
      beforePageAction: async () => {
        const now = Date.now();
        const budget = budgetCheck(this.store.pageLoadsSince(now - 3_600_000), this.cfg.antibot, now);
        if (!budget.allowed) {
          this.report.wakeAt = budget.retryAtMs;
          throw new AccountFailure({
            class: "transient",
            step: "launch",
            message: "hourly page-load budget used up",
            marker: BUDGET_MARKER,
          });
        }
        const at = nextActionAt(
          this.store.getMeta<number>("last_action_at"),
          this.cfg.antibot,
          Math.random(),
        );
        if (at > now) await sleep(at - now);
        const t = Date.now();
        this.store.setMeta("last_action_at", t);
        this.store.recordPageLoad(t);
      },
    };
  }

  private async openSession(origin: string, reuseId: string | null) {
    const { browser, sessionId, reused } = await openBrowser(this.env.BROWSER, {
      reuseSessionId: reuseId,
      keepAliveMs: this.cfg.keepAliveMs,
    });
    this.report.reused = reused;
    if (!reused) {
      this.report.launched = true;
      this.bumpCounter("launches");
    }
    this.browser = browser;
    this.store.setMeta("browser", { sessionId, lastUsed: Date.now() });
    const sealed = this.store.getMeta<string>("cookies");
    let cookies: Awaited<ReturnType<typeof openCookies>> = [];
    if (sealed) {
      try {
        cookies = await openCookies(sealed, this.env.SESSION_KEY, accountObjectName(this.ref));
      } catch {
        this.log("cookie_jar_unreadable"); // key rotated or jar corrupt: log in afresh
      }
    }
    this.session = await openSiteSession(browser, {
      spec: connectorFor(this.ref.platform).spec,
      origin,
      cookies,
      pacer: this.pacer(),
      navigationTimeoutMs: this.cfg.antibot.navigationTimeoutMs,
      evidence: {
        save: async (e) => {
          const id = crypto.randomUUID();
          this.store.saveEvidence({ ...e, id, at: Date.now(), failureClass: e.failureClass });
          return id;
        },
      },
    });
  }

  private bumpCounter(name: string) {
    const c = this.store.getMeta<Record<string, number>>("counters") ?? {};
    c[name] = (c[name] ?? 0) + 1;
    this.store.setMeta("counters", c);
  }

  private async closeSession() {
    const browser = this.browser;
    this.browser = null;
    if (!browser) return;
    try {
      await this.session?.page.close();
    } catch {
      // the tab may already be gone
    }
    // Keep the browser warm for the next minute's run; Browser Run closes it when idle.
    await releaseBrowser(browser, "keep");
    const kept = this.store.getMeta<{ sessionId: string }>("browser");
    if (kept) this.store.setMeta("browser", { ...kept, lastUsed: Date.now() });
  }

  /** Runs a connector call; a lost login is repaired once (when allowed) and the call retried. */
  private async call<T>(op: (s: SiteSession) => Promise<Result<T>>): Promise<Result<T>> {
    const s = this.session!;
    let r = await op(s);
    if (!r.ok && r.failure.class === "session_expired") {
      const login = await this.relogin();
      if (!login.ok) return login;
      r = await op(s);
    }
    return r;
  }

  private async relogin(): Promise<Result<void>> {
    const now = Date.now();
    const times = this.store.recentLogins(now);
    const refs = (await readAccountPolicy(db(this.env.DB), this.ref.accountId))?.account.credentialRefs ?? {};
    const username = resolveCredential(this.env, refs.username);
    const password = resolveCredential(this.env, refs.password);
    if (!username || !password) {
      const missing = missingSecrets(this.env, refs);
      return {
        ok: false,
        failure: {
          class: "session_expired",
          step: "login",
          marker: "no_credentials",
          // Secret names only, never values: this text reaches health, alerts and logs.
          message:
            missing.length > 0
              ? `logged out, and the Worker has no ${missing.length > 1 ? "secrets" : "secret"} ${missing.join(", ")} to log in with (named by this account's credential references)`
              : "logged out, and the account has no credential references to log in with: set credentialRefs or capture a session",
        },
      };
    }
    if (times.length >= this.cfg.reloginsPerHour) {
      return {
        ok: false,
        failure: { class: "session_expired", step: "login", message: "too many logins in the last hour" },
      };
    }
    this.store.setMeta("relogins", [...times, now]);
    this.log("relogin");
    const r = await this.connector.login(this.session!, { username, password });
    if (r.ok) this.store.setMeta("session_state", "ok");
    return r;
  }

  // ---------------------------------------------------------------- ingest

  private async ingest() {
    const listed = await this.call((s) =>
      this.connector.listInbox(s, { maxPages: this.cfg.antibot.maxInboxPages }),
    );
    if (!listed.ok) throw new AccountFailure(listed.failure);
    this.report.threadsListed = listed.value.length;
    const known = await knownThreads(this.env, this.ref.accountId);
    for (const row of listed.value) {
      const k = known.get(row.externalThreadId);
      if (k && k.fingerprint === row.fingerprint) continue; // unchanged: not reopened
      const detail = await this.call((s) => this.connector.readThread(s, row.externalThreadId));
      if (!detail.ok) throw new AccountFailure(detail.failure);
      this.report.threadsOpened++;
      this.report.newMessages += await persistThread(this.env, this.ref, row, detail.value, k);
    }
    await this.syncListings();
    await mirrorHealth(this.env, this.ref.accountId, { lastIngestAt: new Date().toISOString() });
    const toSend = await this.decide(this.env, this.ref, new Date());
    for (const req of toSend) {
      const { created } = this.store.insertOutbox(req, Date.now());
      if (created) this.report.enqueued++;
    }
  }

  private async syncListings() {
    const last = this.store.getMeta<number>("listings_synced_at") ?? 0;
    if (!this.connector.listListings || Date.now() - last < this.cfg.listingSyncEveryMs) return;
    const r = await this.call((s) => this.connector.listListings!(s));
    // Listing facts are a convenience; a failure here must not stop replies.
    if (!r.ok) {
      if (ACCOUNT_LEVEL.has(r.failure.class)) throw new AccountFailure(r.failure);
      this.log("listing_sync_failed", { class: r.failure.class });
      return;
    }
    await persistListings(this.env, this.ref, r.value);
    this.store.setMeta("listings_synced_at", Date.now());
  }

  // ---------------------------------------------------------------- drain

  private async drain() {
    let failuresInARow = 0;
    for (let n = 0; n < this.cfg.maxItemsPerRun && Date.now() - this.started < this.cfg.runBudgetMs; n++) {
      const item = this.store.nextDue(Date.now(), this.cfg.sendLeaseTtlMs);
      if (!item) return;
      this.report.processed++;
      const outcome = item.state === "unknown" ? await this.reconcile(item) : await this.send(item);
      if (outcome === "failed") {
        // Three sends in a row failing says the site is in trouble: stop and let the circuit count it.
        if (++failuresInARow >= 3) {
          throw new AccountFailure({
            class: "transient",
            step: "submit",
            message: "three sends in a row failed",
          });
        }
      } else failuresInARow = 0;
    }
    this.report.wakeAt = Date.now() + 1000; // budget or item cap reached: continue shortly
  }

  private async send(item: OutboxItem): Promise<"delivered" | "stopped" | "unknown" | "failed"> {
    const now = Date.now();
    const verdict = sendVerdict(item.origin, await policySnapshot(db(this.env.DB), this.ref, item));
    // The input gate opened during the policy read: a person may have cancelled the item.
    if (this.store.outbox(item.dispatch_key)?.state !== item.state) return "stopped";
    if (verdict.verdict !== "send") {
      this.store.updateOutbox(
        item.dispatch_key,
        { state: "cancelled", last_error: verdict.reason, lease_owner: null },
        now,
      );
      await recordStopped(this.env, item, verdict.verdict, verdict.reason);
      await countMetric(this.env, this.ref, "compose", "blocked", item.dispatch_key);
      this.log("dispatch_stopped_by_policy", { dispatchKey: item.dispatch_key, reason: verdict.reason });
      return "stopped";
    }
    const leased = this.store.updateOutbox(
      item.dispatch_key,
      {
        state: "sending",
        lease_owner: this.runId,
        lease_started: now,
        attempts: item.attempts + 1,
        submitted_at: null,
      },
      now,
    );
    this.log("dispatch_attempt", {
      dispatchKey: item.dispatch_key,
      attempt: leased.attempts,
      stage: "compose",
    });
    const r = await this.call((s) =>
      this.connector.sendReply(s, item.thread_id, item.body, {
        beforeSubmit: () => {
          const t = Date.now();
          this.store.updateOutbox(
            item.dispatch_key,
            { submitted_at: t, first_submitted_at: item.first_submitted_at ?? t },
            t,
          );
        },
      }),
    );
    const current = this.store.outbox(item.dispatch_key)!;
    if (!r.ok) return this.onSendFailure(current, r.failure);
    const out = r.value;
    if (out.status === "delivered") return this.delivered(current, out.platformMessageId, "submit");
    if (out.status === "rejected") {
      await this.dead(current, "submit", "rejected", out.siteText, null);
      return "failed";
    }
    this.store.updateOutbox(
      item.dispatch_key,
      {
        state: "unknown",
        unknown_since: Date.now(),
        next_at: Date.now() + this.cfg.recheckMs,
        last_error: out.reason,
        last_stage: "submit",
        lease_owner: null,
      },
      Date.now(),
    );
    this.log("dispatch_unknown", {
      dispatchKey: item.dispatch_key,
      stage: "submit",
      attempt: current.attempts,
    });
    return "unknown";
  }

  private async onSendFailure(item: OutboxItem, f: Failure): Promise<"failed"> {
    const now = Date.now();
    const next = afterSendFailure(f.class, item.attempts, now, this.cfg.retry, Math.random());
    const common = {
      last_class: f.class,
      last_error: f.message,
      last_stage: dlqStage(f.step),
      first_error: item.first_error ?? f.message,
      evidence_id: f.evidenceId ?? item.evidence_id,
      lease_owner: null,
    };
    if (next.next === "wait_account" || f.marker === BUDGET_MARKER) {
      // Not this reply's fault: give the attempt back; it waits for the account to recover.
      this.store.updateOutbox(
        item.dispatch_key,
        { ...common, state: "pending", attempts: item.attempts - 1, next_at: null },
        now,
      );
      throw new AccountFailure(f);
    }
    if (next.next === "retry_wait") {
      this.store.updateOutbox(item.dispatch_key, { ...common, state: "retry_wait", next_at: next.at }, now);
      await countMetric(this.env, this.ref, dlqStage(f.step), "retry", item.dispatch_key, f.class);
      this.log("dispatch_retry_scheduled", {
        dispatchKey: item.dispatch_key,
        class: f.class,
        attempt: item.attempts,
        stage: dlqStage(f.step),
      });
      return "failed";
    }
    await this.dead({ ...item, ...common }, dlqStage(f.step), f.class, f.message, f.evidenceId ?? null);
    if (f.class === "selector_drift") await this.alert("selector_drift", f.selector ?? f.step);
    return "failed";
  }

  /**
   * Read-back for a send whose outcome is unknown: found → delivered; never a blind resend.
   * "Unconfirmed" needs both the platform's appearance window to be over and at least
   * MIN_READBACKS read-backs that ran and could not tell — a queue wait for a browser is not
   * evidence of anything.
   */
  private async reconcile(item: OutboxItem): Promise<"delivered" | "unknown" | "failed"> {
    const now = Date.now();
    const since = item.unknown_since ?? now;
    const windowOver = now - since >= this.cfg.antibot.appearanceWindowMs;
    const after = new Date((item.first_submitted_at ?? item.created_at) - 60_000).toISOString();
    const r = await this.call((s) => this.connector.findReply(s, item.thread_id, item.body, after));
    if (r.ok && r.value.found) return this.delivered(item, r.value.platformMessageId, "confirm");
    if (!r.ok && ACCOUNT_LEVEL.has(r.failure.class)) throw new AccountFailure(r.failure);
    const undecided = !r.ok || r.value.pending;
    const failures = item.readback_failures + (undecided ? 1 : 0);
    if (!windowOver || (undecided && failures < MIN_READBACKS)) {
      this.store.updateOutbox(
        item.dispatch_key,
        {
          next_at: now + this.cfg.recheckMs,
          readback_failures: failures,
          last_error: r.ok ? item.last_error : r.failure.message,
        },
        now,
      );
      return "unknown";
    }
    if (undecided) {
      // Still cannot tell after the whole window: a person decides, the bot never guesses.
      const why = r.ok ? "the site still shows the message as sending" : r.failure.message;
      await this.dead(item, "confirm", "unconfirmed", why, r.ok ? null : (r.failure.evidenceId ?? null));
      return "failed";
    }
    // Proven absent after the appearance window: safe to send again (same key).
    if (item.attempts >= this.cfg.retry.maxAttempts) {
      await this.dead(
        item,
        "confirm",
        "transient",
        "read-back proved it absent and attempts are used up",
        null,
      );
      return "failed";
    }
    this.store.updateOutbox(
      item.dispatch_key,
      {
        state: "retry_wait",
        next_at: now,
        unknown_since: null,
        submitted_at: null,
        readback_failures: 0,
        last_error: "read-back proved the message absent",
        last_stage: "confirm",
      },
      now,
    );
    await countMetric(this.env, this.ref, "confirm", "retry", item.dispatch_key, "unknown_outcome");
    return "failed";
  }

  private async delivered(
    item: OutboxItem,
    platformMessageId: string | null,
    stage: "submit" | "confirm",
  ): Promise<"delivered"> {
    const now = Date.now();
    const done = this.store.updateOutbox(
      item.dispatch_key,
      {
        state: "delivered",
        platform_message_id: platformMessageId,
        lease_owner: null,
        next_at: null,
        last_stage: stage,
      },
      now,
    );
    await recordDelivered(this.env, this.ref, done, platformMessageId);
    await countMetric(this.env, this.ref, stage, "success", item.dispatch_key);
    this.report.delivered++;
    return "delivered";
  }

  private async dead(
    item: OutboxItem,
    stage: DlqStage,
    failureClass: string,
    error: string,
    evidenceId: string | null,
  ) {
    const now = Date.now();
    const done = this.store.updateOutbox(
      item.dispatch_key,
      {
        state: "dead",
        last_class: failureClass,
        last_error: error,
        last_stage: stage,
        evidence_id: evidenceId ?? item.evidence_id,
        lease_owner: null,
        next_at: null,
      },
      now,
    );
    await recordDead(this.env, this.ref, done, { stage, failureClass, error, evidenceId: done.evidence_id });
    await countMetric(this.env, this.ref, stage, "fail", item.dispatch_key, failureClass);
  }

  /** Enqueues replies D1 holds as queued that the outbox lacks; repairs D1 for finished ones. */
  private async sweepQueued(now: number) {
    for (const req of await queuedReplies(this.env, this.ref)) {
      const existing = this.store.outbox(req.dispatchKey);
      if (!existing) {
        this.store.insertOutbox(req, now);
        this.log("dispatch_swept", { dispatchKey: req.dispatchKey });
      } else if (existing.state === "delivered") {
        await recordDelivered(this.env, this.ref, existing, existing.platform_message_id);
      }
    }
  }

  /** The account is inactive: queued replies go back to people as drafts, never out. */
  private async stopQueued() {
    for (;;) {
      const item = this.store.nextDue(Date.now() + 10 * 365 * 86_400_000, this.cfg.sendLeaseTtlMs);
      if (!item || item.state === "unknown" || item.submitted_at !== null) return;
      this.store.updateOutbox(
        item.dispatch_key,
        { state: "cancelled", last_error: "account_inactive" },
        Date.now(),
      );
      await recordStopped(this.env, item, "to_draft", "account_inactive");
      await countMetric(this.env, this.ref, "compose", "blocked", item.dispatch_key);
    }
  }

  // ---------------------------------------------------------------- outcome

  private alert(kind: AlertKind, reason: string) {
    return sendAlert(this.env, this.store, this.ref, kind, reason, this.cfg.alertCooldownMs);
  }

  private async succeed() {
    const s = this.session!;
    const cookies = await collectCookies(s);
    this.store.setMeta(
      "cookies",
      await sealCookies(cookies, this.env.SESSION_KEY, accountObjectName(this.ref)),
    );
    this.store.setMeta("circuit", CLOSED);
    this.store.setMeta("session_state", "ok");
    await mirrorHealth(this.env, this.ref.accountId, {
      sessionState: "ok",
      sessionReason: null,
      circuitState: "closed",
      circuitReason: null,
      circuitUntil: null,
    });
  }

  private async onAccountFailure(f: Failure) {
    // Failure messages are our own words plus short error texts — never page content or secrets.
    this.log("run_failed", {
      class: f.class,
      step: f.step,
      marker: f.marker ?? null,
      message: f.message.slice(0, 120),
    });
    const before = this.store.circuit();
    if (f.marker === BUDGET_MARKER || f.class === "session_expired")
      this.store.setMeta("circuit", onProbeWithoutVerdict(before, Date.now()));
    if (f.marker === BUDGET_MARKER) return; // our own pacing budget, not the site's fault
    await recordAccountError(this.env, this.ref, dlqStage(f.step), f);
    if (f.class === "session_expired") {
      this.store.setMeta("session_state", "needs_login");
      // Remember what the login had to work with, so a change to it brings the account back.
      const refs =
        (await readAccountPolicy(db(this.env.DB), this.ref.accountId))?.account.credentialRefs ?? {};
      this.store.setMeta(
        "parked_credentials",
        await credentialFingerprint(this.env, refs, this.env.SESSION_KEY),
      );
      await mirrorHealth(this.env, this.ref.accountId, {
        sessionState: "needs_login",
        sessionReason: f.message.slice(0, 300),
      });
      await this.alert("needs_login", f.message);
      return;
    }
    const circuit =
      f.class === "selector_drift"
        ? {
            state: "open" as const,
            reason: "selector_drift",
            until: Date.now() + this.cfg.antibot.circuitCooldownMs,
            consecutiveFailures: before.consecutiveFailures + 1,
          }
        : onFailure(before, f.class, Date.now(), this.cfg.antibot);
    this.store.setMeta("circuit", circuit);
    await mirrorHealth(this.env, this.ref.accountId, {
      circuitState: circuit.state,
      circuitReason: circuit.reason,
      circuitUntil: circuit.until ? new Date(circuit.until).toISOString() : null,
    });
    if (circuit.state === "stopped") {
      await this.alert("access_blocked", f.marker ?? f.message);
    } else if (f.class === "selector_drift") {
      await this.alert("selector_drift", f.selector ?? f.step);
    } else if (circuit.state === "open" && before.state !== "open") {
      await this.alert("circuit_open", circuit.reason ?? f.class);
    }
    if (circuit.until) this.report.wakeAt = circuit.until;
  }
}
