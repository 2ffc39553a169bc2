/**
 * Small pure helpers the Roomies, Leasebreak, RentHop and Furnished Finder parsers share: the
 * text-extraction rule, ids from hrefs, direction markers and pagination.
 * Nothing here knows a site; each site's selectors stay in its own selectors.ts.
 */
import type { Listing } from "../core/contract.ts";
import { allOfFirst, type Doc, digest, firstMatch, normalizeForMatch, textOf } from "../core/html.ts";
import type { ListingsPage, ParseContext } from "../core/site-spec.ts";

/** Anything with querySelector: a document or an element (workerd's HTMLRewriter types shadow DOM's). */
export type Root = Pick<ParentNode, "querySelector" | "querySelectorAll">;

/** The first element matching any selector in order, inside an element or a document. */
export function firstIn(root: Root, selectors: readonly string[]): Element | null {
  for (const sel of selectors) {
    const el = root.querySelector(sel);
    if (el) return el;
  }
  return null;
}

/**
 * Text rule: the first selector with a descendant that has usable text wins; a
 * `datetime` attribute beats the visible text (it is exact and zone-free).
 */
export function pickText(root: Root, selectors: readonly string[]): string | null {
  for (const sel of selectors) {
    const el = root.querySelector(sel);
    if (!el) continue;
    const dt = el.getAttribute("datetime");
    if (dt?.trim()) return dt.trim();
    const text = textOf(el);
    if (text) return text;
  }
  return null;
}

/** Visible text of the first selector with usable text (ignores `datetime`). */
export function pickVisibleText(root: Root, selectors: readonly string[]): string | null {
  for (const sel of selectors) {
    const text = textOf(root.querySelector(sel));
    if (text) return text;
  }
  return null;
}

/** Path + query of an href on the site (null for other origins or junk). */
export function sitePath(href: string | null | undefined, ctx: ParseContext): string | null {
  if (!href) return null;
  try {
    const u = new URL(href, ctx.origin);
    if (u.origin !== new URL(ctx.origin).origin) return null;
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

export function nextPath(doc: Doc, selectors: readonly string[], ctx: ParseContext): string | null {
  return sitePath(firstMatch(doc, selectors)?.el.getAttribute("href"), ctx);
}

/** The first capture of the first pattern that matches the href's path. */
export function idFromHref(href: string | null | undefined, patterns: readonly RegExp[]): string | null {
  if (!href) return null;
  let path = href;
  try {
    path = new URL(href, "http://x.invalid").pathname;
  } catch {
    // keep the raw href
  }
  for (const re of patterns) {
    const m = re.exec(path);
    if (m?.[1]) return decodeURIComponent(m[1]);
  }
  return null;
}

export function firstAttr(el: Element, names: readonly string[]): string | null {
  for (const n of names) {
    const v = el.getAttribute(n)?.trim();
    if (v) return v;
  }
  return null;
}

/**
 * Is this row/item ours? Explicit markers only: `data-direction`, `data-author` and whole class
 * tokens. The original's substring checks on "sent" and "right" are left out:
 * they misfire on classes like "unsent" or "text-right".
 */
export function isOutboundEl(el: Element, outboundClasses: readonly string[]): boolean {
  const dir = el.getAttribute("data-direction")?.toLowerCase();
  if (dir) return dir === "outbound";
  const author = el.getAttribute("data-author")?.toLowerCase();
  if (author === "me" || author === "self") return true;
  return outboundClasses.some((c) => el.classList.contains(c));
}

/**
 * A stable id for a message the site shows without one: a digest of what it is (thread,
 * direction, body) plus its occurrence number among identical messages. Never an index in the
 * thread and never relative-time text.
 */
export function derivedMessageIds(platform: string, threadId: string) {
  const seen = new Map<string, number>();
  return (direction: string, text: string): string => {
    const key = `${threadId}|${direction}|${normalizeForMatch(text)}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${platform}-${digest(key)}${n > 1 ? `-${n}` : ""}`;
  };
}

export interface ListingSelectors {
  card: readonly string[];
  link: readonly string[];
  idHref: readonly RegExp[];
  idAttrs: readonly string[];
  title: readonly string[];
  location: readonly string[];
  price: readonly string[];
  status: readonly string[];
  /** Elements whose text starts with "Available" (the first one wins). */
  available: readonly string[];
  next: readonly string[];
}

/** Status (or card) text that means the listing is not live. */
export const INACTIVE_WORDS = [
  "inactive",
  "deactivated",
  "paused",
  "archiv",
  "off market",
  "draft",
  "rented",
  "expired",
  "closed",
];

/** "Manage listings" cards: id from the link (else an attribute), status words. */
export function parseListingCards(doc: Doc, ctx: ParseContext, S: ListingSelectors): ListingsPage {
  const listings: Listing[] = [];
  const seen = new Set<string>();
  for (const card of allOfFirst(doc, S.card)?.els ?? []) {
    const link = firstIn(card, S.link);
    const href = link?.getAttribute("href") ?? null;
    const id = idFromHref(href, S.idHref) ?? firstAttr(card, S.idAttrs);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const status = (pickVisibleText(card, S.status) ?? textOf(card)).toLowerCase();
    const available = availableText(card, S.available);
    const path = sitePath(href, ctx);
    listings.push({
      externalId: id,
      title: pickVisibleText(card, S.title),
      price: pickVisibleText(card, S.price),
      location: pickVisibleText(card, S.location),
      availableFrom: available,
      active: !INACTIVE_WORDS.some((w) => status.includes(w)),
      href: path ? new URL(path, ctx.origin).toString() : null,
    });
  }
  return { listings, nextPath: nextPath(doc, S.next, ctx) };
}

function availableText(card: Element, selectors: readonly string[]): string | null {
  for (const sel of selectors) {
    for (const el of Array.from(card.querySelectorAll(sel))) {
      const m = /^available\s*(?:from\s*)?(.+)$/i.exec(textOf(el));
      if (m?.[1]) return m[1].trim();
    }
  }
  return null;
}

/**
 * The page's own script reports a request that failed in transit or with a server error in the
 * same box as a refusal. Such a message may be stored, so reading the page as "rejected" could
 * invite a resend: the thread is treated as unreadable (the engine then answers `unknown`).
 */
export function assertNoTransportError(doc: Doc, texts: readonly string[], selectors: readonly string[]) {
  const shown = textOf(firstMatch(doc, selectors)?.el).toLowerCase();
  const hit = shown ? texts.find((t) => shown.includes(t)) : undefined;
  if (hit)
    throw new Error(`the page reports a failed send request ("${shown.slice(0, 80)}"): outcome unknown`);
}

/**
 * How long an in-place (fetch) send may take to show in the thread before the outcome is
 * `unknown` and left to read-back. The window only has to cover the page's own request: the
 * sandbox answers in milliseconds; a slow real site costs a read-back, never a resend.
 */
export const IN_PLACE_CONFIRM_MS = 2000;
