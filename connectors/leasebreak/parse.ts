/** Pure parsers for Leasebreak pages (inbox, thread, my listings): the generic readers. */
import type { ThreadDetail } from "../core/contract.ts";
import type { Doc } from "../core/html.ts";
import type { InboxPage, ListingsPage, ParseContext } from "../core/site-spec.ts";
import { parseListingCards } from "../generic/extract.ts";
import { parseGenericInbox, parseGenericThread } from "../generic/parse.ts";
import { LEASEBREAK as S } from "./selectors.ts";

export function parseInbox(doc: Doc, ctx: ParseContext): InboxPage {
  return parseGenericInbox(doc, ctx, S.inbox, S);
}

export function parseThread(doc: Doc, threadId: string, ctx: ParseContext): ThreadDetail {
  return parseGenericThread(doc, threadId, ctx, S.thread, { ...S, platform: "leasebreak" });
}

export function parseListings(doc: Doc, ctx: ParseContext): ListingsPage {
  return parseListingCards(doc, ctx, S.listings);
}
