/**
 * Ingest: list the inbox, open only the threads whose inbox row changed, store new messages in
 * D1 by their site ids, refresh listing facts now and then, decide the new messages and put the
 * replies to send into the outbox.
 */
import { mirrorHealth } from "./d1-effects.ts";
import { knownThreads, persistListings, persistThread } from "./ingest-store.ts";
import type { RunContext } from "./run-context.ts";
import { ACCOUNT_LEVEL, AccountFailure } from "./run-failure.ts";
import { call } from "./run-session.ts";

export async function ingest(ctx: RunContext): Promise<void> {
  const listed = await call(ctx, (s) =>
    ctx.connector.listInbox(s, { maxPages: ctx.cfg.antibot.maxInboxPages }),
  );
  if (!listed.ok) throw new AccountFailure(listed.failure);
  ctx.report.threadsListed = listed.value.length;
  const known = await knownThreads(ctx.env, ctx.ref.accountId);
  for (const row of listed.value) {
    const k = known.get(row.externalThreadId);
    if (k && k.fingerprint === row.fingerprint) continue; // unchanged: not reopened
    const detail = await call(ctx, (s) => ctx.connector.readThread(s, row.externalThreadId));
    if (!detail.ok) throw new AccountFailure(detail.failure);
    ctx.report.threadsOpened++;
    ctx.holdLease();
    ctx.report.newMessages += await persistThread(ctx.env, ctx.ref, row, detail.value, k);
  }
  await syncListings(ctx);
  await mirrorHealth(ctx.env, ctx.ref.accountId, { lastIngestAt: new Date().toISOString() });
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
  // Listing facts are a convenience; a failure here must not stop replies.
  if (!r.ok) {
    if (ACCOUNT_LEVEL.has(r.failure.class)) throw new AccountFailure(r.failure);
    ctx.log("listing_sync_failed", { class: r.failure.class });
    return;
  }
  await persistListings(ctx.env, ctx.ref, r.value);
  ctx.store.meta.set("listingsSyncedAt", Date.now());
}
