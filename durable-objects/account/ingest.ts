/**
 * Ingest: list the inbox, open only the threads whose inbox row changed, store new messages in
 * D1 by their site ids, refresh listing facts now and then, decide the new messages and put the
 * replies to send into the outbox.
 *
 * A changed row whose latest message is ours (most often the reply this account just sent) is
 * opened after the run's sends, not before (`readOwnLast`): a lead who just wrote does not wait
 * while we re-read our own replies, and the reply to the thread read last can reuse its tab.
 * It is still read in the same run, before the run ends, so nothing hidden behind our message (a
 * lead who wrote again just before it) waits for a later poll.
 */
import type { InboxThread } from "../../connectors/core/contract.ts";
import { mirrorHealth } from "./d1-effects.ts";
import { type KnownThread, knownThreads, persistListings, persistThread } from "./ingest-store.ts";
import type { RunContext } from "./run-context.ts";
import { ACCOUNT_LEVEL, AccountFailure } from "./run-failure.ts";
import { call } from "./run-session.ts";

/** A changed inbox row left for after the sends, with what D1 knew of its thread. */
export interface OwnLastRow {
  row: InboxThread;
  known: KnownThread;
}

/** Lists the inbox and reads what changed, except rows whose latest message is ours (returned). */
export async function ingest(ctx: RunContext): Promise<OwnLastRow[]> {
  const listed = await call(ctx, (s) =>
    ctx.connector.listInbox(s, { maxPages: ctx.cfg.antibot.maxInboxPages }),
  );
  if (!listed.ok) throw new AccountFailure(listed.failure);
  ctx.report.threadsListed = listed.value.length;
  const known = await knownThreads(ctx.env, ctx.ref.accountId);
  const ownLast: OwnLastRow[] = [];
  for (const row of listed.value) {
    const k = known.get(row.externalThreadId);
    if (k && k.fingerprint === row.fingerprint) continue; // unchanged: not reopened
    if (k && row.latestDirection === "outbound") ownLast.push({ row, known: k });
    else await readThread(ctx, row, k);
  }
  await syncListings(ctx);
  await mirrorHealth(ctx.env, ctx.ref.accountId, { lastIngestAt: new Date().toISOString() });
  await decideAndQueue(ctx);
  return ownLast;
}

/**
 * The rows `ingest` left for after the sends. Within the run's time budget: a row not read
 * keeps its old fingerprint in D1, so the next ingest opens it. Returns the new messages found.
 */
export async function readOwnLast(ctx: RunContext, rows: readonly OwnLastRow[]): Promise<number> {
  const before = ctx.report.newMessages;
  let read = 0;
  for (const { row, known } of rows) {
    if (Date.now() - ctx.started >= ctx.cfg.runBudgetMs) break;
    await readThread(ctx, row, known);
    read++;
  }
  if (read > 0) await decideAndQueue(ctx);
  return ctx.report.newMessages - before;
}

async function readThread(ctx: RunContext, row: InboxThread, k: KnownThread | undefined): Promise<void> {
  const detail = await call(ctx, (s) => ctx.connector.readThread(s, row.externalThreadId));
  if (!detail.ok) throw new AccountFailure(detail.failure);
  ctx.report.threadsOpened++;
  ctx.holdLease();
  ctx.report.newMessages += await persistThread(ctx.env, ctx.ref, row, detail.value, k);
}

async function decideAndQueue(ctx: RunContext): Promise<void> {
  const decided = await ctx.decide(ctx.env, ctx.ref, new Date());
  ctx.holdLease();
  for (const req of decided) {
    if (ctx.store.outbox.insert(req, Date.now()).created) ctx.report.enqueued++;
  }
}

async function syncListings(ctx: RunContext): Promise<void> {
  const listListings = ctx.connector.listListings;
  const last = ctx.store.meta.get("listingsSyncedAt") ?? 0;
  if (!listListings || Date.now() - last < ctx.cfg.listingSyncEveryMs) return;
  const r = await call(ctx, (s) => listListings(s));
  // Listing facts are a convenience; a failure here must not stop replies. Drift (a listings
  // page parsed into nonsense, connectors/core/plausibility.ts) is the site changing: the drift path.
  if (!r.ok) {
    if (ACCOUNT_LEVEL.has(r.failure.class) || r.failure.class === "selector_drift")
      throw new AccountFailure(r.failure);
    ctx.log("listing_sync_failed", { class: r.failure.class });
    return;
  }
  await persistListings(ctx.env, ctx.ref, r.value);
  ctx.store.meta.set("listingsSyncedAt", Date.now());
}
