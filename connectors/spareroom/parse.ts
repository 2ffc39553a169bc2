/** Pure parsers for SpareRoom pages (inbox, thread, my listings). */
import type { Listing, ThreadDetail, ThreadMessage } from "../core/contract.ts";
import { parseSiteDate } from "../core/dates.ts";
import { type Doc, firstMatch, textOf } from "../core/html.ts";
import type { InboxPage, InboxRow, ListingsPage, ParseContext } from "../core/site-spec.ts";
import { SPAREROOM as S } from "./selectors.ts";

const dateOpts = (ctx: ParseContext) => ({ timeZone: S.timeZone, now: ctx.now });

function nextPath(doc: Doc, selectors: readonly string[], ctx: ParseContext): string | null {
  const href = firstMatch(doc, selectors)?.el.getAttribute("href");
  if (!href) return null;
  const u = new URL(href, ctx.origin);
  return `${u.pathname}${u.search}`;
}

export function parseInbox(doc: Doc, ctx: ParseContext): InboxPage {
  const rows: InboxRow[] = [];
  for (const a of Array.from(doc.querySelectorAll(S.inbox.row))) {
    const threadId = a.getAttribute("data-thread-id") ?? "";
    if (!threadId) continue;
    const nameText = textOf(a.querySelector(S.inbox.name));
    const count = /\((\d+)\)\s*$/.exec(nameText);
    const dateText = textOf(a.querySelector(S.inbox.date)) || null;
    const ids = S.threadId.exec(threadId);
    rows.push({
      externalThreadId: threadId,
      leadName: nameText.replace(/\s*\(\d+\)\s*$/, "") || null,
      latestDirection: a.classList.contains(S.inbox.outboundClass) ? "outbound" : "inbound",
      // Script tails have leaked into SpareRoom snippets before.
      preview: textOf(a.querySelector(S.inbox.snippet)).split("jQuery(")[0]!.trim(),
      lastActivityText: dateText,
      lastActivityAt: parseSiteDate(dateText, dateOpts(ctx))?.iso ?? null,
      listingRef: ids?.[2] ?? null,
      listingTitle: textOf(a.querySelector(S.inbox.adTitle)) || null,
      messageCount: count ? Number(count[1]) : null,
    });
  }
  return { rows, nextPath: nextPath(doc, S.inbox.next, ctx) };
}

export function parseThread(doc: Doc, threadId: string, ctx: ParseContext): ThreadDetail {
  const ids = S.threadId.exec(threadId);
  let leadName: string | null = null;
  const messages: ThreadMessage[] = [];
  for (const li of Array.from(doc.querySelectorAll(S.thread.item))) {
    const outbound = li.classList.contains(S.thread.outboundClass);
    const text = (li.querySelector(S.thread.body)?.textContent ?? "").trim();
    if (!text) continue;
    const sender = textOf(li.querySelector(S.thread.from)) || null;
    if (!outbound && sender && !leadName) leadName = sender;
    const dateText = textOf(li.querySelector(S.thread.date)) || null;
    messages.push({
      externalMessageId: (li.getAttribute("id") ?? "").replace(/^msg_/, ""),
      nativeId: true,
      direction: outbound ? "outbound" : "inbound",
      sender: outbound ? null : sender,
      text,
      sentAt: parseSiteDate(dateText, dateOpts(ctx))?.iso ?? null,
      sentAtText: dateText,
    });
  }
  return {
    externalThreadId: threadId,
    leadName,
    leadRef: ids?.[1] ?? null,
    listingRef: ids?.[2] ?? null,
    listingTitle: null,
    messages,
  };
}

export function parseListings(doc: Doc, ctx: ParseContext): ListingsPage {
  const listings: Listing[] = [];
  for (const li of Array.from(doc.querySelectorAll(S.listings.card))) {
    const id = (li.getAttribute("id") ?? "").replace(/^advert-/, "");
    if (!id) continue;
    const header = textOf(li.querySelector("h3")).toLowerCase();
    const active =
      li.classList.contains("listing-result--live") ||
      (!li.classList.contains("listing-result--not_live") &&
        header.includes("live") &&
        !header.includes("deactivated"));
    const href = li.querySelector("a[href]")?.getAttribute("href") ?? null;
    listings.push({
      externalId: id,
      title: textOf(li.querySelector(S.listings.title)) || null,
      price: textOf(li.querySelector(S.listings.price)) || null,
      location: textOf(li.querySelector(S.listings.location)) || null,
      availableFrom: textOf(li.querySelector(S.listings.available)).replace(/^available\s*/i, "") || null,
      active,
      href: href ? new URL(href, ctx.origin).toString() : null,
    });
  }
  return { listings, nextPath: nextPath(doc, S.listings.next, ctx) };
}
