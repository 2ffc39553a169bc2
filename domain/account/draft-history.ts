/**
 * An account's shadow history from D1, for the readiness rule (shadow-readiness.ts). No column
 * records "edited" by itself: every edit already is a new version row (`<root>.v<n>`,
 * domain/decide/reply-lineage.ts) and the pipeline's first version keeps its words, so a draft's
 * outcome is read by comparing the drafted text with the version a person approved.
 */
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { decisions, replies } from "../db/schema.ts";
import { PIPELINE_ACTOR } from "../decide/decide-messages.ts";
import { rootReplyId } from "../decide/reply-lineage.ts";
import {
  type DraftHistory,
  type DraftVersion,
  daysBetween,
  draftOutcome,
  GO_LIVE_THRESHOLDS,
} from "./shadow-readiness.ts";

/** The decision reason of a draft the pipeline made only because the account is in draft_only. */
export const SHADOW_REASON = "draft_only_mode";

export async function loadDraftHistory(
  d: Db,
  accountId: string,
  now: Date,
  windowDays: number = GO_LIVE_THRESHOLDS.windowDays,
): Promise<DraftHistory> {
  const since = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
  const [shadow, held, rows] = await d.batch([
    d
      .select({ messageId: decisions.messageId })
      .from(decisions)
      .where(
        and(
          eq(decisions.accountId, accountId),
          gte(decisions.decidedAt, since),
          eq(decisions.reason, SHADOW_REASON),
        ),
      ),
    d
      .select({ n: sql<number>`count(*)` })
      .from(decisions)
      .where(
        and(
          eq(decisions.accountId, accountId),
          gte(decisions.decidedAt, since),
          eq(decisions.action, "review"),
        ),
      ),
    d
      .select({
        id: replies.id,
        inboundMessageId: replies.inboundMessageId,
        version: replies.version,
        body: replies.body,
        status: replies.status,
        reason: replies.reason,
        createdBy: replies.createdBy,
        createdAt: replies.createdAt,
        updatedBy: replies.updatedBy,
      })
      .from(replies)
      .where(and(eq(replies.accountId, accountId), gte(replies.createdAt, since))),
  ]);
  const shadowMessages = new Set(shadow.map((s) => s.messageId));
  const lineages = new Map<string, { createdAt: string; versions: DraftVersion[] }>();
  // The pipeline's first versions of shadow drafts start a lineage; later versions join theirs.
  for (const r of rows)
    if (r.version === 1 && r.createdBy === PIPELINE_ACTOR && shadowMessages.has(r.inboundMessageId ?? ""))
      lineages.set(r.id, { createdAt: r.createdAt, versions: [] });
  for (const r of rows) lineages.get(rootReplyId(r.id))?.versions.push(r);

  const h: DraftHistory = {
    draftsMade: lineages.size,
    sentUnchanged: 0,
    sentEdited: 0,
    discarded: 0,
    withdrawn: 0,
    pending: 0,
    heldForReview: Number(held[0]?.n ?? 0),
    days: 0,
  };
  let first: string | null = null;
  for (const l of lineages.values()) {
    if (first === null || l.createdAt < first) first = l.createdAt;
    const o = draftOutcome(l.versions);
    if (o === "sent_unchanged") h.sentUnchanged++;
    else if (o === "sent_edited") h.sentEdited++;
    else if (o === "discarded") h.discarded++;
    else if (o === "withdrawn") h.withdrawn++;
    else h.pending++;
  }
  h.days = daysBetween(first, now);
  return h;
}
