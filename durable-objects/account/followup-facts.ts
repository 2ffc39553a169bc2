/**
 * What the follow-up rule needs from D1 (domain/followup/due.ts), read in three queries per
 * account however many conversations it has, and the rows the planner writes: the planned steps
 * (`followups`), their replies, and the next follow-up per conversation (`followup_plans`).
 * Every write is an INSERT OR IGNORE or a guarded UPDATE: repeating one after a crash changes
 * nothing (docs/architecture.md, "Exactly once").
 */
import { eq } from "drizzle-orm";
import type { AccountRef } from "../../domain/account/address.ts";
import { CANCELLED_BY_PERSON } from "../../domain/account/rpc.ts";
import { db } from "../../domain/db/client.ts";
import { settings } from "../../domain/db/schema.ts";
import { leadKeyOf } from "../../domain/decide/lead-key.ts";
import type { FollowupFacts, StepRecord, ThreadMessageFact } from "../../domain/followup/due.ts";
import {
  effectivePolicy,
  FOLLOWUP_POLICY_KEY,
  type FollowupPolicy,
  parseStoredPolicy,
} from "../../domain/followup/policy.ts";

/** Follow-up replies are named for their dispatch key; send.ts knows them by this prefix. */
export const FOLLOWUP_REPLY_PREFIX = "followup-";
export const followupReplyId = (dispatchKey: string) => `${FOLLOWUP_REPLY_PREFIX}${dispatchKey.slice(0, 40)}`;

export interface AccountFollowupPolicy {
  policy: FollowupPolicy;
  timeZone: string | null;
  accountActive: boolean;
}

export async function readFollowupPolicy(env: Env, accountId: string): Promise<AccountFollowupPolicy | null> {
  const d = db(env.DB);
  const [acc, def] = await Promise.all([
    env.DB.prepare("SELECT is_active, time_zone, followup_policy FROM platform_accounts WHERE id = ?")
      .bind(accountId)
      .first<{ is_active: number; time_zone: string | null; followup_policy: string | null }>(),
    d.select({ value: settings.value }).from(settings).where(eq(settings.key, FOLLOWUP_POLICY_KEY)).get(),
  ]);
  if (!acc) return null;
  return {
    policy: effectivePolicy(parseStoredPolicy(acc.followup_policy), parseStoredPolicy(def?.value)),
    timeZone: acc.time_zone,
    accountActive: acc.is_active === 1,
  };
}

/** One conversation as the planner sees it. */
export interface Candidate {
  conversationId: string;
  threadId: string;
  leadKey: string;
  leadName: string | null;
  listing: string | null;
  facts: FollowupFacts;
}

interface ConvRow {
  id: string;
  external_thread_id: string;
  lead_ref: string | null;
  lead_name: string | null;
  listing_title: string | null;
  paused: number;
  listing_active: number | null;
  review_pending: number;
  reply_queued: number;
  opted_out: number | null;
}

interface StepRow {
  conversation_id: string;
  anchor_message_id: string;
  step: number;
  cancelled_by: string | null;
  status: string | null;
  reason: string | null;
}

/** A planned step's fate, from its reply (the newest version when a person edited the draft). */
export function stepState(r: Pick<StepRow, "cancelled_by" | "status" | "reason">): StepRecord["state"] {
  if (r.cancelled_by) return "cancelled";
  switch (r.status) {
    case "delivered":
      return "sent";
    case "queued":
    case "draft":
    // A dead letter waits for a person (redrive or discard) before any further step.
    case "dead":
      return "open";
    case "rejected":
      return "cancelled";
    case "cancelled":
      return r.reason === CANCELLED_BY_PERSON ? "cancelled" : "stopped";
    default:
      return "stopped";
  }
}

/**
 * The account's conversations with activity since `since` (or the one named), with their
 * messages in the order they were stored (the thread's order: ingest-store.ts) and steps.
 */
export async function readCandidates(
  env: Env,
  accountId: string,
  accountActive: boolean,
  since: string,
  conversationId?: string,
): Promise<Candidate[]> {
  const only = conversationId ? " AND c.id = ?3" : "";
  const binds = conversationId ? [accountId, since, conversationId] : [accountId, since];
  const scope = `c.account_id = ?1 AND (c.last_message_at >= ?2${conversationId ? " OR 1" : ""})${only}`;
  const [convs, msgs, steps] = await env.DB.batch<Record<string, unknown>>([
    env.DB.prepare(
      `SELECT c.id, c.external_thread_id, c.lead_ref, c.lead_name, c.listing_title, c.paused,
         (SELECT l.active FROM listings l WHERE l.account_id = c.account_id AND l.external_id = c.listing_ref) AS listing_active,
         EXISTS (SELECT 1 FROM replies r WHERE r.conversation_id = c.id AND r.status = 'draft'
                   AND r.id NOT LIKE '${FOLLOWUP_REPLY_PREFIX}%') AS review_pending,
         EXISTS (SELECT 1 FROM replies r WHERE r.conversation_id = c.id AND r.status = 'queued'
                   AND r.id NOT LIKE '${FOLLOWUP_REPLY_PREFIX}%') AS reply_queued,
         (SELECT o.opted_out FROM lead_optouts o WHERE o.account_id = c.account_id
            AND o.lead_key = coalesce(c.lead_ref, c.external_thread_id)) AS opted_out
       FROM conversations c WHERE ${scope}`,
    ).bind(...binds),
    env.DB.prepare(
      `SELECT m.conversation_id, m.id, m.direction, m.created_at FROM messages m
       JOIN conversations c ON c.id = m.conversation_id WHERE ${scope} ORDER BY m.rowid`,
    ).bind(...binds),
    env.DB.prepare(
      `SELECT f.conversation_id, f.anchor_message_id, f.step, f.cancelled_by,
         (SELECT r.status FROM replies r WHERE r.id = f.reply_id OR substr(r.id, 1, length(f.reply_id) + 2) = f.reply_id || '.v'
            ORDER BY r.version DESC LIMIT 1) AS status,
         (SELECT r.reason FROM replies r WHERE r.id = f.reply_id OR substr(r.id, 1, length(f.reply_id) + 2) = f.reply_id || '.v'
            ORDER BY r.version DESC LIMIT 1) AS reason
       FROM followups f JOIN conversations c ON c.id = f.conversation_id WHERE ${scope}`,
    ).bind(...binds),
  ]);
  const byConv = <T extends { conversation_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.conversation_id, [...(m.get(r.conversation_id) ?? []), r]);
    return m;
  };
  const messages = byConv(
    (msgs?.results ?? []) as unknown as {
      conversation_id: string;
      id: string;
      direction: string;
      created_at: string;
    }[],
  );
  const stepRows = byConv((steps?.results ?? []) as unknown as StepRow[]);
  return ((convs?.results ?? []) as unknown as ConvRow[]).map((c) => ({
    conversationId: c.id,
    threadId: c.external_thread_id,
    leadKey: leadKeyOf({ leadRef: c.lead_ref, externalThreadId: c.external_thread_id }),
    leadName: c.lead_name,
    listing: c.listing_title,
    facts: {
      accountActive,
      optedOut: c.opted_out === 1,
      paused: c.paused === 1,
      listingActive: c.listing_active === null ? null : c.listing_active === 1,
      threadClosed: false,
      applicationStarted: false,
      reviewPending: c.review_pending === 1,
      replyQueued: c.reply_queued === 1,
      messages: (messages.get(c.id) ?? []).map(
        (m): ThreadMessageFact => ({
          id: m.id,
          direction: m.direction === "inbound" ? "inbound" : "outbound",
          // When we stored it: never earlier than it was written, so a follow-up is never early.
          at: Date.parse(m.created_at),
        }),
      ),
      steps: (stepRows.get(c.id) ?? []).map((s) => ({
        anchorMessageId: s.anchor_message_id,
        step: s.step,
        state: stepState(s),
      })),
    },
  }));
}

export interface PlanRow {
  conversationId: string;
  step: number | null;
  anchorMessageId: string | null;
  dueAt: number | null;
  stopReason: string | null;
}

/** The next follow-up per conversation, for the panel and the inbox filter. */
export async function writePlans(env: Env, ref: AccountRef, rows: PlanRow[], now: number): Promise<void> {
  if (rows.length === 0) return;
  const at = new Date(now).toISOString();
  const stmt = env.DB.prepare(
    `INSERT INTO followup_plans (conversation_id, account_id, step, anchor_message_id, due_at, stop_reason, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (conversation_id) DO UPDATE SET step = excluded.step, anchor_message_id = excluded.anchor_message_id,
       due_at = excluded.due_at, stop_reason = excluded.stop_reason, updated_at = excluded.updated_at`,
  );
  await env.DB.batch(
    rows.map((r) =>
      stmt.bind(
        r.conversationId,
        ref.accountId,
        r.step,
        r.anchorMessageId,
        r.dueAt === null ? null : new Date(r.dueAt).toISOString(),
        r.stopReason,
        at,
      ),
    ),
  );
}

export async function clearPlans(env: Env, accountId: string): Promise<void> {
  await env.DB.prepare("DELETE FROM followup_plans WHERE account_id = ?").bind(accountId).run();
}

export interface StepWrite {
  dispatchKey: string;
  replyId: string;
  conversationId: string;
  anchorMessageId: string;
  step: number;
  body: string;
  dueAt: number;
  sendNow: boolean;
  actor: string;
}

/**
 * The step's row and its reply, queued. Idempotent: the same key inserts nothing twice. A reply
 * a policy stopped (not a person) is queued again, since the step is due again.
 */
export async function writeStep(env: Env, ref: AccountRef, s: StepWrite, now: number): Promise<void> {
  const at = new Date(now).toISOString();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO followups (dispatch_key, account_id, conversation_id, anchor_message_id, step, reply_id, due_at, send_now, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dispatch_key) DO UPDATE SET due_at = excluded.due_at, send_now = excluded.send_now, updated_at = excluded.updated_at
       WHERE followups.cancelled_by IS NULL`,
    ).bind(
      s.dispatchKey,
      ref.accountId,
      s.conversationId,
      s.anchorMessageId,
      s.step,
      s.replyId,
      new Date(s.dueAt).toISOString(),
      s.sendNow ? 1 : 0,
      at,
      at,
    ),
    env.DB.prepare(
      `INSERT INTO replies (id, conversation_id, account_id, inbound_message_id, kind, version, body, status, reason, dispatch_key, created_by, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, NULL, 'auto', 1, ?, 'queued', ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = 'queued', reason = excluded.reason, updated_at = excluded.updated_at
       WHERE replies.status = 'cancelled' AND coalesce(replies.reason, '') <> '${CANCELLED_BY_PERSON}'`,
    ).bind(
      s.replyId,
      s.conversationId,
      ref.accountId,
      s.body,
      `followup_step_${s.step}`,
      s.dispatchKey,
      s.actor,
      at,
      at,
      s.actor,
    ),
    env.DB.prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json, at)
       VALUES (?, 'followup_queued', 'conversation', ?, NULL, ?, ?)`,
    ).bind(
      s.actor,
      s.conversationId,
      JSON.stringify({ step: s.step, dispatchKey: s.dispatchKey, sendNow: s.sendNow }),
      at,
    ),
  ]);
}

/** A person cancels the next follow-up: no further step of this silence. */
export async function writeCancel(
  env: Env,
  ref: AccountRef,
  s: Omit<StepWrite, "body" | "sendNow">,
  now: number,
): Promise<void> {
  const at = new Date(now).toISOString();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO followups (dispatch_key, account_id, conversation_id, anchor_message_id, step, reply_id, due_at, cancelled_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dispatch_key) DO UPDATE SET cancelled_by = excluded.cancelled_by, updated_at = excluded.updated_at`,
    ).bind(
      s.dispatchKey,
      ref.accountId,
      s.conversationId,
      s.anchorMessageId,
      s.step,
      s.replyId,
      new Date(s.dueAt).toISOString(),
      s.actor,
      at,
      at,
    ),
    env.DB.prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json, at)
       VALUES (?, 'followup_cancelled', 'conversation', ?, NULL, ?, ?)`,
    ).bind(s.actor, s.conversationId, JSON.stringify({ step: s.step, dispatchKey: s.dispatchKey }), at),
  ]);
}

/** The planned step behind a follow-up outbox item (send time). */
export async function readStep(
  env: Env,
  dispatchKey: string,
): Promise<{ conversationId: string; anchorMessageId: string; step: number; sendNow: boolean } | null> {
  const r = await env.DB.prepare(
    "SELECT conversation_id, anchor_message_id, step, send_now FROM followups WHERE dispatch_key = ?",
  )
    .bind(dispatchKey)
    .first<{ conversation_id: string; anchor_message_id: string; step: number; send_now: number }>();
  return r
    ? {
        conversationId: r.conversation_id,
        anchorMessageId: r.anchor_message_id,
        step: r.step,
        sendNow: r.send_now === 1,
      }
    : null;
}
