/**
 * The generic inbox and thread readers, as pure functions of a page and
 * a site's selector lists — what Leasebreak, RentHop and Furnished Finder are built on. The
 * original's unstable fallbacks are not kept: a row without a thread id is dropped (no
 * `thread-<index>`), and a message without a native id gets a content-derived id.
 */
import type { Direction, ThreadDetail, ThreadMessage } from "../core/contract.ts";
import { parseSiteDate } from "../core/dates.ts";
import { allOfFirst, type Doc, textOf } from "../core/html.ts";
import type { InboxPage, InboxRow, ParseContext } from "../core/site-spec.ts";
import {
  derivedMessageIds,
  firstAttr,
  idFromHref,
  isOutboundEl,
  nextPath,
  pickText,
  pickVisibleText,
} from "./extract.ts";

export interface GenericInboxSelectors {
  rows: readonly string[];
  threadIdAttrs: readonly string[];
  /** Link inside a row (when the row is no link itself) and the id patterns of its path. */
  threadLink: string;
  threadHref: readonly RegExp[];
  preview: readonly string[];
  date: readonly string[];
  name: readonly string[];
  label: readonly string[];
  listingIdAttrs: readonly string[];
  listingLink: string;
  listingHref: readonly RegExp[];
  outboundClasses: readonly string[];
  next: readonly string[];
}

export interface GenericThreadSelectors {
  item: readonly string[];
  body: readonly string[];
  time: readonly string[];
  idAttrs: readonly string[];
  outboundClasses: readonly string[];
  leadName: readonly string[];
  listingLink: string;
  listingHref: readonly RegExp[];
}

export interface SiteDates {
  timeZone: string;
}

const ID_PREFIX = /^(?:msg|message)[-_]/;

export function parseGenericInbox(
  doc: Doc,
  ctx: ParseContext,
  S: GenericInboxSelectors,
  site: SiteDates,
): InboxPage {
  const rows: InboxRow[] = [];
  const seen = new Set<string>();
  for (const row of allOfFirst(doc, S.rows)?.els ?? []) {
    const link = row.matches("a[href]") ? row : row.querySelector(S.threadLink);
    const threadId = firstAttr(row, S.threadIdAttrs) ?? idFromHref(link?.getAttribute("href"), S.threadHref);
    if (!threadId || seen.has(threadId)) continue; // never an index-based id
    seen.add(threadId);
    const nameText = row.getAttribute("data-lead-name")?.trim() || pickVisibleText(row, S.name) || "";
    const count = /\((\d+)\)\s*$/.exec(nameText);
    const dateText = pickText(row, S.date);
    const listingHref = row.querySelector(S.listingLink)?.getAttribute("href");
    rows.push({
      externalThreadId: threadId,
      leadName: nameText.replace(/\s*\(\d+\)\s*$/, "") || null,
      latestDirection: isOutboundEl(row, S.outboundClasses) ? "outbound" : "inbound",
      // Script tails have leaked into previews before.
      preview: (pickVisibleText(row, S.preview) ?? textOf(row)).split("jQuery(")[0]!.trim(),
      lastActivityText: dateText,
      lastActivityAt: parseSiteDate(dateText, { timeZone: site.timeZone, now: ctx.now })?.iso ?? null,
      listingRef: firstAttr(row, S.listingIdAttrs) ?? idFromHref(listingHref, S.listingHref),
      listingTitle: pickVisibleText(row, S.label),
      messageCount: count ? Number(count[1]) : null,
    });
  }
  return { rows, nextPath: nextPath(doc, S.next, ctx) };
}

/**
 * `extra` lets a site add what only it shows (Furnished Finder's delivery marks) or drop an
 * item (return null).
 */
export function parseGenericThread(
  doc: Doc,
  threadId: string,
  ctx: ParseContext,
  S: GenericThreadSelectors,
  site: SiteDates & { platform: string },
  extra?: (item: Element, m: ThreadMessage) => ThreadMessage | null,
): ThreadDetail {
  const leadName = pickLeadName(doc, S.leadName);
  const derive = derivedMessageIds(site.platform, threadId);
  const messages: ThreadMessage[] = [];
  const ids = new Set<string>();
  for (const item of allOfFirst(doc, S.item)?.els ?? []) {
    const bodyEl = S.body.map((sel) => item.querySelector(sel)).find((el) => el && textOf(el));
    const text = (bodyEl?.textContent ?? "").trim();
    if (!text || text.length > 8000) continue; // longer is page furniture, not a message
    const direction: Direction = isOutboundEl(item, S.outboundClasses) ? "outbound" : "inbound";
    const rawId = firstAttr(item, S.idAttrs)?.replace(ID_PREFIX, "") ?? null;
    const id = rawId ?? derive(direction, text);
    if (ids.has(id)) continue;
    ids.add(id);
    const dateText = pickText(item, S.time);
    const m: ThreadMessage = {
      externalMessageId: id,
      nativeId: rawId !== null,
      direction,
      sender: direction === "inbound" ? leadName : null,
      text,
      sentAt: parseSiteDate(dateText, { timeZone: site.timeZone, now: ctx.now })?.iso ?? null,
      sentAtText: dateText,
    };
    const out = extra ? extra(item, m) : m;
    if (out) messages.push(out);
  }
  const listing = doc.querySelector(S.listingLink);
  return {
    externalThreadId: threadId,
    leadName,
    leadRef: null,
    listingRef: idFromHref(listing?.getAttribute("href"), S.listingHref),
    listingTitle: listing ? textOf(listing) || null : null,
    messages,
  };
}

function pickLeadName(doc: Doc, selectors: readonly string[]): string | null {
  for (const sel of selectors) {
    for (const el of Array.from(doc.querySelectorAll(sel))) {
      if (el.closest("header, form")) continue;
      const t = textOf(el);
      if (t && t.length <= 64) return t;
    }
  }
  return null;
}
