/**
 * Loads from D1 what the pure pipeline needs to decide on a conversation's messages: the lead's
 * opt-out, whether we ever wrote to them, the listing facts and the account's templates.
 */
import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  type ConversationRow,
  conversations,
  leadOptouts,
  listings,
  messages,
  templates,
} from "../db/schema.ts";
import type { ListingFacts, Template } from "../pipeline/index.ts";
import { leadKeyOf } from "./lead-key.ts";

/** Message order: the site's time when known, else ingest time; rowid keeps ingest order on ties. */
export const MESSAGE_ORDER = sql`coalesce(${messages.sentAt}, ${messages.createdAt})`;

export interface ConversationFacts {
  conversation: ConversationRow;
  leadKey: string;
  optedOut: boolean;
  hasPriorOutbound: boolean;
  listing: ListingFacts | null;
  newestInboundId: string | null;
}

export async function loadConversationFacts(
  d: Db,
  conversationId: string,
): Promise<ConversationFacts | null> {
  const conversation = await d.select().from(conversations).where(eq(conversations.id, conversationId)).get();
  if (!conversation) return null;
  const leadKey = leadKeyOf(conversation);
  const [optout, outbound, newest, listing] = await Promise.all([
    d
      .select({ optedOut: leadOptouts.optedOut })
      .from(leadOptouts)
      .where(and(eq(leadOptouts.accountId, conversation.accountId), eq(leadOptouts.leadKey, leadKey)))
      .get(),
    d
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound")))
      .limit(1)
      .get(),
    d
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound")))
      .orderBy(desc(MESSAGE_ORDER), desc(sql`rowid`))
      .limit(1)
      .get(),
    conversation.listingRef
      ? d
          .select()
          .from(listings)
          .where(
            and(
              eq(listings.accountId, conversation.accountId),
              eq(listings.externalId, conversation.listingRef),
              eq(listings.active, true),
            ),
          )
          .get()
      : Promise.resolve(undefined),
  ]);
  return {
    conversation,
    leadKey,
    optedOut: optout?.optedOut ?? false,
    hasPriorOutbound: outbound !== undefined,
    // An inactive or unknown listing has no facts, so templates needing them go to review; the
    // title the site showed on the thread is still a fact worth using.
    listing: listing
      ? {
          title: listing.title ?? conversation.listingTitle,
          price: listing.price,
          area: listing.area,
          availableFrom: listing.availableFrom,
          viewingLink: listing.viewingLink,
        }
      : conversation.listingTitle
        ? { title: conversation.listingTitle }
        : null,
    newestInboundId: newest?.id ?? null,
  };
}

/**
 * The templates an account replies with: per intent, the account's own active templates if it has
 * any, else the global ones an admin wrote, else the global starter templates; of those the latest
 * version (ties by id), as selectTemplate does.
 */
export async function loadAccountTemplates(d: Db, accountId: string): Promise<Template[]> {
  const rows = await d
    .select()
    .from(templates)
    .where(
      and(eq(templates.isActive, true), or(eq(templates.accountId, accountId), isNull(templates.accountId))),
    )
    .all();
  const byIntent = new Map<string, typeof rows>();
  for (const r of rows) byIntent.set(r.intent, [...(byIntent.get(r.intent) ?? []), r]);
  const chosen: Template[] = [];
  for (const group of byIntent.values()) {
    // The account's own templates, else those an admin wrote for everyone, else the starters.
    const own = group.filter((t) => t.accountId === accountId);
    const written = group.filter((t) => !t.isStarter);
    const pool = own.length > 0 ? own : written.length > 0 ? written : group;
    const best = [...pool].sort((a, b) => b.version - a.version || a.id.localeCompare(b.id))[0];
    if (best)
      chosen.push({
        id: best.id,
        intent: best.intent,
        body: best.body,
        version: best.version,
        covers: best.covers ?? null,
      });
  }
  return chosen;
}
