// Guardrails force a person to look, whatever the send mode (docs/architecture.md, invariant 5: risk beats
// mode). Inbound checks run on the lead's text; outbound checks run on any reply about to leave:
// a composed template, a model suggestion, or a manual reply typed in the inbox.
import { findPersonalData } from "./redact.ts";
import { INBOUND_GUARDRAILS } from "./rules/guardrails-inbound.ts";
import { OUTBOUND_STEERING, TEMPLATE_HOLE_PATTERNS } from "./rules/outbound.ts";
import { fairHousingText } from "./self-statements.ts";
import type { GuardrailHit } from "./types.ts";

// The matched fragment goes into `detail` so a reviewer sees why, but it is clipped: details end up
// in audit rows and logs, which must not carry whole message bodies.
function fragment(match: string): string {
  const clean = match.replace(/\s+/g, " ").trim();
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

function maskDigits(text: string): string {
  return text.replace(/\d/g, "#");
}

// "i.g.n.o.r.e" or "i g n o r e": a word spelled out letter by letter to slip past the keyword
// families. The rules also read the text with such runs joined back into words.
function joinSpelledOut(text: string): string {
  return text
    .replace(/\b(?:\p{L}[.\-_*]){3,}\p{L}\b/gu, (m) => m.replace(/[.\-_*]/g, ""))
    .replace(/\b(?:\p{L} ){3,}\p{L}\b/gu, (m) => m.replace(/ /g, ""));
}

export function checkInbound(text: string): GuardrailHit[] {
  const hits: GuardrailHit[] = [];
  const seen = new Set<string>();
  const joined = joinSpelledOut(text);
  const texts = joined === text ? [text] : [text, joined];
  // The fair-housing families do not read what the lead says about themselves (self-statements.ts).
  const fairHousingTexts = texts.map(fairHousingText);
  for (const rule of INBOUND_GUARDRAILS) {
    const read = rule.code === "fair_housing" ? fairHousingTexts : texts;
    const m = read.map((t) => rule.pattern.exec(t)).find((x) => x !== null);
    if (!m) continue;
    // One hit per (code, family): repeated words add no information for the reviewer.
    const key = `${rule.code}:${rule.family}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Numbers a lead pasted (possible SSN / card) are masked even in the detail.
    const shown = rule.family === "number_in_message" ? maskDigits(m[0]) : m[0];
    hits.push({ code: rule.code, detail: `${rule.family}: "${fragment(shown)}"` });
  }
  return hits;
}

export function checkOutbound(reply: string): GuardrailHit[] {
  const hits: GuardrailHit[] = [];
  if (reply.trim() === "") hits.push({ code: "outbound_template_hole", detail: "empty reply" });
  const kinds = new Set(findPersonalData(reply).map((p) => p.kind));
  for (const kind of kinds) hits.push({ code: "outbound_personal_data", detail: `${kind} in reply` });
  for (const pattern of OUTBOUND_STEERING) {
    const m = pattern.exec(reply);
    if (m) hits.push({ code: "outbound_steering", detail: `steering/exclusion: "${fragment(m[0])}"` });
  }
  for (const pattern of TEMPLATE_HOLE_PATTERNS) {
    const m = pattern.exec(reply);
    if (m) {
      hits.push({ code: "outbound_template_hole", detail: `unresolved placeholder: "${fragment(m[0])}"` });
      // One hole is enough to hold the reply; more would only repeat the same finding.
      break;
    }
  }
  return hits;
}
