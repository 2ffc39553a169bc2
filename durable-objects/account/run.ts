/**
 * One run of an account: the only code that drives the account's browser. Runs are exclusive
 * (the object's run lease, renewed by every page action and write; a run that lost it stops
 * with LeaseLost), so everything below may assume it is alone with the outbox.
 *
 *   gate     account active (if not: waiting replies back to drafts, read-backs only)? login
 *            usable? circuit closed (or due a half-open probe)? a browser slot from the
 *            governor?                                                          (this file)
 *   session  reuse the kept-alive browser or launch one; restore the sealed cookies; at the
 *            end keep the browser only if more work is due soon      (run-session.ts)
 *   ingest   (when an e-mail, a due poll or the cron asked) inbox → open changed threads →
 *            D1 → decide → outbox; then plan the next poll     (ingest.ts, wake-plan.ts)
 *   drain    one item at a time: read-back first for anything that may have been submitted
 *            (reconcile.ts); send-time policy and the send itself (send.ts)      (this file)
 *   own last the changed threads whose latest message is ours, left by ingest for after the
 *            sends; anything new in them is decided and drained too            (ingest.ts)
 *   finish   save cookies, close the circuit, mirror health — or classify the account-level
 *            failure (circuit, needs_login, stop) and alert                  (run-outcome.ts)
 */
import { gate, onProbeStart, onProbeWithoutVerdict } from "../../connectors/core/circuit.ts";
import { type Failure, failureOf } from "../../connectors/core/failures.ts";
import { budgetCheck } from "../../connectors/core/pacing.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { accountObjectName } from "../../domain/account/address.ts";
import { db } from "../../domain/db/client.ts";
import { describeUnexpected } from "../../domain/error-fields.ts";
import { missingSecrets } from "../../domain/policy/credentials.ts";
import { readAccountPolicy } from "../../domain/policy/policy-store.ts";
import { siteOriginFor } from "../../domain/policy/site-origin.ts";
import { planIfDue } from "./followups.ts";
import { ingest, type OwnLastRow, readOwnLast } from "./ingest.ts";
import { credentialsChanged, ownBrowserRefs, unpark } from "./login-state.ts";
import { mayHaveBeenSubmitted } from "./outbox-store.ts";
import { applyTransition } from "./outbox-transition.ts";
import { stopQueued, sweepQueued } from "./queue-upkeep.ts";
import { reconcile } from "./reconcile.ts";
import { BEFORE_SENDS, expireRecounts, recountDue, runRecounts } from "./recount.ts";
import type { RunContext } from "./run-context.ts";
import { AccountFailure, BUDGET_MARKER, isLeaseLost, LeaseLost } from "./run-failure.ts";
import { onAccountFailure, succeed } from "./run-outcome.ts";
import type { RunReport } from "./run-report.ts";
import { closeSession, openSession } from "./run-session.ts";
import { mayStillSend, send } from "./send.ts";
import { conversationMoved, ingestDone } from "./wake-plan.ts";

export type { DecideFn } from "./run-context.ts";
export type { RunReport } from "./run-report.ts";

export class AccountRun {
  private readonly ctx: RunContext;
  /** A person asked for this run and waits for it. */
  private readonly urgent: boolean;

  constructor(ctx: RunContext, opts: { urgent?: boolean } = {}) {
    this.ctx = ctx;
    this.urgent = opts.urgent ?? false;
  }

  async execute(): Promise<RunReport> {
    const { ctx } = this;
    const { env, store, cfg, ref } = ctx;
    const now = Date.now();
    const policy = await readAccountPolicy(db(env.DB), ref.accountId);
    await sweepQueued(ctx, now);
    if (!policy) {
      await stopQueued(ctx);
      return this.skip("account_missing");
    }
    // Policy at send time: nothing goes out from an inactive account. Every reply waiting to be
    // sent goes back to a person now; what may already be on the site is still read back.
    const readBackOnly = !policy.account.isActive;
    if (readBackOnly) await stopQueued(ctx);
    const refs = policy.account.credentialRefs;
    const missing = missingSecrets(env, refs);
    if (missing.length > 0) await ctx.alert("missing_secret", missing.join(", "));
    const idle = readBackOnly ? "inactive" : "idle";
    if (store.sessionState() === "needs_login") {
      const own = ownBrowserRefs(policy.account);
      if (!(await credentialsChanged(env, store, refs, own))) return this.skip("needs_login");
      // Someone fixed what the login lacked: try again (the hourly login cap still applies).
      await unpark(env, store, ref);
      ctx.log("login_retry", { why: "credentials_changed" });
    }
    // Runs are exclusive: a circuit still half-open when a run starts belongs to a probe whose
    // run died (an eviction, a deploy, a lost lease) without a verdict. This run may probe.
    const held = store.circuit();
    const circuit = held.state === "half_open" ? onProbeWithoutVerdict(held, now) : held;
    const g = gate(circuit, now);
    if (!g.allowed)
      return this.skip(`circuit_${circuit.state}`, g.retryAfterMs === null ? null : now + g.retryAfterMs);

    // Recounts past their bound are recorded as not done, browser or not (recount.ts).
    await expireRecounts(ctx, now);
    const ingestDue = !readBackOnly && (store.meta.get("ingestDue") ?? false);
    const due = store.outbox.nextDue(now, cfg.sendLeaseTtlMs, { readBackOnly });
    const recount = recountDue(store, now);
    if (!ingestDue && !due && !recount) return this.skip(idle);
    // A lead who just wrote, a reply due out or a person waiting goes before routine polls and
    // read-backs when browsers are scarce (the governor keeps its last slots for them).
    const urgent =
      this.urgent ||
      (ingestDue && (store.meta.get("push")?.pending ?? false)) ||
      (due !== null && !readBackOnly && !mayHaveBeenSubmitted(due));

    // Credentials go only to their own site: an address that is not the platform's (or an
    // allowed stand-in) stops the run before a browser is asked for (domain/policy/site-origin.ts).
    const site = siteOriginFor({
      realOrigin: connectorFor(ref.platform).realOrigin,
      baseUrl: policy.account.baseUrl,
      environment: env.ENVIRONMENT,
      allowlist: env.SITE_ORIGIN_ALLOWLIST,
    });
    if (!site.ok) {
      ctx.log("site_origin_refused", { reason: site.reason });
      return this.skip("site_origin_refused");
    }

    // Our own hourly page budget, before a browser is asked for: a spent budget waits without
    // taking a slot another account could use (the pacer still checks every page action).
    const budget = budgetCheck(store.pageLoadsSince(now - 3_600_000), cfg.antibot, now);
    if (!budget.allowed) {
      // What needs no browser still happens: send-time policy stops what may no longer go.
      for (const item of store.outbox.waiting())
        if (!mayHaveBeenSubmitted(item)) await mayStillSend(ctx, item);
      return this.skip(BUDGET_MARKER, budget.retryAtMs);
    }

    const kept = store.meta.get("browser");
    const reuseId = kept && now - kept.lastUsed < cfg.keepAliveMs - 20_000 ? kept.sessionId : null;
    const governor = env.BROWSER_GOVERNOR.getByName("global");
    const holder = accountObjectName(ref);
    const slot = await governor.acquire(holder, { launch: reuseId === null, urgent });
    if (!slot.granted) return this.skip(`governor_${slot.reason}`, now + slot.retryAfterMs);
    if (g.probe) store.meta.set("circuit", onProbeStart(circuit, now, cfg.runLeaseTtlMs));

    const origin = site.origin;
    try {
      // The governor says whether the kept browser still counts as ours (it may have closed it
      // to make room for another account).
      await openSession(ctx, origin, slot.reuse ? reuseId : null);
      let ownLast: OwnLastRow[] = [];
      if (ingestDue) {
        const ingestStarted = Date.now();
        ownLast = await ingest(ctx);
        ctx.holdLease();
        ingestDone(ctx, ingestStarted);
        // Follow-ups due now ride on this run, planned on what the inbox just showed.
        await planIfDue(ctx, Date.now());
      }
      // In-browser sends delivered a while ago: their threads counted again (read-only), a few
      // before the sends so that runs failing in the drain do not starve them (recount.ts).
      await runRecounts(ctx, BEFORE_SENDS);
      await this.drain(readBackOnly);
      // Threads whose latest message is ours are re-read after the sends (ingest.ts); one that
      // hid a new message from the lead behind ours makes the conversation live and may have a
      // reply due at once.
      if (ownLast.length > 0 && (await readOwnLast(ctx, ownLast)) > 0) {
        conversationMoved(store, cfg, Date.now());
        await this.drain(readBackOnly);
      }
      await runRecounts(ctx);
      // A read-back may have proven a refused send absent, making it sendable again: not here.
      if (readBackOnly) await stopQueued(ctx);
      await succeed(ctx);
    } catch (err) {
      // A run whose lease another run took over writes nothing more: not even its failure.
      if (isLeaseLost(err) || !store.holdsRunLease(ctx.runId)) throw new LeaseLost(ctx.runId);
      // AccountFailure and connector failures both carry a classified `failure`.
      const f =
        failureOf(err) ??
        ({
          class: "transient",
          step: "launch",
          message: describeUnexpected(err),
        } satisfies Failure);
      ctx.report.failure = f;
      await onAccountFailure(ctx, f);
    } finally {
      ctx.report.pageLoads = ctx.session?.pageLoads ?? 0;
      // Keeps or closes the browser, and tells the governor which (a kept browser holds a slot).
      await closeSession(ctx, governor, holder);
    }
    return ctx.report;
  }

  private skip(reason: string, wakeAt: number | null = null): RunReport {
    this.ctx.report.skipped = reason;
    this.ctx.report.wakeAt = wakeAt;
    return this.ctx.report;
  }

  /**
   * One item at a time, within the run's item cap and time budget. Anything that may have been
   * submitted is read back (reconcile.ts), never sent; `readBackOnly` (an inactive account)
   * does nothing else.
   */
  private async drain(readBackOnly: boolean): Promise<void> {
    const { ctx } = this;
    let failuresInARow = 0;
    for (let n = 0; n < ctx.cfg.maxItemsPerRun && Date.now() - ctx.started < ctx.cfg.runBudgetMs; n++) {
      const due = ctx.store.outbox.nextDue(Date.now(), ctx.cfg.sendLeaseTtlMs, { readBackOnly });
      if (!due) return;
      ctx.report.processed++;
      // Left in `sending` by a run that died or lost its lease: take it over first.
      const item = due.state === "sending" ? await applyTransition(ctx, due, { to: "recovered" }) : due;
      const outcome = mayHaveBeenSubmitted(item) ? await reconcile(ctx, item) : await send(ctx, item);
      if (outcome === "failed") {
        // Three items in a row failing says the site is in trouble: stop and let the circuit count it.
        if (++failuresInARow >= 3) {
          throw new AccountFailure({
            class: "transient",
            step: "submit",
            message: "three sends in a row failed",
          });
        }
      } else failuresInARow = 0;
    }
    ctx.report.wakeAt = Date.now() + 1000; // budget or item cap reached: continue shortly
  }
}
