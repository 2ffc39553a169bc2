// Links, email addresses, phone numbers and "let's move to WhatsApp" in a lead's message. A reply
// never repeats them. A link or a messenger hand-off is how phishing, off-platform scams and payment
// fraud start, so a person reads it — even when the rest is a harmless question. A lead's own phone
// number or e-mail address is not a risk by itself: the question is answered on the site and the
// person sees the details (findLeadContacts); only with money or documents to move along with it
// (CONTACT_WITH_MONEY_OR_DOCUMENTS) does it wait for a person.
// A link is fine only when it points at a known place, and which places are known is the caller's
// business (the listing site's own domains, the listing's viewing link): `knownPlaces` is data.
import {
  BARE_DOMAIN_PATTERN,
  CONTACT_WITH_MONEY_OR_DOCUMENTS,
  OFF_PLATFORM_PATTERN,
  SPELLED_EMAIL_PATTERN,
  SPELLED_EMAIL_PATTERN_SHORT,
} from "./rules/links.ts";
import {
  EMAIL_PATTERN,
  LOCAL_PHONE_PATTERN,
  PHONE_CANDIDATE_PATTERN,
  PHONE_MAX_DIGITS,
  PHONE_MIN_DIGITS,
  URL_PATTERN,
} from "./rules/personal-data.ts";
import type { GuardrailHit } from "./types.ts";

function global(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
}

function stripWww(host: string): string {
  return host.replace(/^www\./, "");
}

// Sentence punctuation and quotes that end a link in running text are not part of it.
function trimLink(candidate: string): string {
  return candidate.replace(/[),.;:!?'"\]]+$/, "");
}

/** Parses "https://x.com/a", "www.x.com/a" or "x.com/a" into a URL; null when it is not one. */
export function parseLink(candidate: string): URL | null {
  const trimmed = trimLink(candidate);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    return url.hostname.includes(".") || url.hostname === "localhost" ? url : null;
  } catch {
    return null;
  }
}

function hostMatches(host: string, domain: string): boolean {
  const h = stripWww(host.toLowerCase());
  const d = stripWww(domain.toLowerCase());
  return h === d || h.endsWith(`.${d}`);
}

/**
 * Whether a link points at a known place. A place is either a bare domain ("spareroom.com": that
 * host and its subdomains) or a URL ("https://calendly.com/acme/viewing": that page and below it,
 * on that exact host — a booking site hosts everybody's pages, only ours is known).
 */
export function isKnownPlace(link: URL, knownPlaces: readonly string[]): boolean {
  for (const place of knownPlaces) {
    if (!place.includes("/")) {
      if (hostMatches(link.hostname, place)) return true;
      continue;
    }
    const base = parseLink(place);
    if (!base) continue;
    if (stripWww(link.hostname.toLowerCase()) !== stripWww(base.hostname.toLowerCase())) continue;
    const root = base.pathname.replace(/\/+$/, "");
    const path = link.pathname.replace(/\/+$/, "");
    if (root === "" || path === root || path.startsWith(`${root}/`)) return true;
  }
  return false;
}

// Links inside markup attributes (href, src, action…) are invisible once the markup is stripped.
const ATTRIBUTE_LINK = /\b(?:href|src|action|formaction|data|poster)\s*=\s*["']?([^"'\s>]+)/gi;

/** Every link-looking token in the text: with a scheme, starting with www., or a bare domain. */
export function findLinks(text: string): string[] {
  const withoutEmails = text.replace(global(EMAIL_PATTERN), " ");
  const found: string[] = [];
  let rest = withoutEmails.replace(global(URL_PATTERN), (m) => {
    found.push(m);
    return " ";
  });
  for (const m of rest.matchAll(ATTRIBUTE_LINK)) if (m[1]) found.push(m[1]);
  rest = rest.replace(ATTRIBUTE_LINK, " ");
  for (const m of rest.matchAll(global(BARE_DOMAIN_PATTERN))) found.push(m[0]);
  return found.map(trimLink);
}

function digitCount(text: string): number {
  return text.replace(/\D/g, "").length;
}

/** Phone numbers: 10–15 digits with phone separators, or a 7-digit local number (555-0134). */
export function findPhones(text: string): string[] {
  const noLinks = text.replace(global(URL_PATTERN), " ").replace(global(EMAIL_PATTERN), " ");
  const found: string[] = [];
  const rest = noLinks.replace(global(PHONE_CANDIDATE_PATTERN), (m) => {
    const digits = digitCount(m);
    if (digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS) {
      found.push(m);
      return " ";
    }
    return m;
  });
  for (const m of rest.matchAll(global(LOCAL_PHONE_PATTERN))) {
    // "$950-1200" is a price range, not a number to call.
    const before = rest.slice(Math.max(0, (m.index ?? 0) - 2), m.index ?? 0);
    if (!/[$£€]\s?$/.test(before)) found.push(m[0]);
  }
  return found;
}

function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

export type LeadContactKind = "email address" | "phone number";

/**
 * The kinds of contact details the lead left in their own words (an e-mail address on a known
 * domain, such as the site's relay address, does not count). Kinds only: callers never copy the
 * details themselves into decisions, audit rows or logs.
 */
export function findLeadContacts(
  message: Pick<LinkCheckInput, "fullText">,
  knownPlaces: readonly string[],
): LeadContactKind[] {
  const kinds: LeadContactKind[] = [];
  const emails = [
    ...(message.fullText.match(global(EMAIL_PATTERN)) ?? []),
    ...(message.fullText.match(global(SPELLED_EMAIL_PATTERN)) ?? []),
    ...(message.fullText.match(global(SPELLED_EMAIL_PATTERN_SHORT)) ?? []),
  ].filter((e) => !knownPlaces.some((p) => !p.includes("/") && hostMatches(emailDomain(e), p)));
  if (emails.length > 0) kinds.push("email address");
  if (findPhones(message.fullText).length > 0) kinds.push("phone number");
  return kinds;
}

export interface LinkCheckInput {
  // The lead's new words (normalized: no quoted history, no signature, markup stripped).
  fullText: string;
  // The raw message: links hidden in markup attributes or after a signature live only here.
  original: string;
}

// Quoted lines are our own earlier replies (whose links are known places anyway) or site boilerplate.
function unquoted(raw: string): string {
  return raw
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith(">"))
    .join("\n");
}

/**
 * Hits for links to unknown places, requests to move to a messenger, and the lead's email address
 * (unless on a known domain) or phone number when money or documents would move with it. Details name the host or kind only: audit rows never carry the
 * address or number itself.
 */
export function checkLinksAndContacts(
  message: LinkCheckInput,
  knownPlaces: readonly string[],
): GuardrailHit[] {
  const hits: GuardrailHit[] = [];
  const raw = unquoted(message.original.normalize("NFKC"));

  const unknownHosts = new Set<string>();
  for (const candidate of [...findLinks(message.fullText), ...findLinks(raw)]) {
    const link = parseLink(candidate);
    if (!link) continue;
    if (!/^https?:$/.test(link.protocol)) continue; // javascript:, data: … are markup_or_code's job
    if (!isKnownPlace(link, knownPlaces)) unknownHosts.add(link.hostname.toLowerCase());
  }
  for (const host of unknownHosts) hits.push({ code: "unknown_contact", detail: `link: "${host}"` });

  // The lead's own number or address: a hit only when money or documents would move with it.
  if (CONTACT_WITH_MONEY_OR_DOCUMENTS.test(message.fullText)) {
    for (const kind of findLeadContacts(message, knownPlaces))
      hits.push({ code: "unknown_contact", detail: `${kind} with money or documents` });
  }

  const messenger = OFF_PLATFORM_PATTERN.exec(message.fullText);
  if (messenger) {
    hits.push({ code: "unknown_contact", detail: `off_platform: "${messenger[0].toLowerCase()}"` });
  }
  return hits;
}
