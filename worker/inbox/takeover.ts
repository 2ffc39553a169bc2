/**
 * A person's control over a conversation: pause (take over) and resume automatic replies, and
 * the lead's opt-out. The account object re-reads both at send time, so these take effect on
 * replies already queued too.
 */
import { and, eq, sql } from "drizzle-orm";
import { auditInsert } from "../../domain/audit/audit-log.ts";
import { db } from "../../domain/db/client.ts";
import { conversations, leadOptouts } from "../../domain/db/schema.ts";
import { auditIf } from "../../domain/decide/guarded-sql.ts";
import { leadKeyOf } from "../../domain/decide/lead-key.ts";
import type { Caller } from "../api/app-env.ts";
import { ApiError } from "../api/errors.ts";
import { loadConversation } from "./reply-context.ts";

export async function setPaused(env: Env, caller: Caller, id: string, paused: boolean) {
  const d = db(env.DB);
  await loadConversation(d, id);
  const at = new Date().toISOString();
  const from = paused ? 0 : 1;
  // Guarded on the current state, so a repeated pause changes nothing and writes no audit row.
  await d.batch([
    auditIf(
      d,
      {
        actor: caller.email,
        action: paused ? "conversation_paused" : "conversation_resumed",
        entityType: "conversation",
        entityId: id,
        before: { paused: !paused },
        after: { paused },
        at,
      },
      sql`EXISTS (SELECT 1 FROM conversations WHERE id = ${id} AND paused = ${from})`,
    ),
    d
      .update(conversations)
      .set(
        paused
          ? { paused: true, pausedBy: caller.email, pausedAt: at, updatedAt: at }
          : { paused: false, pausedBy: null, pausedAt: null, updatedAt: at },
      )
      .where(and(eq(conversations.id, id), eq(conversations.paused, !paused))),
  ]);
  const conv = await loadConversation(d, id);
  return { id: conv.id, paused: conv.paused, pausedBy: conv.pausedBy, pausedAt: conv.pausedAt };
}

/**
 * Anyone may record an opt-out (a lead may ask by phone); clearing one is for admins only, since
 * writing again to a lead who said stop is the costlier mistake.
 */
export async function setOptOut(env: Env, caller: Caller, id: string, optedOut: boolean) {
  if (!optedOut && caller.role !== "admin") throw ApiError.forbidden("Only admins may clear an opt-out");
  const d = db(env.DB);
  const conv = await loadConversation(d, id);
  const leadKey = leadKeyOf(conv);
  const before = await d
    .select()
    .from(leadOptouts)
    .where(and(eq(leadOptouts.accountId, conv.accountId), eq(leadOptouts.leadKey, leadKey)))
    .get();
  const at = new Date().toISOString();
  if ((before?.optedOut ?? false) !== optedOut) {
    await d.batch([
      d
        .insert(leadOptouts)
        .values({
          accountId: conv.accountId,
          leadKey,
          optedOut,
          changedAt: at,
          changedBy: caller.email,
          sourceMessageId: null,
        })
        .onConflictDoUpdate({
          target: [leadOptouts.accountId, leadOptouts.leadKey],
          set: { optedOut, changedAt: at, changedBy: caller.email, sourceMessageId: null },
        }),
      auditInsert(d, {
        actor: caller.email,
        action: optedOut ? "lead_opted_out" : "lead_opted_in",
        entityType: "lead",
        entityId: `${conv.accountId}:${leadKey}`,
        before: { optedOut: before?.optedOut ?? false },
        after: { optedOut, conversationId: id },
        at,
      }),
    ]);
  }
  return { conversationId: id, leadKey, optedOut };
}
