/**
 * Pure parsers for Furnished Finder pages (inbox, thread): the generic readers plus the delivery
 * marks our messages carry. No listings page.
 */
import type { ThreadDetail, ThreadMessage } from "../core/contract.ts";
import type { Doc } from "../core/html.ts";
import type { InboxPage, ParseContext } from "../core/site-spec.ts";
import { assertNoTransportError } from "../generic/extract.ts";
import { parseGenericInbox, parseGenericThread } from "../generic/parse.ts";
import { FURNISHEDFINDER as S } from "./selectors.ts";

type DeliveryState = NonNullable<ThreadMessage["deliveryState"]>;
const STATES: readonly DeliveryState[] = ["sending", "sent", "delivered", "read"];

export function parseInbox(doc: Doc, ctx: ParseContext): InboxPage {
  return parseGenericInbox(doc, ctx, S.inbox, S);
}

/** `data-status` → deliveryState; "sending" is what the engine treats as not yet delivered. */
export function deliveryStateOf(item: Element): ThreadMessage["deliveryState"] {
  const raw = item.getAttribute(S.thread.statusAttr)?.trim().toLowerCase() ?? "";
  return STATES.find((s) => s === raw) ?? null;
}

export function parseThread(doc: Doc, threadId: string, ctx: ParseContext): ThreadDetail {
  // A send the page lost in transit may be stored: never read it as the site's refusal.
  assertNoTransportError(doc, S.composer.transportErrorTexts, S.composer.error);
  return parseGenericThread(
    doc,
    threadId,
    ctx,
    S.thread,
    { ...S, platform: "furnishedfinder" },
    (item, m) => {
      // A bubble the site refused (422, its reason in the error box) was never stored.
      if (item.getAttribute(S.thread.statusAttr) === S.thread.failedStatus) return null;
      if (m.direction !== "outbound") return m;
      const state = deliveryStateOf(item);
      return { ...m, deliveryState: state };
    },
  );
}
