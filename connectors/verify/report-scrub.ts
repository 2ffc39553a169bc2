/**
 * The verify report as it is stored and shown in the panel (D1 `verify_reports`, the API): the
 * report is already redacted where it holds parsed values (redact-values.ts: names as initials,
 * message text as length and digest), but a few of its strings come from the page itself — a
 * drift candidate's selector is built from the element's attributes (an `aria-label` can be a
 * lead's name or the first words of a message), a parser's or the browser's error message can
 * quote a value or a URL with its query. This pass removes what a report must never carry out of
 * the account's object: every lead name (and each word of it) and message text the connector
 * parsed from the pages the run read, e-mail addresses, phone numbers, URL queries (tokens), and
 * the values of `aria-label` in candidate selectors. Ids, counts, digests and selectors stay.
 */
import { escapeRegExp } from "../../domain/util/regexp.ts";
import { EMAIL_RE, PHONE_RE } from "./capture-redact.ts";
import type { VerifyReport } from "./report.ts";

export interface PersonalStrings {
  names: readonly string[];
  texts: readonly string[];
}

/**
 * Keys whose values are codes the report or the connector defines (never a page's words): left as
 * they are, so a lead called "Row" cannot rename the selector `inbox.row`.
 */
const CODE_KEYS = new Set([
  "name",
  "matched",
  "requiredMissing",
  "step",
  "pageClass",
  "fact",
  "direction",
  "browser",
  "platform",
  "connectorVersion",
  "startedAt",
  "digest",
  "sentAt",
  "lastActivityAt",
  "outcome",
]);

type Patterns = readonly { re: RegExp; to: string }[];

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

/** One replacer per personal string: whole names, then each word of a name (3+ letters), then texts. */
function personalPatterns(p: PersonalStrings): { re: RegExp; to: string }[] {
  const out: { re: RegExp; to: string }[] = [];
  const bounded = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(s)}(?![\\p{L}\\p{N}])`, "giu");
  const texts = [...new Set(p.texts.map(norm))]
    .filter((t) => t.length >= 8)
    .sort((a, b) => b.length - a.length);
  for (const t of texts) {
    out.push({ re: new RegExp(escapeRegExp(t), "gi"), to: "[text]" });
    // An attribute or an error message holds at most the start of a long message.
    if (t.length > 24) out.push({ re: new RegExp(escapeRegExp(t.slice(0, 24)), "gi"), to: "[text]" });
  }
  const names = [...new Set(p.names.map(norm))].filter(Boolean).sort((a, b) => b.length - a.length);
  for (const n of names) out.push({ re: bounded(n), to: "[name]" });
  const words = new Set(names.flatMap((n) => n.split(/[\s,.'-]+/)).filter((w) => w.length >= 3));
  for (const w of [...words].sort((a, b) => b.length - a.length)) out.push({ re: bounded(w), to: "[name]" });
  return out;
}

const URL_QUERY = /(https?:\/\/[^\s?#"'<>]+)\?[^\s"'<>]*/g;
const ARIA_VALUE = /\[aria-label(?:[~|^$*]?=)(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|[^\]]*)\]/g;

function scrubString(s: string, patterns: Patterns, selector: boolean): string {
  let out = s.replace(URL_QUERY, "$1?…").replace(EMAIL_RE, "[email]").replace(PHONE_RE, "[phone]");
  // A selector keeps the attribute, not its words: `span[aria-label]` still says where to look.
  if (selector) out = out.replace(ARIA_VALUE, "[aria-label]");
  for (const p of patterns) out = out.replace(p.re, p.to);
  return out;
}

/** `candidate`: inside a drift candidate, whose selector was built from the page's own attributes. */
function walk(v: unknown, key: string, patterns: Patterns, candidate: boolean): unknown {
  if (typeof v === "string")
    return CODE_KEYS.has(key) ? v : scrubString(v, patterns, candidate && key === "selector");
  if (Array.isArray(v)) return v.map((x) => walk(x, key, patterns, candidate || key === "candidates"));
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, patterns, candidate)]));
  return v;
}

/**
 * The report with every personal string the run's pages held replaced ("[name]", "[text]",
 * "[email]", "[phone]"), URL queries cut and aria-label values dropped from selectors.
 */
export function scrubReport(report: VerifyReport, personal: PersonalStrings): VerifyReport {
  return walk(report, "", personalPatterns(personal), false) as VerifyReport;
}
