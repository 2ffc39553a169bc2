// Turns a raw inbound message (as scraped from a site's thread, possibly with markup and the quoted
// earlier conversation) into the lead's own new words, so that classification and guardrails react
// to what the lead wrote now and not to our previous reply quoted below it.
import { MAX_NORMALIZED_LENGTH, MAX_RAW_LENGTH } from "./rules/thresholds.ts";
import type { NormalizedMessage } from "./types.ts";

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  pound: "£",
  euro: "€",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      // Invalid or out-of-range code points stay as written rather than throwing.
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i.test(text) || /&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text);
}

function stripHtml(html: string): string {
  return (
    html
      // Content of these elements is never the lead's visible words.
      .replace(/<(script|style|head|template)\b[\s\S]*?<\/\1\s*>/gi, " ")
      // Mail clients put quoted history in blockquotes; the gmail_quote div is the same thing.
      .replace(/<blockquote\b[\s\S]*?<\/blockquote\s*>/gi, "\n")
      .replace(/<div[^>]*class="[^"]*gmail_quote[^"]*"[\s\S]*$/i, "\n")
      .replace(/<!--[\s\S]*?-->/g, " ")
      // Block boundaries become line breaks so the line-based history detection below still works.
      .replace(/<(br|\/p|\/div|\/li|\/tr|\/h[1-6]|p|div|li|tr)\b[^>]*>/gi, "\n")
      .replace(/<[^>]*>/g, " ")
  );
}

// Lines that start the quoted earlier conversation or a forwarded block: everything from there on
// is dropped.
const HISTORY_START: readonly RegExp[] = [
  /^-{2,}\s*original message\s*-{2,}/i,
  /^-{2,}\s*forwarded message\s*-{2,}/i,
  /^begin forwarded message:?/i,
  /^on .{3,200} wrote:\s*$/i,
  /^_{5,}\s*$/,
];

// Signature delimiters: everything from there on is dropped.
const SIGNATURE_START: readonly RegExp[] = [
  /^--\s*$/,
  /^sent from my [\w -]+$/i,
  /^sent from (outlook|yahoo mail|mail for windows)/i,
  /^get outlook for \w+/i,
];

// Sites often flatten a reply onto one line: "Yes please On Tue, 2 Jan 2024 at 10:00, Jo <jo@x.com>
// wrote: > earlier text". Requiring a digit in the span keeps "On Saturday I wrote: …" intact.
const INLINE_HISTORY = /\bOn (?=[^\n]{0,200}\d)[^\n]{3,200}? wrote:/i;

function cutHistoryAndSignature(text: string): string {
  const lines = text.split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (HISTORY_START.some((p) => p.test(line)) || SIGNATURE_START.some((p) => p.test(line))) break;
    // A two-line "On <date>, <name>\n<email> wrote:" header.
    if (/^on\s/i.test(line) && /wrote:\s*$/i.test((lines[i + 1] ?? "").trim())) break;
    // Outlook headers: "From: …" followed closely by "Sent:"/"Date:"/"To:"/"Subject:".
    if (
      /^from:\s/i.test(line) &&
      lines.slice(i + 1, i + 4).some((l) => /^(sent|date|to|subject):/i.test(l.trim()))
    ) {
      break;
    }
    if (line.startsWith(">")) continue;
    kept.push(line);
  }
  const joined = kept.join("\n");
  const inline = INLINE_HISTORY.exec(joined);
  return inline ? joined.slice(0, inline.index) : joined;
}

export function normalizeMessage(raw: string): NormalizedMessage {
  const original = raw;
  let text = raw.length > MAX_RAW_LENGTH ? raw.slice(0, MAX_RAW_LENGTH) : raw;
  // NFKC folds look-alikes (fullwidth "ＳＴＯＰ"), and zero-width characters are removed so that
  // keywords cannot be split invisibly to dodge the opt-out and guardrail checks.
  text = text.normalize("NFKC").replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "");
  text = text.replace(/\r\n?/g, "\n");
  // Phones and mail clients type curly quotes; keyword patterns are written with straight ones
  // ("don't contact me" must match "don’t contact me").
  text = text.replace(/[\u2018\u2019\u201B\u2032]/g, "'").replace(/[\u201C\u201D\u201F\u2033]/g, '"');
  if (looksLikeHtml(text)) text = decodeEntities(stripHtml(text));
  text = cutHistoryAndSignature(text);
  const fullText = text.replace(/\s+/g, " ").trim();
  const truncated = fullText.length > MAX_NORMALIZED_LENGTH || raw.length > MAX_RAW_LENGTH;
  const capped =
    fullText.length > MAX_NORMALIZED_LENGTH ? fullText.slice(0, MAX_NORMALIZED_LENGTH).trimEnd() : fullText;
  return { text: capped, fullText, original, truncated };
}
