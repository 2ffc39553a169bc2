/**
 * Parsed nonsense is drift. A selector can still match after a site changed and pick up the
 * wrong thing: the date where the message was, a button's label on every inbox row, blank or
 * duplicated ids. These checks look at what a connector parsed (never at selectors) and say,
 * by name, what makes no sense — the same checks run in `verify:site` (connectors/verify/check.ts)
 * and in every production read (site-crawl.ts, site-thread.ts), where a finding is selector
 * drift with evidence: the account drops to draft_only and nothing is sent on that run.
 *
 * Each finding's detail is redacted: ids are kept (an operator checks them on the site), any
 * page text becomes its length and a digest. The thresholds are ours, not the sites' (guesses,
 * docs/runbooks/go-live.md): a check is only as strict as a real page can never be.
 */
import type { InboxThread, Listing, ThreadDetail } from "./contract.ts";
import type { Step } from "./failures.ts";
import { type Doc, digest, textOf } from "./html.ts";

export const PLAUSIBILITY_CHECKS = [
  "thread_id_missing",
  "thread_id_duplicate",
  "thread_id_shape",
  "same_text_every_row",
  "preview_is_date",
  "timestamp_unparsed",
  "timestamp_future",
  "timestamp_too_old",
  "no_messages",
  "message_empty",
  "message_id_duplicate",
  "message_is_date",
  "message_is_page_chrome",
  "listing_id_missing",
  "listing_id_duplicate",
  "listing_title_missing",
] as const;
export type PlausibilityCheck = (typeof PLAUSIBILITY_CHECKS)[number];

export interface Finding {
  check: PlausibilityCheck;
  step: Extract<Step, "inbox" | "thread" | "listings">;
  /** What it failed on, redacted (ids, counts, lengths and digests; never page text). */
  detail: string;
}

export interface PlausibilityContext {
  now: Date;
  /** The shape the site's thread ids have; absent: any id without spaces holding a digit. */
  threadIdShape?: RegExp;
  /** Texts of the page's own furniture (title, buttons, headings): chrome.ts's `chromeTexts`. */
  chrome?: readonly string[];
}

/** A stamp this far ahead of now is no clock skew or time-zone slip (both stay within hours). */
const FUTURE_SLACK_MS = 26 * 3_600_000;
/** Before any of the five sites had an inbox: an epoch zero or a garbled year. */
const OLDEST = Date.parse("2000-01-01T00:00:00Z");
/** Any id: no spaces, at most 80 characters, at least one digit (no word of the page). */
const GENERIC_ID = /^(?=[^\s]*\d)[^\s]{1,80}$/;

const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
const safeId = (id: string) => (/^[\w.:-]{1,40}$/.test(id) ? `"${id}"` : `an id of ${id.length} characters`);
export const redactedText = (s: string) => `text of ${s.length} characters (digest ${digest(s)})`;

/**
 * Text that is only a date or time, the way the sites render stamps ("Today 3:30 PM",
 * "01/20/2026 9:05 AM", "Jan 20, 2026", "8h ago", ISO): what a body selector that slid onto the
 * stamp reads. A message that merely mentions a day ("Today works for me") is not one.
 */
const TIME = String.raw`\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?`;
const DATE_ONLY = [
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i,
  new RegExp(String.raw`^(?:today|yesterday)(?:,?\s+(?:at\s+)?${TIME})?(?:\s+[A-Z]{3})?$`, "i"),
  new RegExp(String.raw`^\d{1,2}/\d{1,2}/\d{2,4}(?:,?\s+(?:at\s+)?${TIME})?(?:\s+[A-Z]{3})?$`, "i"),
  new RegExp(
    String.raw`^(?:[a-z]{3,9},?\s+)?[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4})?(?:,?\s+(?:at\s+)?${TIME})?(?:\s+[A-Z]{3})?$`,
    "i",
  ),
  new RegExp(String.raw`^${TIME}(?:\s+[A-Z]{3})?$`, "i"),
  /^(?:\d+\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\s+ago|just now)$/i,
];
export function isOnlyADate(text: string): boolean {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 0 && t.length <= 48 && DATE_ONLY.some((re) => re.test(t));
}

interface Stamped {
  what: string;
  text: string | null;
  iso: string | null;
}

/**
 * Stamps of one page. One that does not parse is not nonsense by itself (Roomies shows a bare
 * locale time on a message its script appended, which says no day); a page where no shown stamp
 * parses is: the format changed, or the selector reads something else.
 */
function stamps(step: Finding["step"], items: readonly Stamped[], now: Date): Finding[] {
  const shown = items.filter((i) => i.text?.trim());
  const out: Finding[] = [];
  if (shown.length > 0 && shown.every((i) => !i.iso))
    out.push({
      check: "timestamp_unparsed",
      step,
      detail: `none of ${shown.length} dates parses (the first: ${shown[0]!.what}, ${redactedText(shown[0]!.text!)})`,
    });
  for (const i of items) {
    const f = stamp(step, i.what, i.iso, now);
    if (f) out.push(f);
  }
  return out;
}

function stamp(step: Finding["step"], what: string, iso: string | null, now: Date): Finding | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    return { check: "timestamp_unparsed", step, detail: `${what}: "${iso}" is no instant` };
  if (ms > now.getTime() + FUTURE_SLACK_MS)
    return {
      check: "timestamp_future",
      step,
      detail: `${what}: ${iso} is more than 26 h ahead of ${now.toISOString()}`,
    };
  if (ms < OLDEST) return { check: "timestamp_too_old", step, detail: `${what}: ${iso} is before 2000` };
  return null;
}

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

type Row = Pick<
  InboxThread,
  "externalThreadId" | "leadName" | "preview" | "lastActivityText" | "lastActivityAt"
>;

/** One inbox page's rows. */
export function inboxFindings(rows: readonly Row[], ctx: PlausibilityContext): Finding[] {
  const out: Finding[] = [];
  const shape = ctx.threadIdShape ?? GENERIC_ID;
  rows.forEach((r, i) => {
    const id = r.externalThreadId.trim();
    if (!id) out.push({ check: "thread_id_missing", step: "inbox", detail: `row ${i + 1} has no thread id` });
    else if (!shape.test(id))
      out.push({
        check: "thread_id_shape",
        step: "inbox",
        detail: `row ${i + 1}: ${safeId(id)} is not of the site's thread id shape ${shape.source}`,
      });
  });
  out.push(
    ...stamps(
      "inbox",
      rows.map((r, i) => ({ what: `row ${i + 1}`, text: r.lastActivityText, iso: r.lastActivityAt })),
      ctx.now,
    ),
  );
  for (const id of duplicates(rows.map((r) => r.externalThreadId.trim()).filter(Boolean)))
    out.push({
      check: "thread_id_duplicate",
      step: "inbox",
      detail: `two rows have the thread id ${safeId(id)}`,
    });
  // The same sender and preview on every row: the selector found the page's furniture, not data.
  const keys = new Set(rows.map((r) => `${norm(r.leadName ?? "")}|${norm(r.preview)}`));
  if (rows.length >= 3 && keys.size === 1)
    out.push({
      check: "same_text_every_row",
      step: "inbox",
      detail: `all ${rows.length} rows show the same sender and preview (${redactedText(rows[0]!.preview)})`,
    });
  const previews = rows.map((r) => r.preview).filter((p) => p.trim());
  if (previews.length >= 2 && previews.every(isOnlyADate))
    out.push({
      check: "preview_is_date",
      step: "inbox",
      detail: `every one of ${previews.length} previews is only a date or time`,
    });
  return out;
}

/** One thread as read. */
export function threadFindings(t: ThreadDetail, ctx: PlausibilityContext): Finding[] {
  const out: Finding[] = [];
  const where = `thread ${safeId(t.externalThreadId)}`;
  if (t.messages.length === 0)
    return [{ check: "no_messages", step: "thread", detail: `${where}: no message parsed from its page` }];
  const chrome = new Set((ctx.chrome ?? []).map(norm).filter((c) => c.length >= 2));
  t.messages.forEach((m, i) => {
    const what = `${where}, message ${i + 1}`;
    if (!m.text.trim()) out.push({ check: "message_empty", step: "thread", detail: `${what} has no text` });
    else if (m.sentAtText && norm(m.text) === norm(m.sentAtText))
      out.push({ check: "message_is_date", step: "thread", detail: `${what}: its text is its own date` });
    else if (m.direction === "inbound" && chrome.has(norm(m.text)))
      out.push({
        check: "message_is_page_chrome",
        step: "thread",
        detail: `${what}: its text is the page's title or a button's label (${redactedText(m.text)})`,
      });
  });
  out.push(
    ...stamps(
      "thread",
      t.messages.map((m, i) => ({ what: `${where}, message ${i + 1}`, text: m.sentAtText, iso: m.sentAt })),
      ctx.now,
    ),
  );
  const texts = t.messages.map((m) => m.text).filter((x) => x.trim());
  if (texts.length > 0 && texts.every(isOnlyADate) && !out.some((f) => f.check === "message_is_date"))
    out.push({
      check: "message_is_date",
      step: "thread",
      detail: `${where}: every one of ${texts.length} messages is only a date or time`,
    });
  const native = t.messages.filter((m) => m.nativeId).map((m) => m.externalMessageId);
  for (const id of duplicates(native))
    out.push({
      check: "message_id_duplicate",
      step: "thread",
      detail: `${where}: two messages have the id ${safeId(id)}`,
    });
  return out;
}

/** One listings page. */
export function listingFindings(listings: readonly Listing[]): Finding[] {
  const out: Finding[] = [];
  listings.forEach((l, i) => {
    if (!l.externalId.trim())
      out.push({ check: "listing_id_missing", step: "listings", detail: `listing ${i + 1} has no id` });
    if (!l.title?.trim())
      out.push({
        check: "listing_title_missing",
        step: "listings",
        detail: `listing ${i + 1} (${safeId(l.externalId)}) has no title`,
      });
  });
  for (const id of duplicates(listings.map((l) => l.externalId.trim()).filter(Boolean)))
    out.push({
      check: "listing_id_duplicate",
      step: "listings",
      detail: `two listings have the id ${safeId(id)}`,
    });
  return out;
}

/** The page's own furniture: its title, headings, buttons and navigation links. */
export function chromeTexts(doc: Doc): string[] {
  const out = new Set<string>();
  const title = doc.querySelector("title");
  if (title) out.add(textOf(title));
  for (const el of Array.from(doc.querySelectorAll("h1, button, nav a, [role='button']")))
    out.add(textOf(el));
  for (const el of Array.from(doc.querySelectorAll("input[type='submit'], input[type='button']")))
    out.add(el.getAttribute("value") ?? "");
  return [...out].filter((t) => t.length >= 2 && t.length <= 80);
}

/** How a finding reads in a report, an alert and a failure message (no page text in it). */
export function describeFinding(f: Finding): string {
  return `parsed nonsense (${f.check}): ${f.detail}`;
}
