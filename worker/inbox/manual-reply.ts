/**
 * A reply a person writes in the inbox. It passes the same outbound guardrails as the bot's (an
 * admin may override, audited), pauses the conversation in the same batch (a person took it
 * over), and is enqueued with origin "manual": allowed under draft_only, because a person chose
 * to send. Its dispatch key names the reply id, which is derived (reply-lineage.ts) so that the
 * same reply sent twice — a double click, a retried request — is one reply, with or without a
 * client idempotency key.
 */
import { desc, eq, sql } from "drizzle-orm";
import { auditInsert } from "../../domain/audit/audit-log.ts";
import { type Db, db } from "../../domain/db/client.ts";
import { conversations, messages, replies } from "../../domain/db/schema.ts";
import { auditIf } from "../../domain/decide/guarded-sql.ts";
import { manualReplyId, replyDispatchKey } from "../../domain/decide/reply-lineage.ts";
import type { Caller } from "../api/app-env.ts";
import { ApiError } from "../api/errors.ts";
import { gateOutbound, type OverrideRequest } from "./outbound-gate.ts";
import { present, type ReplyActionResult } from "./reply-actions.ts";
import { assertSendable, loadConversation } from "./reply-context.ts";

export interface ManualReplyInput extends OverrideRequest {
  body: string;
  idempotencyKey?: string | undefined;
}

export async function sendManualReply(
  env: Env,
  caller: Caller,
  conversationId: string,
  input: ManualReplyInput,
): Promise<ReplyActionResult & { created: boolean }> {
  const d = db(env.DB);
  const conv = await loadConversation(d, conversationId);
  const id = await manualReplyId(
    conv.id,
    caller.email,
    input.idempotencyKey
      ? { idempotencyKey: input.idempotencyKey }
      : { body: input.body, anchor: await conversationAnchor(d, conv.id) },
  );

  const repeat = async () => {
    const existing = await d.select().from(replies).where(eq(replies.id, id)).get();
    if (!existing) return null;
    // (A derived id names the words already: only a client key can meet a different body.)
    if (existing.body !== input.body)
      throw ApiError.conflict("This idempotency key was already used for a different reply");
    return { ...(await present(env, d, conv, existing)), created: false };
  };
  const earlier = await repeat();
  if (earlier) return earlier;

  await assertSendable(d, conv);
  const gate = gateOutbound(input.body, caller, input);
  const at = new Date().toISOString();
  const key = await replyDispatchKey(
    { id, accountId: conv.accountId, inboundMessageId: null },
    conv.externalThreadId,
    1,
  );
  const wasRunning = sql`EXISTS (SELECT 1 FROM conversations WHERE id = ${conv.id} AND paused = 0)`;
  try {
    await d.batch([
      d.insert(replies).values({
        id,
        conversationId: conv.id,
        accountId: conv.accountId,
        inboundMessageId: null,
        kind: "manual",
        version: 1,
        body: input.body,
        status: "queued",
        reason: gate.override ? "guardrail_override" : "manual",
        templateId: null,
        dispatchKey: key,
        createdBy: caller.email,
        createdAt: at,
        updatedAt: at,
        updatedBy: caller.email,
      }),
      auditInsert(d, {
        actor: caller.email,
        action: "reply_manual_queued",
        entityType: "reply",
        entityId: id,
        after: { conversationId: conv.id, dispatchKey: key, guardrails: gate.hits.map((h) => h.code) },
        at,
      }),
      ...(gate.override
        ? [
            auditInsert(d, {
              actor: caller.email,
              action: "guardrail_override",
              entityType: "reply",
              entityId: id,
              after: { guardrails: gate.hits, reason: gate.override.reason },
              at,
            }),
          ]
        : []),
      auditIf(
        d,
        {
          actor: caller.email,
          action: "conversation_paused",
          entityType: "conversation",
          entityId: conv.id,
          before: { paused: false },
          after: { paused: true, cause: "manual_reply", replyId: id },
          at,
        },
        wasRunning,
      ),
      d
        .update(conversations)
        .set({ paused: true, pausedBy: caller.email, pausedAt: at, updatedAt: at })
        .where(sql`${conversations.id} = ${conv.id} AND ${conversations.paused} = 0`),
    ]);
  } catch (err) {
    // A concurrent request with the same idempotency key inserted the row first.
    if (!String(err).includes("UNIQUE")) throw err;
    const raced = await repeat();
    if (raced) return raced;
    throw err;
  }
  const row = await d.select().from(replies).where(eq(replies.id, id)).get();
  if (!row) throw new Error(`manual reply ${id} vanished after insert`);
  return { ...(await present(env, d, conv, row, gate.hits)), created: true };
}

/** What the conversation held when the person wrote: how many messages, and the newest one. */
async function conversationAnchor(d: Db, conversationId: string): Promise<string> {
  const [count, newest] = await Promise.all([
    d
      .select({ n: sql<number>`count(*)` })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .get(),
    d
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(
        desc(sql`coalesce(${messages.sentAt}, ${messages.createdAt})`),
        desc(messages.createdAt),
        desc(messages.id),
      )
      .limit(1)
      .get(),
  ]);
  return `${count?.n ?? 0}|${newest?.id ?? "none"}`;
}
