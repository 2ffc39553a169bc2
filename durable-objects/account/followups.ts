/**
 * Follow-ups in the account object (docs/followups.md). Planning reads D1 only — no page load —
 * and rides on what already wakes the account: the cron's tick and the object's own runs plan
 * again when `followupCheckAt` is due, and the alarm is set for the next step's time. A due step
 * becomes an ordinary outbox item (its dispatch key names the lead's message and the step, so
 * each step goes at most once) and is sent by the run's drain with everything a reply gets:
 * pacing, the page budget, the circuit, retries, dead letters and the send mode. At send time
 * the rule is checked again on D1 (send.ts → `checkFollowupAtSend`) and on the thread as the
 * send reads it (`threadShowsLeadReply`).
 */
import type { ThreadDetail } from "../../connectors/core/contract.ts";
import type { AccountRef } from "../../domain/account/address.ts";
import { enqueueRequestOf } from "../../domain/account/enqueue-request.ts";
import { CANCELLED_BY_PERSON, type EnqueueRequest } from "../../domain/account/rpc.ts";
import { dispatchKey } from "../../domain/dispatch/dispatch-key.ts";
import { errorFields } from "../../domain/error-fields.ts";
import { checkAtSend, type FollowupPlan, planFollowup, type SendCheck } from "../../domain/followup/due.ts";
import { renderFollowup } from "../../domain/followup/policy.ts";
import { logEvent } from "../../domain/log.ts";
import {
  type Candidate,
  clearPlans,
  FOLLOWUP_REPLY_PREFIX,
  followupReplyId,
  type PlanRow,
  readCandidates,
  readFollowupPolicy,
  readStep,
  writeCancel,
  writePlans,
  writeStep,
} from "./followup-facts.ts";
import type { OutboxItem } from "./outbox-store.ts";
import { applyTransition } from "./outbox-transition.ts";
import type { AccountStorage } from "./storage.ts";

/** How often the plan is read again from D1 when nothing is due sooner (no page load). */
export const FOLLOWUP_RECHECK_MS = 10 * 60_000;
/** Conversations quiet longer than the last step plus this are not looked at again. */
const HORIZON_SLACK_MS = 14 * 24 * 3_600_000;
const ACTOR = "system:followups";

export interface FollowupScope {
  env: Env;
  store: AccountStorage;
  ref: AccountRef;
}

/** FOLLOWUP_DELAY_SCALE: multiplies every step's delay (demos, tests); 1 when unset or invalid. */
export function delayScale(env: Env): number {
  const v = Number(env.FOLLOWUP_DELAY_SCALE);
  return Number.isFinite(v) && v > 0 && v <= 1 ? v : 1;
}

export const isFollowup = (item: Pick<OutboxItem, "replyId">): boolean =>
  item.replyId.startsWith(FOLLOWUP_REPLY_PREFIX);

async function stepKey(ref: AccountRef, c: Candidate, plan: { anchorMessageId: string; step: number }) {
  return dispatchKey(ref.accountId, c.threadId, { followupOf: plan.anchorMessageId, step: plan.step }, 1);
}

/** Puts the step into the outbox (or revives it, if a policy stopped it before any submit). */
function intoOutbox(store: AccountStorage, req: EnqueueRequest, now: number): boolean {
  const { created, item } = store.outbox.insert(req, now);
  if (created) return true;
  if (item.state === "cancelled" && item.submittedAt === null && item.lastError !== CANCELLED_BY_PERSON) {
    store.outbox.update(item.dispatchKey, { state: "pending", nextAt: null, lastError: null }, now);
    return true;
  }
  return false;
}

async function enqueueStep(
  s: FollowupScope,
  c: Candidate,
  plan: Extract<FollowupPlan, { kind: "due" }>,
  body: string,
  now: number,
  sendNow: boolean,
  actor: string,
): Promise<boolean> {
  const key = await stepKey(s.ref, c, plan);
  const replyId = followupReplyId(key);
  const text = renderFollowup(body, { leadName: c.leadName, listing: c.listing });
  await writeStep(
    s.env,
    s.ref,
    {
      dispatchKey: key,
      replyId,
      conversationId: c.conversationId,
      anchorMessageId: plan.anchorMessageId,
      step: plan.step,
      body: text,
      dueAt: plan.at,
      sendNow,
      actor,
    },
    now,
  );
  const req = enqueueRequestOf(
    {
      accountId: s.ref.accountId,
      platform: s.ref.platform,
      conversationId: c.conversationId,
      externalThreadId: c.threadId,
      leadRef: c.leadKey,
    },
    { id: replyId, dispatchKey: key, body: text, kind: "auto" },
  );
  return intoOutbox(s.store, req, now);
}

export interface PlanResult {
  enqueued: number;
  /** The next step's time among those not due yet. */
  nextAt: number | null;
}

/**
 * Plans every conversation of the account (or one) from D1 and enqueues the steps that are due.
 * Writes `followupAt` and `followupCheckAt` for the alarm and the tick.
 */
export async function planFollowups(
  s: FollowupScope,
  now: number,
  opts: { conversationId?: string; sendNow?: boolean; actor?: string } = {},
): Promise<PlanResult & { plans: PlanRow[] }> {
  const pol = await readFollowupPolicy(s.env, s.ref.accountId);
  const done = (r: PlanResult & { plans: PlanRow[] }) => {
    if (!opts.conversationId) {
      s.store.meta.set("followupsOn", pol?.policy.enabled ?? false);
      if (r.nextAt === null) s.store.meta.delete("followupAt");
      else s.store.meta.set("followupAt", r.nextAt);
      s.store.meta.set(
        "followupCheckAt",
        Math.min(r.nextAt ?? Number.POSITIVE_INFINITY, now + FOLLOWUP_RECHECK_MS),
      );
    }
    return r;
  };
  if (!pol?.policy.enabled) {
    // Plans of a policy just switched off go; an account that had none writes nothing.
    if (pol && (s.store.meta.get("followupsOn") ?? true)) await clearPlans(s.env, s.ref.accountId);
    return done({ enqueued: 0, nextAt: null, plans: [] });
  }
  const scale = delayScale(s.env);
  const lastStepMs = (pol.policy.steps[pol.policy.steps.length - 1]?.afterHours ?? 0) * 3_600_000 * scale;
  const since = new Date(now - lastStepMs - HORIZON_SLACK_MS).toISOString();
  const candidates = await readCandidates(
    s.env,
    s.ref.accountId,
    pol.accountActive,
    since,
    opts.conversationId,
  );
  const plans: PlanRow[] = [];
  let enqueued = 0;
  let nextAt: number | null = null;
  for (const c of candidates) {
    const plan = planFollowup(pol.policy, c.facts, pol.timeZone, scale);
    plans.push(
      plan.kind === "due"
        ? {
            conversationId: c.conversationId,
            step: plan.step,
            anchorMessageId: plan.anchorMessageId,
            dueAt: plan.at,
            stopReason: null,
          }
        : {
            conversationId: c.conversationId,
            step: null,
            anchorMessageId: null,
            dueAt: null,
            stopReason: plan.reason,
          },
    );
    if (plan.kind !== "due") continue;
    const step = pol.policy.steps[plan.step - 1];
    const asked = opts.sendNow === true && c.conversationId === opts.conversationId;
    if (step && (plan.at <= now || asked)) {
      if (await enqueueStep(s, c, plan, step.body, now, asked, opts.actor ?? ACTOR)) enqueued++;
    } else if (nextAt === null || plan.at < nextAt) nextAt = plan.at;
  }
  await writePlans(s.env, s.ref, plans, now);
  if (enqueued > 0)
    logEvent(s.env, "followups_enqueued", {
      platform: s.ref.platform,
      accountId: s.ref.accountId,
      n: enqueued,
    });
  return done({ enqueued, nextAt, plans });
}

/** Plans again when it is time to (the tick, a run's start or its inbox read): D1 reads only. */
export async function planIfDue(s: FollowupScope, now: number): Promise<PlanResult | null> {
  const at = s.store.meta.get("followupCheckAt");
  if (at !== null && at > now) return null;
  // An inbox read is due: plan after it (run.ts), on what the lead may have written meanwhile.
  if (s.store.meta.get("ingestDue") ?? false) return null;
  try {
    return await planFollowups(s, now);
  } catch (err) {
    // Follow-ups never stop the account's replies: planned again at the next check.
    s.store.meta.set("followupCheckAt", now + FOLLOWUP_RECHECK_MS);
    logEvent(s.env, "followup_plan_failed", {
      platform: s.ref.platform,
      accountId: s.ref.accountId,
      ...errorFields(err),
    });
    return null;
  }
}

/**
 * When the object should wake for follow-ups: the next step's time, or the next planning (at most
 * FOLLOWUP_RECHECK_MS away, sooner after a run changed the thread) — only while the policy is on.
 * Such a wake reads D1; it loads a page only when a step is due.
 */
export function followupWakeAt(store: AccountStorage): number | null {
  if (!(store.meta.get("followupsOn") ?? false)) return null;
  const times = [store.meta.get("followupAt"), store.meta.get("followupCheckAt")].filter(
    (t): t is number => t !== null,
  );
  return times.length ? Math.min(...times) : null;
}

/** Something changed what the plan depends on (a run read or sent messages): plan at the next wake. */
export function replanSoon(store: AccountStorage, now: number): void {
  const at = store.meta.get("followupCheckAt");
  if (at === null || at > now) store.meta.set("followupCheckAt", now);
}

export type FollowupActionResult =
  | { ok: true; plan: PlanRow | null; enqueued: boolean }
  | { ok: false; reason: string; plan: PlanRow | null };

/** The account's follow-up policy and one conversation's facts, for a person's action on it. */
async function oneConversation(s: FollowupScope, conversationId: string) {
  const pol = await readFollowupPolicy(s.env, s.ref.accountId);
  const [c] = pol ? await readCandidates(s.env, s.ref.accountId, pol.accountActive, "", conversationId) : [];
  return pol && c ? { pol, c } : null;
}

/** A person's "send now": the next step goes at once (quiet hours and stop conditions still hold). */
export async function sendFollowupNow(
  s: FollowupScope,
  conversationId: string,
  actor: string,
  now: number,
): Promise<FollowupActionResult> {
  const found = await oneConversation(s, conversationId);
  if (!found) return { ok: false, reason: "not_found", plan: null };
  const { pol, c } = found;
  const plan = planFollowup(pol.policy, c.facts, pol.timeZone, delayScale(s.env));
  if (plan.kind === "stop") return { ok: false, reason: plan.reason, plan: null };
  const check = checkAtSend(pol.policy, c.facts, pol.timeZone, plan, now, delayScale(s.env), true);
  if (!check.send) return { ok: false, reason: check.reason, plan: null };
  const r = await planFollowups(s, now, { conversationId, sendNow: true, actor });
  return { ok: true, plan: r.plans[0] ?? null, enqueued: r.enqueued > 0 };
}

/** A person's "cancel": the next step (queued or only planned) and the rest of this silence. */
export async function cancelFollowup(
  s: FollowupScope,
  conversationId: string,
  actor: string,
  now: number,
): Promise<FollowupActionResult> {
  const found = await oneConversation(s, conversationId);
  if (!found) return { ok: false, reason: "not_found", plan: null };
  const { pol, c } = found;
  // An open step is what gets cancelled; otherwise the step the plan names next.
  const open = c.facts.steps.find((x) => x.state === "open");
  const others = c.facts.steps.filter((x) => x !== open);
  const plan = planFollowup(pol.policy, { ...c.facts, steps: others }, pol.timeZone, delayScale(s.env));
  if (plan.kind === "stop") return { ok: false, reason: plan.reason, plan: null };
  const key = await stepKey(s.ref, c, plan);
  const item = s.store.outbox.get(key);
  if (item && (item.state === "sending" || item.state === "unknown" || item.submittedAt !== null))
    return { ok: false, reason: "in_flight", plan: null };
  if (item?.state === "delivered") return { ok: false, reason: "already_delivered", plan: null };
  await writeCancel(
    s.env,
    s.ref,
    {
      dispatchKey: key,
      replyId: followupReplyId(key),
      conversationId,
      anchorMessageId: plan.anchorMessageId,
      step: plan.step,
      dueAt: plan.at,
      actor,
    },
    now,
  );
  if (item && item.state !== "cancelled" && item.state !== "dead")
    await applyTransition(s, item, {
      to: "stopped",
      verdict: "cancel",
      reason: CANCELLED_BY_PERSON,
      by: "person",
      actor,
    });
  await s.env.DB.prepare(
    "UPDATE replies SET status = 'cancelled', reason = ?, updated_at = ?, updated_by = ? WHERE id = ? AND status IN ('queued', 'draft')",
  )
    .bind(CANCELLED_BY_PERSON, new Date(now).toISOString(), actor, followupReplyId(key))
    .run();
  const r = await planFollowups(s, now, { conversationId });
  return { ok: true, plan: r.plans[0] ?? null, enqueued: false };
}

/**
 * Send time, on D1 as it is now: the step goes only if the rule still names it and it is due.
 * A reply that is not a follow-up is not asked.
 */
export async function checkFollowupAtSend(
  s: FollowupScope,
  item: OutboxItem,
  now: number,
): Promise<SendCheck> {
  if (!isFollowup(item)) return { send: true };
  const [step, pol] = await Promise.all([
    readStep(s.env, item.dispatchKey),
    readFollowupPolicy(s.env, s.ref.accountId),
  ]);
  if (!step || !pol) return { send: false, reason: "policy_off" };
  const [c] = await readCandidates(s.env, s.ref.accountId, pol.accountActive, "", step.conversationId);
  if (!c) return { send: false, reason: "no_lead_message" };
  return checkAtSend(pol.policy, c.facts, pol.timeZone, step, now, delayScale(s.env), step.sendNow);
}

/**
 * On the thread as the send just read it: the latest message is the lead's (they wrote since
 * we last read the inbox), so the follow-up must not go. Nothing has been typed or clicked yet.
 */
export function threadShowsLeadReply(thread: ThreadDetail): boolean {
  const last = thread.messages[thread.messages.length - 1];
  return last?.direction === "inbound";
}

export function logFollowupStop(s: FollowupScope, item: OutboxItem, reason: string): void {
  logEvent(s.env, "followup_withheld", {
    platform: s.ref.platform,
    accountId: s.ref.accountId,
    dispatchKey: item.dispatchKey,
    reason,
  });
}
