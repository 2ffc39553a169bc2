/**
 * What counting the copies of one in-browser submit found, in D1 (send_copy_checks, one row per
 * dispatch) for the panel and the figures — and, when the site shows more than one copy, the
 * `duplicate_seen` alert with the evidence page, once per dispatch whichever count saw it first
 * (the confirm, a read-back or a recount after delivery). Nothing here ever sends.
 */
import { ne } from "drizzle-orm";
import type { BrowserProvider, SendPath } from "../../domain/account/browser-settings.ts";
import { db } from "../../domain/db/client.ts";
import { type CopyCheckOutcome, sendCopyChecks } from "../../domain/db/schema.ts";
import type { OutboxItem } from "./outbox-store.ts";
import type { RunContext } from "./run-context.ts";

export type SeenBy = "confirm" | "readback" | "recount";

export interface CopyCount {
  path: SendPath;
  provider: BrowserProvider;
  seenBy: SeenBy;
  /** Recounts after delivery that ran (0 when the confirm or a read-back counted). */
  recounts: number;
}

type Row = typeof sendCopyChecks.$inferInsert;

function rowOf(
  ctx: RunContext,
  item: OutboxItem,
  c: CopyCount,
  outcome: CopyCheckOutcome,
  extra: Pick<Row, "copies" | "evidenceId" | "reason">,
): Row {
  const at = new Date().toISOString();
  return {
    dispatchKey: item.dispatchKey,
    accountId: ctx.ref.accountId,
    conversationId: item.conversationId,
    replyId: item.replyId,
    path: c.path,
    provider: c.provider,
    outcome,
    seenBy: c.seenBy,
    recounts: c.recounts,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

/**
 * Writes the row unless the dispatch is already recorded as a duplicate (that record and its
 * alert stand). True when this write made or changed the row.
 */
async function upsert(ctx: RunContext, row: Row): Promise<boolean> {
  const written = await db(ctx.env.DB)
    .insert(sendCopyChecks)
    .values(row)
    .onConflictDoUpdate({
      target: sendCopyChecks.dispatchKey,
      set: {
        outcome: row.outcome,
        copies: row.copies ?? null,
        seenBy: row.seenBy,
        recounts: row.recounts ?? 0,
        evidenceId: row.evidenceId ?? null,
        reason: row.reason ?? null,
        updatedAt: row.updatedAt,
      },
      setWhere: ne(sendCopyChecks.outcome, "duplicate"),
    })
    .returning({ key: sendCopyChecks.dispatchKey });
  return written.length > 0;
}

/**
 * The site shows `copies` copies of the reply's one submit: recorded once per dispatch, counted
 * by path, logged and alerted with the page as evidence. Never re-sends or deletes anything: a
 * person removes the extra copy on the site.
 */
export async function duplicateSeen(
  ctx: RunContext,
  item: OutboxItem,
  c: CopyCount,
  copies: number,
): Promise<boolean> {
  const what = `${copies} copies of one ${c.path === "browser" ? "in-browser" : "relayed"} submit`;
  // The thread as it is now (the page the count read), for the person who deletes the extra.
  const evidenceId = ctx.session
    ? await ctx.session
        .captureEvidence({ class: "unknown_outcome", step: "confirm", message: `duplicate seen: ${what}` })
        .catch(() => null)
    : null;
  const first = await upsert(ctx, rowOf(ctx, item, c, "duplicate", { copies, evidenceId, reason: null }));
  if (!first) return false;
  ctx.bumpCounter(`resend_seen_${c.path}`);
  ctx.log("duplicate_seen", {
    dispatchKey: item.dispatchKey,
    replyId: item.replyId,
    path: c.path,
    provider: c.provider,
    copies,
    seenBy: c.seenBy,
    evidenceId,
  });
  // The reply's id makes the alert this dispatch's own: another duplicate within the cooldown
  // is alerted too.
  await ctx.alert(
    "duplicate_seen",
    `reply ${item.replyId}: the site shows ${what} (the browser sent it again by itself); a person should delete the extra`,
    { evidenceId },
  );
  return true;
}

/** The recounts after delivery saw one copy: the send is done with. */
export async function oneCopySeen(ctx: RunContext, item: OutboxItem, c: CopyCount): Promise<void> {
  await upsert(ctx, rowOf(ctx, item, c, "one_copy", { copies: 1, evidenceId: null, reason: null }));
  ctx.log("recount_done", { dispatchKey: item.dispatchKey, copies: 1, recounts: c.recounts });
}

/** No recount could read the thread within its bound: said, so nobody takes silence for one copy. */
export async function notRecounted(
  ctx: RunContext,
  item: OutboxItem,
  c: CopyCount,
  reason: string,
): Promise<void> {
  await upsert(ctx, rowOf(ctx, item, c, "not_recounted", { copies: null, evidenceId: null, reason }));
  ctx.log("recount_given_up", { dispatchKey: item.dispatchKey, reason, recounts: c.recounts });
}
