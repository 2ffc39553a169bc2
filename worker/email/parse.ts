/**
 * Parsing a notification e-mail with postal-mime: only what judging the sender needs (headers
 * and the From mailboxes). Nothing of the body is kept or logged: the e-mail is a hint, and the
 * run reads the message on the site.
 */
import PostalMime, { addressParser } from "postal-mime";
import type { ParsedNotification } from "./notification.ts";

/** Site notifications are a few kilobytes; anything this large is not one. */
export const MAX_NOTIFICATION_BYTES = 512 * 1024;

export type ParseResult = { ok: true; mail: ParsedNotification } | { ok: false; reason: string };

export async function parseNotification(raw: ArrayBuffer | string): Promise<ParseResult> {
  const size = typeof raw === "string" ? raw.length : raw.byteLength;
  if (size === 0) return { ok: false, reason: "empty" };
  if (size > MAX_NOTIFICATION_BYTES) return { ok: false, reason: "too_large" };
  try {
    const email = await PostalMime.parse(raw, { maxNestingDepth: 20, maxHeadersSize: 64 * 1024 });
    if (email.headers.length === 0) return { ok: false, reason: "no_headers" };
    // Every mailbox in every From header: the parser's own `from` keeps only the first, and a
    // second address is exactly what a spoof would hide there.
    const fromAddresses = email.headers
      .filter((h) => h.key === "from")
      .flatMap((h) => addressParser(h.value, { flatten: true }))
      .map((m) => m.address ?? "");
    return {
      ok: true,
      mail: {
        headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
        fromAddresses: fromAddresses.filter((a) => a.length > 0),
      },
    };
  } catch (err) {
    return { ok: false, reason: String(err).slice(0, 120) };
  }
}
