// The text the fair-housing guardrail families read: the message with the lead's descriptions of
// themselves and their own household blanked out, and the ages of pets, buildings and appliances too.
// "I'm 27 and a nurse, is the room free?" asks nothing about anyone's characteristics; "are the other
// flatmates women?", "no kids please", "I'm 55 — would the others mind?" still do, and keep their
// words. Every other guardrail family (legal, money, abuse, injection, links) reads the full text.
import {
  INBOUND_GUARDRAILS,
  NON_PERSON_AGE_PATTERNS,
  SELF_ACCEPTANCE_QUESTION,
  SELF_CLAUSE_KEEP,
  SELF_CLAUSE_START,
  SELF_CLAUSE_WISH,
  SELF_SENTENCE_REQUEST,
} from "./rules.ts";

// Sentence and clause boundaries (commas, dashes set off by spaces, brackets, and the conjunctions
// that join two statements), kept in the output so the text keeps its shape.
const SENTENCE_BOUNDARY = /([.!?;\n]+)/;
const CLAUSE_BOUNDARY = /([,()]+|\s[-–—]+\s|\s(?:and|but|plus|&)\s)/i;

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

/** Blanks one clause when it is the lead describing themselves, up to any wish it turns into. */
function selfClause(clause: string): string {
  if (!SELF_CLAUSE_START.test(clause.trimStart())) return clause;
  const wish = SELF_CLAUSE_WISH.exec(clause);
  const own = wish ? clause.slice(0, wish.index) : clause;
  if (SELF_CLAUSE_KEEP.test(own) || SOURCE_OF_INCOME.some((p) => p.test(own))) return clause;
  return blank(own) + clause.slice(own.length);
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
      i % 2 === 1 || SELF_SENTENCE_REQUEST.test(sentence)
        ? sentence
        : sentence
            .split(CLAUSE_BOUNDARY)
            .map((part, j) => (j % 2 === 1 ? part : selfClause(part)))
            .join(""),
    )
    .join("");
}
