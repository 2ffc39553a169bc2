/**
 * Whether a notification e-mail may wake an account: pure rules over the parsed message.
 *
 *   - exactly one From address, in a domain the account's site sends from (senders.ts);
 *   - the receiving server's own verdict says the From domain is genuine: DMARC pass, or DKIM or
 *     SPF pass for a domain aligned with it (same site domain), and no DMARC fail.
 *
 * Only the verdict written by our receiving server counts: Cloudflare Email Routing stamps its
 * results (`ARC-Authentication-Results: i=1; mx.cloudflare.net; …`) above everything the sender
 * wrote, so strictly the topmost results header is read, and it must carry that authserv-id; a
 * forger can add headers of their own only below it. Parsing follows RFC 8601 (auth-results.ts):
 * a quoted string cannot end a result or start another. The e-mail is a hint either way: a run reads the site itself.
 */
import { parseAuthResults } from "./auth-results.ts";

/** The authserv-id Email Routing writes into the results it adds to every message. */
export const TRUSTED_AUTHSERV_ID = "mx.cloudflare.net";

export interface ParsedNotification {
  /** Every header, top first (keys lower-case), as the MIME parser returns them. */
  headers: readonly { key: string; value: string }[];
  /** The From header's addresses (mailboxes), as parsed. */
  fromAddresses: readonly string[];
}

export type SenderVerdict =
  | { ok: true; fromDomain: string }
  | { ok: false; verdict: "malformed" | "unknown_sender" | "unauthenticated"; fromDomain: string | null };

const domainOf = (address: string): string => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/** `d` is `base` or a subdomain of it. */
const within = (d: string, base: string): boolean => d === base || d.endsWith(`.${base}`);

export function judgeSender(
  mail: ParsedNotification,
  allowedDomains: readonly string[],
  trustedAuthservId: string = TRUSTED_AUTHSERV_ID,
): SenderVerdict {
  // Two From headers, or several addresses in one, is how a display spoof hides: refuse both.
  const fromHeaders = mail.headers.filter((h) => h.key === "from").length;
  if (fromHeaders !== 1 || mail.fromAddresses.length !== 1 || !mail.fromAddresses[0]!.includes("@"))
    return { ok: false, verdict: "malformed", fromDomain: null };
  const fromDomain = domainOf(mail.fromAddresses[0]!);
  const base = allowedDomains.find((d) => within(fromDomain, d));
  if (!base) return { ok: false, verdict: "unknown_sender", fromDomain };

  // Strictly the topmost results header: the receiving host adds its own above everything else,
  // so one further down — however trusted its authserv-id looks — may be the sender's.
  const top = mail.headers.find(
    (h) => h.key === "arc-authentication-results" || h.key === "authentication-results",
  );
  const stamp = top ? parseAuthResults(top.value) : null;
  if (!stamp || stamp.authservId !== trustedAuthservId)
    return { ok: false, verdict: "unauthenticated", fromDomain };

  const aligned = (d: string | undefined) => d !== undefined && within(domainOf(d), base);
  const dmarcFailed = stamp.results.some((r) => r.method === "dmarc" && r.result === "fail");
  const passed = stamp.results.some(
    (r) =>
      r.result === "pass" &&
      ((r.method === "dmarc" && aligned(r.props["header.from"] ?? fromDomain)) ||
        (r.method === "dkim" && aligned(r.props["header.d"] ?? r.props["header.i"])) ||
        (r.method === "spf" && aligned(r.props["smtp.mailfrom"]))),
  );
  return passed && !dmarcFailed
    ? { ok: true, fromDomain }
    : { ok: false, verdict: "unauthenticated", fromDomain };
}
