/** Pure parsers for RentHop pages (inbox, thread): the generic readers. No listings page. */
import type { ThreadDetail } from "../core/contract.ts";
import type { Doc } from "../core/html.ts";
import type { InboxPage, ParseContext } from "../core/site-spec.ts";
import { parseGenericInbox, parseGenericThread } from "../generic/parse.ts";
import { RENTHOP as S } from "./selectors.ts";

export function parseInbox(doc: Doc, ctx: ParseContext): InboxPage {
  return parseGenericInbox(doc, ctx, S.inbox, S);
}

export function parseThread(doc: Doc, threadId: string, ctx: ParseContext): ThreadDetail {
  return parseGenericThread(doc, threadId, ctx, S.thread, { ...S, platform: "renthop" });
}
