/** A reply with what deciding about it needs: its conversation, the lead's opt-out, the policy. */
import { and, eq } from "drizzle-orm";
import { enqueueRequestOf as enqueueRequestFor } from "../../domain/account/enqueue-request.ts";
import type { EnqueueRequest, EnqueueResult } from "../../domain/account/rpc.ts";
import type { Db } from "../../domain/db/client.ts";
import {
  type ConversationRow,
  conversations,
  leadOptouts,
  type ReplyRow,
  replies,
} from "../../domain/db/schema.ts";
import { leadKeyOf } from "../../domain/decide/lead-key.ts";
import { readAccountPolicy } from "../../domain/policy/policy-store.ts";
import { ApiError } from "../api/errors.ts";
import { enqueueToAccount } from "./account-outbox.ts";

export async function loadConversation(d: Db, id: string): Promise<ConversationRow> {
  const conv = await d.select().from(conversations).where(eq(conversations.id, id)).get();
  if (!conv) throw ApiError.notFound(`No conversation ${id}`);
  return conv;
}

export async function loadReply(d: Db, id: string): Promise<ReplyRow> {
  const reply = await d.select().from(replies).where(eq(replies.id, id)).get();
  if (!reply) throw ApiError.notFound(`No reply ${id}`);
  return reply;
}

/**
 * Refuses up front what the object would refuse at send time anyway, so a person gets a clear
 * 409 instead of an "approved" reply that is silently cancelled. The object still re-checks.
 */
export async function assertSendable(d: Db, conv: ConversationRow): Promise<void> {
  const [policy, optout] = await Promise.all([
    readAccountPolicy(d, conv.accountId),
    d
      .select({ optedOut: leadOptouts.optedOut })
      .from(leadOptouts)
      .where(and(eq(leadOptouts.accountId, conv.accountId), eq(leadOptouts.leadKey, leadKeyOf(conv))))
      .get(),
  ]);
  if (!policy) throw ApiError.conflict(`The platform account ${conv.accountId} no longer exists`);
  if (!policy.account.isActive)
    throw ApiError.conflict("The platform account is switched off; nothing can be sent");
  if (optout?.optedOut) throw ApiError.conflict("The lead opted out; nothing may be sent to them");
}

export interface EnqueueView {
  created: boolean;
  state: string;
}

/** What the account object is handed for a queued reply (enqueue, or a cancel's tombstone). */
export function enqueueRequestOf(conv: ConversationRow, reply: ReplyRow): EnqueueRequest {
  if (reply.status !== "queued" || !reply.dispatchKey) throw new Error(`reply ${reply.id} is not queued`);
  return enqueueRequestFor(
    { ...conv, conversationId: conv.id },
    { id: reply.id, dispatchKey: reply.dispatchKey, body: reply.body, kind: reply.kind },
  );
}

/** Hands a queued reply to the account object; a failure leaves it queued and retryable. */
export async function enqueueReply(env: Env, conv: ConversationRow, reply: ReplyRow): Promise<EnqueueView> {
  const req = enqueueRequestOf(conv, reply);
  let result: EnqueueResult;
  try {
    result = await enqueueToAccount(env, req);
  } catch {
    // Same key on retry, so retrying can never send twice (the object dedupes by dispatch key).
    throw new ApiError(
      503,
      "unavailable",
      "The reply is queued but the account could not take it yet; repeat the request to retry",
      undefined,
      { replyId: reply.id, dispatchKey: reply.dispatchKey },
    );
  }
  return { created: result.created, state: result.item.state };
}

export function replyDto(r: ReplyRow) {
  return {
    id: r.id,
    conversationId: r.conversationId,
    accountId: r.accountId,
    inboundMessageId: r.inboundMessageId,
    kind: r.kind,
    version: r.version,
    status: r.status,
    body: r.body,
    reason: r.reason,
    templateId: r.templateId,
    dispatchKey: r.dispatchKey,
    platformMessageId: r.platformMessageId,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}
export type ReplyDto = ReturnType<typeof replyDto>;
