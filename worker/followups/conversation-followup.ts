/**
 * A conversation's follow-ups for the panel: the next one (as the account object last planned
 * it) and the steps so far; a person's "cancel" and "send now" go to the account object, which
 * owns the outbox (durable-objects/account/followups.ts). Both are audited there.
 */
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import { db } from "../../domain/db/client.ts";
import { ApiError } from "../api/errors.ts";
import { loadConversation } from "../inbox/reply-context.ts";
import { readAccountPolicyView } from "./policy-api.ts";

export interface ConversationFollowup {
  conversationId: string;
  enabled: boolean;
  next: { step: number; dueAt: string } | null;
  /** Why there is no next follow-up (domain/followup/due.ts STOP_REASONS), when there is none. */
  stopReason: string | null;
  plannedAt: string | null;
  steps: {
    step: number;
    dispatchKey: string;
    replyId: string;
    status: string | null;
    dueAt: string;
    deliveredAt: string | null;
    cancelledBy: string | null;
  }[];
}

export async function readConversationFollowup(env: Env, id: string): Promise<ConversationFollowup> {
  const conv = await loadConversation(db(env.DB), id);
  const [policy, plan, steps] = await Promise.all([
    readAccountPolicyView(env, conv.accountId),
    env.DB.prepare(
      "SELECT step, due_at, stop_reason, updated_at FROM followup_plans WHERE conversation_id = ?",
    )
      .bind(id)
      .first<{
        step: number | null;
        due_at: string | null;
        stop_reason: string | null;
        updated_at: string;
      }>(),
    env.DB.prepare(
      `SELECT f.step, f.dispatch_key, f.reply_id, f.due_at, f.cancelled_by,
         (SELECT r.status FROM replies r WHERE r.id = f.reply_id OR substr(r.id, 1, length(f.reply_id) + 2) = f.reply_id || '.v' ORDER BY r.version DESC LIMIT 1) AS status,
         (SELECT r.delivered_at FROM replies r WHERE r.id = f.reply_id OR substr(r.id, 1, length(f.reply_id) + 2) = f.reply_id || '.v' ORDER BY r.version DESC LIMIT 1) AS delivered_at
       FROM followups f WHERE f.conversation_id = ? ORDER BY f.created_at, f.step`,
    )
      .bind(id)
      .all<{
        step: number;
        dispatch_key: string;
        reply_id: string;
        due_at: string;
        cancelled_by: string | null;
        status: string | null;
        delivered_at: string | null;
      }>(),
  ]);
  const enabled = policy.effective.enabled;
  return {
    conversationId: id,
    enabled,
    next: enabled && plan?.step != null && plan.due_at ? { step: plan.step, dueAt: plan.due_at } : null,
    stopReason: enabled ? (plan?.stop_reason ?? null) : "policy_off",
    plannedAt: plan?.updated_at ?? null,
    steps: steps.results.map((s) => ({
      step: s.step,
      dispatchKey: s.dispatch_key,
      replyId: s.reply_id,
      status: s.cancelled_by ? "cancelled" : s.status,
      dueAt: s.due_at,
      deliveredAt: s.delivered_at,
      cancelledBy: s.cancelled_by,
    })),
  };
}

const REFUSALS: Record<string, string> = {
  not_found: "The conversation is not known to its account",
  quiet_hours: "It is night for the lead (the policy's quiet hours); the follow-up goes in the morning",
  in_flight: "The follow-up is being sent; its outcome is being read back",
  already_delivered: "The follow-up was already sent",
};

/** "send now" or "cancel" on the conversation's next follow-up. */
export async function followupAction(
  env: Env,
  id: string,
  actor: string,
  action: "send_now" | "cancel",
): Promise<ConversationFollowup> {
  const conv = await loadConversation(db(env.DB), id);
  const ref: AccountRef = { accountId: conv.accountId, platform: conv.platform };
  const stub = accountStub(env, ref);
  const r = await stub.followupAction(ref, id, actor, action);
  if (!r.ok) {
    const why = REFUSALS[r.reason] ?? `No follow-up is due: ${r.reason.replaceAll("_", " ")}`;
    throw new ApiError(409, "conflict", why, undefined, { reason: r.reason });
  }
  return readConversationFollowup(env, id);
}
