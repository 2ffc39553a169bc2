/**
 * The D1 side of the decision step. After each ingest the account object calls
 * decideNewMessages and enqueues what it returns; this module never sends.
 *
 * For every inbound message without a decision (oldest first, capped per call) it loads the facts,
 * runs the pure `decide`, and writes in ONE batch: the decision (UNIQUE message_id, so a re-run or
 * a racing call is a no-op), the opt-out change, the reply (draft or queued auto) and an audit
 * row. Everything after the decision insert is guarded on that insert having happened.
 *
 * Several inbound messages of one conversation in one ingest: each gets a decision (opt-outs and
 * guardrails in the older ones still count), but only the newest inbound message of the
 * conversation may get a reply — one answer to the latest state of the thread, not one per line.
 * An older message whose verdict was draft/send is recorded as `suppressed` with reason
 * `superseded_by_newer_message`; if an older message of the same ingest hit a guardrail, the
 * newest message's `send` becomes `review` (`earlier_message_flagged`): risk beats mode.
 */
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AccountRef } from "../account/address.ts";
import { enqueueRequestOf } from "../account/enqueue-request.ts";
import type { EnqueueRequest } from "../account/rpc.ts";
import { type Db, db } from "../db/client.ts";
import { decisions, leadOptouts, messages, replies } from "../db/schema.ts";
import { classifyWithModel, type Decision, decide } from "../pipeline/index.ts";
import { readAccountPolicy } from "../policy/policy-store.ts";
import { versionIdOf } from "../version.ts";
import {
  type ConversationFacts,
  loadAccountTemplates,
  loadConversationFacts,
  MESSAGE_ORDER,
} from "./decision-facts.ts";
import { accountForDecision, buildDecisionInput, finalOutcome, type Outcome } from "./decision-step.ts";
import { auditIf, insertIf } from "./guarded-sql.ts";
import { replyDispatchKey } from "./reply-lineage.ts";

export const PIPELINE_ACTOR = "system:pipeline";
/** Messages decided per call; the rest wait for the next ingest (keeps one call's work bounded). */
export const MAX_DECISIONS_PER_CALL = 50;

/** Reason codes this step adds on top of the pipeline's (docs/decision-table.md lists both). */
export { INBOX_REASON_CODES } from "./decision-step.ts";

/**
 * Automatic replies only answer recent messages. Connecting an account with months of history
 * must not send months-late answers: older messages get a draft for a person instead.
 */
export const DEFAULT_AUTO_REPLY_MAX_AGE_HOURS = 72;

interface PendingMessage {
  id: string;
  conversationId: string;
  body: string;
  sentAt: string | null;
}

async function undecidedInbound(d: Db, accountId: string, limit: number): Promise<PendingMessage[]> {
  return d
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      body: messages.body,
      sentAt: messages.sentAt,
    })
    .from(messages)
    .where(
      and(
        eq(messages.accountId, accountId),
        eq(messages.direction, "inbound"),
        sql`NOT EXISTS (SELECT 1 FROM ${decisions} WHERE ${decisions.messageId} = ${messages.id})`,
      ),
    )
    .orderBy(MESSAGE_ORDER, sql`rowid`)
    .limit(limit)
    .all();
}

export async function decideNewMessages(env: Env, ref: AccountRef, now: Date): Promise<EnqueueRequest[]> {
  const d = db(env.DB);
  const pending = await undecidedInbound(d, ref.accountId, MAX_DECISIONS_PER_CALL);
  if (pending.length === 0) return [];
  const [policy, templates] = await Promise.all([
    readAccountPolicy(d, ref.accountId),
    loadAccountTemplates(d, ref.accountId),
  ]);
  const account = accountForDecision(policy);

  const byConversation = new Map<string, PendingMessage[]>();
  for (const m of pending)
    byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);

  const maxAgeMs = (Number(env.AUTO_REPLY_MAX_AGE_HOURS) || DEFAULT_AUTO_REPLY_MAX_AGE_HOURS) * 3_600_000;
  const out: EnqueueRequest[] = [];
  for (const [conversationId, list] of byConversation) {
    const facts = await loadConversationFacts(d, conversationId);
    if (!facts) continue;
    // State carried through the conversation's messages in order: an opt-out in an older message
    // governs the newer ones decided in the same call.
    let optedOut = facts.optedOut;
    let earlierFlagged = false;
    for (const m of list) {
      const modelResult = await modelClassification(env, m.body, facts.listing);
      const decision = decide(
        buildDecisionInput(
          {
            platform: ref.platform,
            siteOrigin: policy?.account.baseUrl ?? null,
            account,
            conversation: {
              leadName: facts.conversation.leadName,
              paused: facts.conversation.paused,
              hasPriorOutbound: facts.hasPriorOutbound,
              optedOut,
            },
            listing: facts.listing,
            templates,
          },
          { text: m.body, now, modelResult },
        ),
      );
      const stale = m.sentAt !== null && now.getTime() - Date.parse(m.sentAt) > maxAgeMs;
      const outcome = finalOutcome(decision, {
        isNewest: m.id === facts.newestInboundId,
        earlierFlagged,
        stale,
      });
      const req = await persistDecision(d, ref, facts, m, decision, outcome, versionIdOf(env));
      if (decision.optOutChange) optedOut = decision.optOutChange === "opt_out";
      if (decision.reason === "inbound_guardrail") earlierFlagged = true;
      if (req) out.push(req);
    }
  }
  return out;
}

/**
 * The optional model (off unless an operator binds Workers AI and sets MODEL_PROVIDER). Any
 * failure — timeout, malformed or unsafe output — falls back to the heuristics; the pipeline
 * still runs its guardrails on the original text, so a model can never lower risk.
 */
async function modelClassification(env: Env, text: string, listing: ConversationFacts["listing"]) {
  if (env.MODEL_PROVIDER !== "workers_ai" || !env.AI) return null;
  const outcome = await classifyWithModel(env.AI, text, { listing });
  return outcome.ok ? outcome.result : null;
}

async function persistDecision(
  d: Db,
  ref: AccountRef,
  facts: ConversationFacts,
  message: PendingMessage,
  decision: Decision,
  outcome: Outcome,
  versionId: string,
): Promise<EnqueueRequest | null> {
  const conv = facts.conversation;
  const decisionId = crypto.randomUUID();
  const at = decision.decidedAt;
  const ours = sql`EXISTS (SELECT 1 FROM decisions WHERE id = ${decisionId})`;
  const replyId = outcome.reply ? crypto.randomUUID() : null;
  const key =
    outcome.action === "send" && replyId
      ? await replyDispatchKey(
          { id: replyId, accountId: ref.accountId, inboundMessageId: message.id },
          conv.externalThreadId,
          1,
        )
      : null;

  const statements = [
    d
      .insert(decisions)
      .values({
        id: decisionId,
        messageId: message.id,
        conversationId: conv.id,
        accountId: ref.accountId,
        action: outcome.action,
        reason: outcome.reason,
        intent: decision.intent,
        confidence: decision.confidence,
        guardrails: decision.guardrails,
        optChange: decision.optOutChange,
        decidedAt: at,
        versionId,
      })
      .onConflictDoNothing({ target: decisions.messageId })
      .returning({ id: decisions.id }),
  ] as const;

  const guarded: BatchItem<"sqlite">[] = [];
  if (decision.optOutChange) {
    guarded.push(
      insertIf(
        d,
        leadOptouts,
        {
          accountId: ref.accountId,
          leadKey: facts.leadKey,
          optedOut: decision.optOutChange === "opt_out",
          changedAt: at,
          changedBy: PIPELINE_ACTOR,
          sourceMessageId: message.id,
        },
        ours,
      ).onConflictDoUpdate({
        target: [leadOptouts.accountId, leadOptouts.leadKey],
        set: {
          optedOut: sql`excluded.opted_out`,
          changedAt: sql`excluded.changed_at`,
          changedBy: sql`excluded.changed_by`,
          sourceMessageId: sql`excluded.source_message_id`,
        },
      }),
    );
  }
  if (outcome.reply && replyId) {
    guarded.push(
      insertIf(
        d,
        replies,
        {
          id: replyId,
          conversationId: conv.id,
          accountId: ref.accountId,
          inboundMessageId: message.id,
          kind: outcome.action === "send" ? "auto" : "draft",
          version: 1,
          body: outcome.reply.body,
          status: outcome.action === "send" ? "queued" : "draft",
          reason: outcome.reason,
          templateId: outcome.reply.templateId,
          dispatchKey: key,
          createdBy: PIPELINE_ACTOR,
          createdAt: at,
          updatedAt: at,
          updatedBy: PIPELINE_ACTOR,
        },
        ours,
      ),
    );
  }
  guarded.push(
    auditIf(
      d,
      {
        actor: PIPELINE_ACTOR,
        action: "message_decided",
        entityType: "message",
        entityId: message.id,
        // Codes and ids only: audit rows never carry message bodies.
        after: {
          decisionId,
          conversationId: conv.id,
          action: outcome.action,
          reason: outcome.reason,
          pipelineReason: decision.reason,
          intent: decision.intent,
          confidence: decision.confidence,
          guardrails: decision.guardrails.map((g) => g.code),
          missingVariables: decision.missingVariables,
          // Kinds only ("phone number"): the details stay in the message the person reads.
          leadContacts: decision.leadContacts,
          composedFrom: outcome.reply?.composedFrom ?? null,
          optChange: decision.optOutChange,
          replyId,
          dispatchKey: key,
        },
        at,
      },
      ours,
    ),
  );

  const [inserted] = await d.batch([...statements, ...guarded]);
  // Another call decided this message first: its batch did (or will do) everything.
  if (inserted.length === 0 || !replyId || !key || !outcome.reply) return null;
  return enqueueRequestOf(
    { ...ref, conversationId: conv.id, externalThreadId: conv.externalThreadId, leadRef: conv.leadRef },
    { id: replyId, dispatchKey: key, body: outcome.reply.body, kind: "auto" },
  );
}
