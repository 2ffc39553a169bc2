// The text the fair-housing guardrail families read: the message with the lead's descriptions of
// themselves and their own household blanked out, and the ages of pets, buildings and appliances too.
// "I'm 27 and a nurse, is the room free?" asks nothing about anyone's characteristics; "are the other
// flatmates women?", "no kids please", "I'm 55 — would the others mind?" still do, and keep their
// words. Every other guardrail family (legal, money, abuse, injection, links) reads the full text.
import { INBOUND_GUARDRAILS } from "./rules/guardrails-inbound.ts";
import {
  NON_PERSON_AGE_PATTERNS,
  SELF_ACCEPTANCE_QUESTION,
  SELF_CLAUSE_KEEP,
  SELF_CLAUSE_START,
  SELF_CLAUSE_WISH,
  SELF_SENTENCE_REQUEST,
} from "./rules/self-statements.ts";

// Sentence and clause boundaries (commas, dashes set off by spaces, brackets, and the conjunctions
// that join two statements), kept in the output so the text keeps its shape.
const SENTENCE_BOUNDARY = /([.!?;\n]+)/;
const CLAUSE_BOUNDARY = /([,()]+|\s[-–—]+\s|\s(?:and|but|plus|&)\s)/i;

// A clause that turns from the lead to the place, to other people or to a question ends the lead's
// description of themselves.
const NEW_SUBJECT =
  /^(is|are|was|were|do|does|did|can|could|would|will|should|may|might|what|whats|what's|when|where|how|who|whose|which|why|any|anyone|the|your|you|they|their|there|it|its|it's|this|that|these|those|he|she|his|her|please|pls|plz|thanks|thank)\b(?!\/)/i;

// A lead telling us their source of income is asking whether it is accepted: never blanked.
const SOURCE_OF_INCOME = INBOUND_GUARDRAILS.filter((r) => r.family === "source_of_income").map(
  (r) => r.pattern,
);

function blank(text: string): string {
  return text.replace(/\S/g, "_");
}

function global(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
}

/**
 * Blanks the clauses of one sentence in which the lead describes themselves ("I'm 61, semi-retired,
 * a nurse"): from a clause that opens like a self-description until a clause that turns to the
 * place or to a question, each up to any wish it turns into.
 */
function selfClauses(sentence: string): string {
  const parts = sentence.split(CLAUSE_BOUNDARY);
  let describing = false;
  for (let i = 0; i < parts.length; i += 2) {
    const clause = parts[i] ?? "";
    const opening = clause.trimStart();
    if (SELF_CLAUSE_START.test(opening)) describing = true;
    else if (opening === "" || NEW_SUBJECT.test(opening)) describing = false;
    if (!describing) continue;
    const wish = SELF_CLAUSE_WISH.exec(clause);
    const own = wish ? clause.slice(0, wish.index) : clause;
    if (SELF_CLAUSE_KEEP.test(own) || SOURCE_OF_INCOME.some((p) => p.test(own))) {
      describing = false;
      continue;
    }
    parts[i] = blank(own) + clause.slice(own.length);
    if (wish) describing = false;
  }
  return parts.join("");
}

/**
 * The message as the fair-housing families read it. Nothing is blanked when the message asks whether
 * the lead would be accepted or fit in: then their description is the question.
 */
export function fairHousingText(text: string): string {
  let out = text;
  for (const pattern of NON_PERSON_AGE_PATTERNS) out = out.replace(global(pattern), blank);
  if (SELF_ACCEPTANCE_QUESTION.test(text)) return out;
  return out
    .split(SENTENCE_BOUNDARY)
    .map((sentence, i) =>
      i % 2 === 1 || SELF_SENTENCE_REQUEST.test(sentence) ? sentence : selfClauses(sentence),
    )
    .join("");
}
