/** Pure parsers for Roomies pages (inbox, client-rendered thread, dashboard listings). */
import type { Direction, ThreadDetail, ThreadMessage } from "../core/contract.ts";
import { parseSiteDate } from "../core/dates.ts";
import { allOfFirst, type Doc, normalizeForMatch, textOf } from "../core/html.ts";
import type { InboxPage, InboxRow, ListingsPage, ParseContext } from "../core/site-spec.ts";
import {
  assertNoTransportError,
  derivedMessageIds,
  firstAttr,
  firstIn,
  idFromHref,
  isOutboundEl,
  nextPath,
  parseListingCards,
  pickText,
  pickVisibleText,
} from "../generic/extract.ts";
import { ROOMIES as S } from "./selectors.ts";

const dateOpts = (ctx: ParseContext) => ({ timeZone: S.timeZone, now: ctx.now });
const OUTBOUND_CLASSES = ["thread_out", "outbound", "from-me", "message_out"];

function rowThreadId(row: Element): string | null {
  const attr = firstAttr(row, ["data-thread-id", "data-thread", "data-conversation-id"]);
  if (attr) return attr;
  const href =
    row.getAttribute("href") ??
    row.querySelector("a[href*='/inbox/'], a[href*='/messages/']")?.getAttribute("href");
  return idFromHref(href, S.inbox.threadHref);
}

export function parseInbox(doc: Doc, ctx: ParseContext): InboxPage {
  const rows: InboxRow[] = [];
  const seen = new Set<string>();
  for (const row of allOfFirst(doc, S.inbox.rows)?.els ?? []) {
    const threadId = rowThreadId(row);
    // [V] 08c777e: only 5+ digit ids are threads (nav links and chips are not).
    if (!threadId || !S.inbox.threadId.test(threadId) || seen.has(threadId)) continue;
    const whole = textOf(row);
    let leadName = pickVisibleText(row, S.inbox.name);
    let dateText = pickText(row, S.inbox.date);
    if (!dateText) dateText = S.inbox.trailingAgo.exec(whole)?.[1] ?? null;
    let preview = pickVisibleText(row, S.inbox.preview);
    if (preview === null) {
      // No preview element: the row's text is "<Initial> <Name> [You: ]<preview> <N>h ago".
      preview = whole.replace(S.inbox.trailingAgo, "");
      if (leadName) {
        const at = preview.indexOf(leadName);
        if (at >= 0 && at <= 2) preview = preview.slice(at + leadName.length);
      } else {
        // [V] 6e0bc82: "[X ]Name You: text" names the lead and marks the row ours.
        const named = S.inbox.namedOutbound.exec(preview.trim());
        if (named) {
          leadName = named[1]!.trim();
          preview = `You: ${named[2]}`;
        }
      }
      preview = preview.trim();
    } else if (dateText && preview.endsWith(dateText)) {
      preview = preview.slice(0, -dateText.length).trim();
    }
    if (!preview || (S.inbox.chips as readonly string[]).includes(preview.toLowerCase())) continue;
    let outbound = isOutboundEl(row, OUTBOUND_CLASSES);
    if (S.inbox.outboundPrefix.test(preview)) {
      outbound = true;
      preview = preview.replace(S.inbox.outboundPrefix, "");
    }
    const relative = dateText !== null && S.inbox.trailingAgo.test(` ${dateText}`);
    seen.add(threadId);
    rows.push({
      externalThreadId: threadId,
      leadName,
      latestDirection: outbound ? "outbound" : "inbound",
      preview,
      // "8h ago" changes by itself every hour; as fingerprint input it would reopen every thread
      // again and again, so a relative time is kept only as the parsed instant.
      lastActivityText: relative ? null : dateText,
      lastActivityAt: parseSiteDate(dateText, dateOpts(ctx))?.iso ?? null,
      listingRef: null, // [V] the row links only to /inbox/<id>; the listing is on the thread page
      listingTitle: null,
      messageCount: null,
    });
  }
  return { rows, nextPath: nextPath(doc, S.inbox.next, ctx) };
}

/** The message object Alpine holds for an item. */
interface RoomiesMessage {
  id?: number | string | null;
  message_id?: number | string | null;
  uuid?: string | null;
  content?: string | null;
  system?: boolean | null;
  created_at?: string | null;
  delivered_at?: string | null;
  read_at?: string | null;
}
interface BootItem {
  message: RoomiesMessage;
  isSender: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function asMessage(v: unknown): RoomiesMessage | null {
  return isRecord(v) ? (v as RoomiesMessage) : null;
}

/** `messageItem({...}, true)` → the inline message (when the site inlines it) and isSender. */
function parseXData(raw: string | null): { message: RoomiesMessage | null; isSender: boolean | null } {
  const m = raw ? S.thread.xData.exec(raw) : null;
  if (!m) return { message: null, isSender: null };
  let message: RoomiesMessage | null = null;
  if (m[1]!.startsWith("{")) {
    try {
      message = asMessage(JSON.parse(m[1]!));
    } catch {
      message = null; // a JS expression, not JSON: the DOM still has the text
    }
  }
  return { message, isSender: m[2] === "true" };
}

/** The page's boot data: the message objects the client renders the items from. */
function bootItems(doc: Doc): BootItem[] {
  const raw = doc.querySelector(S.thread.data)?.textContent;
  if (!raw) return [];
  try {
    const data: unknown = JSON.parse(raw);
    const list = isRecord(data) && Array.isArray(data.messages) ? data.messages : [];
    return list.flatMap((x: unknown) => {
      const message = isRecord(x) ? asMessage(x.message) : null;
      return message && isRecord(x) ? [{ message, isSender: x.isSender === true }] : [];
    });
  } catch {
    return [];
  }
}

function nativeIdOf(m: RoomiesMessage): string | null {
  const v = m.id ?? m.message_id ?? m.uuid;
  return v === null || v === undefined || String(v).trim() === "" ? null : String(v);
}

function bubbleIsOurs(item: Element): boolean {
  const bubble = item.querySelector(S.thread.bubble) ?? item;
  return S.thread.ourBubbleClasses.some((c) => bubble.classList.contains(c));
}

export function parseThread(doc: Doc, threadId: string, ctx: ParseContext): ThreadDetail {
  assertNoTransportError(doc, S.composer.transportErrorTexts, S.composer.error);
  const boot = bootItems(doc);
  const used = new Set<number>();
  const derive = derivedMessageIds("roomies", threadId);
  const messages: ThreadMessage[] = [];
  const ids = new Set<string>();
  for (const item of allOfFirst(doc, S.thread.item)?.els ?? []) {
    const x = parseXData(item.getAttribute("x-data"));
    const domText = (firstIn(item, S.thread.body)?.textContent ?? "").trim();
    const domOurs = x.isSender ?? bubbleIsOurs(item);
    let data = x.message;
    let isSender = x.isSender ?? domOurs;
    if (!data && domText) {
      // Pair the rendered item with its boot-data object: same body, same side, in order.
      const key = normalizeForMatch(domText);
      const i = boot.findIndex(
        (b, n) =>
          !used.has(n) && b.isSender === domOurs && normalizeForMatch(b.message.content ?? "") === key,
      );
      if (i >= 0) {
        used.add(i);
        data = boot[i]!.message;
        isSender = boot[i]!.isSender;
      }
    }
    if (data?.system === true) continue;
    const text = (data?.content ?? domText).trim();
    if (!text) continue;
    const direction: Direction = isSender ? "outbound" : "inbound";
    const native = data ? nativeIdOf(data) : null;
    const id = native ?? derive(direction, text);
    if (ids.has(id)) continue;
    ids.add(id);
    // [V] delivered_at, else read_at, else created_at. Without data only a datetime attribute
    // counts: the rendered time is toLocaleTimeString() in the browser's zone, with no date.
    const stamp =
      data?.delivered_at ??
      data?.read_at ??
      data?.created_at ??
      item.querySelector("time[datetime]")?.getAttribute("datetime") ??
      null;
    messages.push({
      externalMessageId: id,
      nativeId: native !== null,
      direction,
      sender: null,
      text,
      sentAt: stamp ? (parseSiteDate(stamp, dateOpts(ctx))?.iso ?? null) : null,
      sentAtText: stamp ?? pickVisibleText(item, S.thread.time),
    });
  }
  const listing = Array.from(doc.querySelectorAll(S.thread.listingLink)).find((a) => {
    const t = textOf(a).toLowerCase();
    return t !== "" && t !== "more" && idFromHref(a.getAttribute("href"), S.thread.listingHref) !== null;
  });
  const leadName = findLeadName(doc);
  for (const m of messages) if (m.direction === "inbound") m.sender = leadName;
  return {
    externalThreadId: threadId,
    leadName,
    leadRef: null,
    listingRef: listing ? idFromHref(listing.getAttribute("href"), S.thread.listingHref) : null,
    listingTitle: listing ? textOf(listing) : null,
    messages,
  };
}

function findLeadName(doc: Doc): string | null {
  for (const sel of S.thread.leadName) {
    for (const el of Array.from(doc.querySelectorAll(sel))) {
      if (el.closest("header, li, form, a")) continue;
      const t = textOf(el);
      const lower = t.toLowerCase();
      if (!t || t.length > 64) continue;
      if ((S.thread.notNames as readonly string[]).includes(lower)) continue;
      if (lower.includes("looking for accommodation")) continue;
      return t;
    }
  }
  return null;
}

export function parseListings(doc: Doc, ctx: ParseContext): ListingsPage {
  return parseListingCards(doc, ctx, S.listings);
}
