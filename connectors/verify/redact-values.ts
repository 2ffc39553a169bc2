/**
 * Redaction of the values a verify run parsed, for its report: a report goes into tickets, docs
 * and the panel, so it never holds a lead's name or words. Names become initials, message text
 * its length and a digest (the same text gives the same digest, so two reports can be compared),
 * ids are kept (they are what an operator checks against the site).
 */

import type { ThreadDetail } from "../core/contract.ts";
import { digest } from "../core/html.ts";
import type { InboxRow, ListingsPage } from "../core/site-spec.ts";

export interface RedactedText {
  length: number;
  digest: string;
}

export function initials(name: string | null | undefined): string | null {
  if (!name) return null;
  const parts = name
    .replace(/[^\p{L}\s'-]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  return parts.length ? parts.map((p) => `${p[0]!.toUpperCase()}.`).join("") : "?";
}

export function redactText(text: string | null | undefined): RedactedText | null {
  if (text === null || text === undefined) return null;
  return { length: text.length, digest: digest(text) };
}

export function redactInboxRows(rows: readonly InboxRow[]) {
  return rows.map((r) => ({
    threadId: r.externalThreadId,
    lead: initials(r.leadName),
    direction: r.latestDirection,
    preview: redactText(r.preview),
    lastActivityText: r.lastActivityText,
    lastActivityAt: r.lastActivityAt,
    listingRef: r.listingRef,
    messageCount: r.messageCount,
  }));
}

export function redactThread(t: ThreadDetail) {
  return {
    threadId: t.externalThreadId,
    lead: initials(t.leadName),
    leadRef: t.leadRef,
    listingRef: t.listingRef,
    messages: t.messages.map((m) => ({
      id: m.externalMessageId,
      nativeId: m.nativeId,
      direction: m.direction,
      sender: initials(m.sender),
      text: redactText(m.text),
      sentAt: m.sentAt,
      sentAtText: m.sentAtText,
    })),
  };
}

/** Listings are the operator's own public adverts: titles and prices are kept. */
export function redactListings(page: ListingsPage) {
  return page.listings.map((l) => ({
    id: l.externalId,
    title: l.title,
    price: l.price,
    active: l.active,
    availableFrom: l.availableFrom,
  }));
}
