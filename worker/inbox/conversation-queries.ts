/**
 * Read models for the inbox: the conversation list (filters, keyset pagination) and the detail.
 * Lead content leaves as plain JSON strings; the admin renders it as text (docs/architecture.md, invariant 7).
 */
import { asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../domain/db/client.ts";
import { decisions, messages, type Platform, replies, sendCopyChecks } from "../../domain/db/schema.ts";
import { MESSAGE_ORDER } from "../../domain/decide/decision-facts.ts";
import { leadKeyOf } from "../../domain/decide/lead-key.ts";
import { labelledGuardrails, reasonText } from "../../domain/decide/reason-text.ts";
import { ApiError } from "../api/errors.ts";
import { loadConversation, replyDto } from "./reply-context.ts";

export const CONVERSATION_FILTERS = [
  "needs_review",
  "draft_waiting",
  "queued",
  "sent",
  "suppressed",
  "opted_out",
  "paused",
  "followup_due",
] as const;
export type ConversationFilter = (typeof CONVERSATION_FILTERS)[number];

const PREVIEW_LENGTH = 140;

// SQL fragments over the alias `c` (conversations).
const OPTED_OUT = sql.raw(
  "EXISTS (SELECT 1 FROM lead_optouts o WHERE o.account_id = c.account_id AND o.lead_key = coalesce(c.lead_ref, c.external_thread_id) AND o.opted_out = 1)",
);
const LATEST_DECISION_SQL =
  "(SELECT ld2.id FROM decisions ld2 WHERE ld2.conversation_id = c.id ORDER BY ld2.decided_at DESC, ld2.rowid DESC LIMIT 1)";
const LATEST_DECISION = sql.raw(LATEST_DECISION_SQL);
const SORT_KEY = sql.raw("coalesce(c.last_message_at, c.created_at)");

// "Needs review": the latest decision went to review and nobody has answered since.
export const FILTER_SQL: Record<ConversationFilter, SQL> = {
  needs_review: sql.raw(`EXISTS (SELECT 1 FROM decisions d WHERE d.id = ${LATEST_DECISION_SQL}
      AND d.action = 'review'
      AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.conversation_id = c.id AND r.created_at >= d.decided_at
                      AND r.status IN ('queued', 'delivered')))`),
  draft_waiting: sql.raw(
    "EXISTS (SELECT 1 FROM replies r WHERE r.conversation_id = c.id AND r.status = 'draft')",
  ),
  queued: sql.raw("EXISTS (SELECT 1 FROM replies r WHERE r.conversation_id = c.id AND r.status = 'queued')"),
  sent: sql.raw("EXISTS (SELECT 1 FROM replies r WHERE r.conversation_id = c.id AND r.status = 'delivered')"),
  // The bot chose not to answer the latest message (opt-out, not interested, blocked content).
  suppressed: sql.raw(
    `EXISTS (SELECT 1 FROM decisions d WHERE d.id = ${LATEST_DECISION_SQL} AND d.action IN ('suppressed', 'blocked'))`,
  ),
  opted_out: OPTED_OUT,
  paused: sql.raw("c.paused = 1"),
  // A follow-up planned within the next day (or overdue), or one queued to go (docs/followups.md).
  followup_due:
    sql.raw(`(EXISTS (SELECT 1 FROM followup_plans p WHERE p.conversation_id = c.id AND p.due_at IS NOT NULL
      AND p.due_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 day'))
    OR EXISTS (SELECT 1 FROM replies r WHERE r.conversation_id = c.id AND r.status = 'queued' AND r.id LIKE 'followup-%'))`),
};

export interface ListQuery {
  platform?: Platform | undefined;
  accountId?: string | undefined;
  filter?: ConversationFilter | undefined;
  /** The latest decision's reason code. */
  reason?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

interface Cursor {
  k: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return btoa(JSON.stringify(c)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(s: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(atob(s.replace(/-/g, "+").replace(/_/g, "/")));
    const c = parsed as Partial<Cursor>;
    if (typeof c.k === "string" && typeof c.id === "string") return { k: c.k, id: c.id };
  } catch {
    // fall through to the 400 below
  }
  throw new ApiError(400, "validation_failed", "The cursor is not valid");
}

interface ListRow {
  id: string;
  account_id: string;
  platform: Platform;
  account_label: string | null;
  external_thread_id: string;
  lead_name: string | null;
  lead_ref: string | null;
  listing_ref: string | null;
  listing_title: string | null;
  paused: number;
  sort_key: string;
  opted_out: number;
  last_body: string | null;
  last_direction: string | null;
  last_at: string | null;
  decision_action: string | null;
  decision_reason: string | null;
  decision_at: string | null;
  n_messages: number;
  n_drafts: number;
  n_queued: number;
}

export async function listConversations(d: Db, q: ListQuery) {
  const where: SQL[] = [sql`1 = 1`];
  if (q.platform) where.push(sql`c.platform = ${q.platform}`);
  if (q.accountId) where.push(sql`c.account_id = ${q.accountId}`);
  if (q.filter) where.push(FILTER_SQL[q.filter]);
  if (q.reason)
    where.push(
      sql`EXISTS (SELECT 1 FROM decisions d WHERE d.id = ${LATEST_DECISION} AND d.reason = ${q.reason})`,
    );
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(sql`(${SORT_KEY} < ${c.k} OR (${SORT_KEY} = ${c.k} AND c.id < ${c.id}))`);
  }
  const rows = await d.all<ListRow>(sql`
    SELECT c.id, c.account_id, c.platform, a.label AS account_label, c.external_thread_id, c.lead_name,
           c.lead_ref, c.listing_ref, c.listing_title, c.paused, ${SORT_KEY} AS sort_key,
           ${OPTED_OUT} AS opted_out,
           lm.body AS last_body, lm.direction AS last_direction, coalesce(lm.sent_at, lm.created_at) AS last_at,
           ld.action AS decision_action, ld.reason AS decision_reason, ld.decided_at AS decision_at,
           (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS n_messages,
           (SELECT count(*) FROM replies r WHERE r.conversation_id = c.id AND r.status = 'draft') AS n_drafts,
           (SELECT count(*) FROM replies r WHERE r.conversation_id = c.id AND r.status = 'queued') AS n_queued
    FROM conversations c
    LEFT JOIN platform_accounts a ON a.id = c.account_id
    LEFT JOIN messages lm ON lm.id = (SELECT m.id FROM messages m WHERE m.conversation_id = c.id
                                      ORDER BY coalesce(m.sent_at, m.created_at) DESC, m.rowid DESC LIMIT 1)
    LEFT JOIN decisions ld ON ld.id = ${LATEST_DECISION}
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${SORT_KEY} DESC, c.id DESC
    LIMIT ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      platform: r.platform,
      account: { id: r.account_id, label: r.account_label },
      threadId: r.external_thread_id,
      lead: {
        name: r.lead_name,
        ref: r.lead_ref,
        key: leadKeyOf({ leadRef: r.lead_ref, externalThreadId: r.external_thread_id }),
      },
      listing: { ref: r.listing_ref, title: r.listing_title },
      paused: r.paused === 1,
      optedOut: r.opted_out === 1,
      lastMessageAt: r.sort_key,
      lastMessage:
        r.last_body === null
          ? null
          : { direction: r.last_direction, at: r.last_at, preview: preview(r.last_body) },
      latestDecision:
        r.decision_action === null
          ? null
          : {
              action: r.decision_action,
              reason: r.decision_reason,
              reasonText: r.decision_reason === null ? null : reasonText(r.decision_reason),
              decidedAt: r.decision_at,
            },
      counts: { messages: Number(r.n_messages), drafts: Number(r.n_drafts), queued: Number(r.n_queued) },
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.sort_key, id: last.id }) : null,
  };
}

/** A one-line plain-text preview: tags stripped and whitespace collapsed, never rendered HTML. */
export function preview(body: string): string {
  const text = body
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

export async function conversationDetail(d: Db, id: string) {
  const conv = await loadConversation(d, id);
  const leadKey = leadKeyOf(conv);
  const [msgs, decs, reps, optout, checks] = await Promise.all([
    d.select().from(messages).where(eq(messages.conversationId, id)).orderBy(MESSAGE_ORDER, sql`rowid`).all(),
    d
      .select()
      .from(decisions)
      .where(eq(decisions.conversationId, id))
      .orderBy(asc(decisions.decidedAt))
      .all(),
    d
      .select()
      .from(replies)
      .where(eq(replies.conversationId, id))
      .orderBy(asc(replies.createdAt), asc(replies.version))
      .all(),
    d.all<{ opted_out: number; changed_at: string; changed_by: string }>(
      sql`SELECT opted_out, changed_at, changed_by FROM lead_optouts WHERE account_id = ${conv.accountId} AND lead_key = ${leadKey}`,
    ),
    // What counting an in-browser send's copies found (durable-objects/account/recount.ts).
    d.select().from(sendCopyChecks).where(eq(sendCopyChecks.conversationId, id)).all(),
  ]);
  const checkOf = new Map(
    checks.map((k) => [
      k.replyId,
      {
        outcome: k.outcome,
        copies: k.copies,
        path: k.path,
        provider: k.provider,
        seenBy: k.seenBy,
        recounts: k.recounts,
        evidenceId: k.evidenceId,
        reason: k.reason,
        at: k.updatedAt,
      },
    ]),
  );
  const o = optout[0];
  return {
    id: conv.id,
    platform: conv.platform,
    accountId: conv.accountId,
    threadId: conv.externalThreadId,
    lead: { name: conv.leadName, ref: conv.leadRef, key: leadKey },
    listing: { ref: conv.listingRef, title: conv.listingTitle },
    paused: conv.paused,
    pausedBy: conv.pausedBy,
    pausedAt: conv.pausedAt,
    optOut: {
      optedOut: o?.opted_out === 1,
      changedAt: o?.changed_at ?? null,
      changedBy: o?.changed_by ?? null,
    },
    messages: msgs.map((m) => ({
      id: m.id,
      direction: m.direction,
      origin: m.origin,
      body: m.body,
      sentAt: m.sentAt,
      sentAtText: m.sentAtText,
      dispatchKey: m.dispatchKey,
      createdAt: m.createdAt,
    })),
    decisions: decs.map((x) => ({
      id: x.id,
      messageId: x.messageId,
      action: x.action,
      reason: x.reason,
      reasonText: reasonText(x.reason),
      intent: x.intent,
      confidence: x.confidence,
      guardrails: labelledGuardrails(x.guardrails),
      optChange: x.optChange,
      decidedAt: x.decidedAt,
    })),
    replies: reps.map((r) => ({ ...replyDto(r), copyCheck: checkOf.get(r.id) ?? null })),
  };
}
