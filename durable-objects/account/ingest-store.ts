/**
 * Persists what ingest read. Idempotent by construction: conversations are keyed by (account,
 * site thread id) and messages by (conversation, site message id), so reading the same page
 * twice inserts nothing twice. A reply we sent without a native id is recorded as
 * "dispatch:<key>" on delivery; when the site later shows it with its own id, that row takes
 * the native id instead of a second copy being inserted.
 */
import { and, eq } from "drizzle-orm";
import { bodiesMatch } from "../../connectors/core/body-match.ts";
import type { InboxThread, Listing, ThreadDetail } from "../../connectors/core/contract.ts";
import type { AccountRef } from "../../domain/account/address.ts";
import { db } from "../../domain/db/client.ts";
import { conversations, listings, messages } from "../../domain/db/schema.ts";

export interface KnownThread {
  id: string;
  fingerprint: string | null;
}

export async function knownThreads(env: Env, accountId: string): Promise<Map<string, KnownThread>> {
  const rows = await db(env.DB)
    .select({
      id: conversations.id,
      thread: conversations.externalThreadId,
      fp: conversations.inboxFingerprint,
    })
    .from(conversations)
    .where(eq(conversations.accountId, accountId))
    .all();
  return new Map(rows.map((r) => [r.thread, { id: r.id, fingerprint: r.fp }]));
}

/** Writes one thread; returns how many messages were new. */
export async function persistThread(
  env: Env,
  ref: AccountRef,
  row: InboxThread,
  detail: ThreadDetail,
  known: KnownThread | undefined,
): Promise<number> {
  const d = db(env.DB);
  const now = new Date().toISOString();
  const conversationId = known?.id ?? crypto.randomUUID();
  const lastAt =
    detail.messages
      .map((m) => m.sentAt)
      .filter((x): x is string => !!x)
      .sort()
      .at(-1) ?? row.lastActivityAt;

  const existing = known
    ? await d
        .select({ id: messages.id, ext: messages.externalMessageId, body: messages.body })
        .from(messages)
        .where(eq(messages.conversationId, conversationId))
        .all()
    : [];
  const seen = new Set(existing.map((m) => m.ext));
  const placeholders = existing.filter((m) => m.ext.startsWith("dispatch:"));

  const writes = [];
  let fresh = 0;
  for (const m of detail.messages) {
    if (seen.has(m.externalMessageId)) continue;
    const placeholder =
      m.direction === "outbound" && m.nativeId
        ? placeholders.find((p) => bodiesMatch(p.body, m.text))
        : undefined;
    if (placeholder) {
      placeholders.splice(placeholders.indexOf(placeholder), 1);
      writes.push(
        d
          .update(messages)
          .set({ externalMessageId: m.externalMessageId, sentAt: m.sentAt, sentAtText: m.sentAtText })
          .where(eq(messages.id, placeholder.id)),
      );
      continue;
    }
    fresh++;
    writes.push(
      d
        .insert(messages)
        .values({
          id: crypto.randomUUID(),
          conversationId,
          accountId: ref.accountId,
          externalMessageId: m.externalMessageId,
          direction: m.direction,
          body: m.text,
          sentAt: m.sentAt,
          sentAtText: m.sentAtText,
          origin: "site",
          createdAt: now,
        })
        .onConflictDoNothing(),
    );
  }

  const conv = {
    leadName: detail.leadName ?? row.leadName,
    leadRef: detail.leadRef,
    listingRef: detail.listingRef ?? row.listingRef,
    listingTitle: detail.listingTitle ?? row.listingTitle,
    inboxFingerprint: row.fingerprint,
    inboxRank: row.rank,
    lastMessageAt: lastAt,
    updatedAt: now,
  };
  await d.batch([
    d
      .insert(conversations)
      .values({
        id: conversationId,
        accountId: ref.accountId,
        platform: ref.platform,
        externalThreadId: row.externalThreadId,
        createdAt: now,
        ...conv,
      })
      .onConflictDoUpdate({ target: [conversations.accountId, conversations.externalThreadId], set: conv }),
    ...writes,
  ]);
  return fresh;
}

/** Unchanged rows only move in rank; the thread itself is not reopened. */
export async function updateRank(env: Env, id: string, rank: number) {
  await db(env.DB).update(conversations).set({ inboxRank: rank }).where(eq(conversations.id, id));
}

/** Listing facts read from the site; facts a person entered (source manual) are left alone. */
export async function persistListings(env: Env, ref: AccountRef, found: Listing[]) {
  if (!found.length) return;
  const d = db(env.DB);
  const now = new Date().toISOString();
  const manual = new Set(
    (
      await d
        .select({ ext: listings.externalId })
        .from(listings)
        .where(and(eq(listings.accountId, ref.accountId), eq(listings.source, "manual")))
        .all()
    ).map((r) => r.ext),
  );
  const writes = found
    .filter((l) => !manual.has(l.externalId))
    .map((l) => {
      const facts = {
        title: l.title,
        price: l.price,
        area: l.location,
        availableFrom: l.availableFrom,
        active: l.active,
        updatedAt: now,
        updatedBy: "system:listing-sync",
      };
      return d
        .insert(listings)
        .values({
          id: crypto.randomUUID(),
          accountId: ref.accountId,
          externalId: l.externalId,
          source: "site",
          ...facts,
        })
        .onConflictDoUpdate({ target: [listings.accountId, listings.externalId], set: facts });
    });
  const [first, ...rest] = writes;
  if (first) await d.batch([first, ...rest]);
}
