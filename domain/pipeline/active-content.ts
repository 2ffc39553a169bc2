// Markup, script and code in a lead's message. Sites hand us the text the lead typed, so a <script>
// block or an onerror= handler is something the lead typed on purpose. normalize.ts strips markup to
// read the lead's words, which would also hide it from every later check (a script block followed by
// a harmless question would be answered), so this check reads the raw message as well.
import { ACTIVE_CONTENT_RULES } from "./rules/active-content.ts";
import type { GuardrailHit } from "./types.ts";

export interface ActiveContentInput {
  // Normalized text: entity-encoded markup ("&lt;script&gt;") is decoded here.
  fullText: string;
  // The raw message, markup intact.
  original: string;
}

function fragment(match: string): string {
  const clean = match.replace(/\s+/g, " ").trim();
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

export function checkActiveContent(message: ActiveContentInput): GuardrailHit[] {
  const texts = [message.original.normalize("NFKC"), message.fullText];
  const hits: GuardrailHit[] = [];
  for (const rule of ACTIVE_CONTENT_RULES) {
    const m = texts.map((t) => rule.pattern.exec(t)).find((x) => x !== null);
    if (!m) continue;
    // One hit per family is enough for the reviewer.
    if (hits.some((h) => h.detail.startsWith(`${rule.family}:`))) continue;
    hits.push({ code: "markup_or_code", detail: `${rule.family}: "${fragment(m[0])}"` });
  }
  return hits;
}
