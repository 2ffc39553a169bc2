// What the lead already said (rules/stated-facts.ts): read from their message into template
// variables, so a reply asks only for what is missing, and checked on a composed reply, so one that
// asks again anyway goes to a person. Pure.
import {
  PET_AGE_PATTERNS,
  PET_KINDS,
  PET_MENTION,
  PET_NEGATION,
  PET_SIZE_PATTERNS,
  PET_WEIGHT,
  SIZE_WORDS,
  STATED_FACT_QUESTIONS,
  STATED_FACT_VARIABLES,
  type StatedFactVariable,
} from "./rules/stated-facts.ts";
import type { GuardrailHit } from "./types.ts";
import { viewingWhen } from "./viewing-time.ts";

export type StatedFacts = Partial<Record<StatedFactVariable, string>>;

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
};

function numberOf(word: string): number | null {
  const n = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word.toLowerCase()];
  return n === undefined || n === null || !Number.isFinite(n) ? null : n;
}

function wordRegex(words: string): RegExp {
  return new RegExp(`^(?:${words})$`, "i");
}
const KIND_MATCHERS = PET_KINDS.map((k) => ({ kind: k, exact: wordRegex(k.words) }));

// The kinds of pet the message names, in order, each singular or plural as the lead wrote it
// ("a cat" → cat, "two cats" or "my cats" → cats). A mention after a negation in its sentence is
// not the lead's pet ("no dogs", "I'm allergic to cats").
function petKinds(text: string): string | null {
  const found: { singular: string; plural: string; many: boolean }[] = [];
  for (const sentence of text.split(/[.!?\n]+/)) {
    const mentions = new RegExp(PET_MENTION.source, "gi");
    const negatedFrom = sentence.search(PET_NEGATION);
    for (const m of sentence.matchAll(mentions)) {
      if (negatedFrom !== -1 && negatedFrom < m.index) continue;
      const word = m[0];
      const kind = KIND_MATCHERS.find((k) => k.exact.test(word))?.kind;
      if (!kind) continue;
      // Plural only when the lead says they have several ("two cats", "my dogs", "both cats"): a
      // plural in a question ("do you allow dogs?") is about dogs in general, and one dog is likelier.
      const before = sentence.slice(Math.max(0, m.index - 24), m.index);
      const count =
        /\b(\d{1,2}|two|three|four|five|six)\s+(?!(?:lbs?|pounds?|kgs?|kilos?|yrs?|years?|months?|mos?|weeks?|wks?|y\/?o|yo)\b)(?:[a-z-]+\s+){0,2}$/i.exec(
          before,
        )?.[1];
      const plural = (/(?<!s)s$/i.test(word) || /ies$/i.test(word)) && kind.singular !== word.toLowerCase();
      const many =
        (count !== undefined && (numberOf(count) ?? 1) > 1) ||
        (plural && /\b(my|our|both|the two|all)\s+(?:[a-z-]+\s+){0,2}$/i.test(before));
      const seen = found.find((f) => f.singular === kind.singular);
      if (seen) seen.many ||= many;
      else found.push({ singular: kind.singular, plural: kind.plural, many });
    }
  }
  if (found.length === 0) return null;
  const names = found.map((f) => (f.many ? f.plural : f.singular));
  return names.length === 1 ? (names[0] ?? null) : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function unitName(unit: string | undefined, n: number): string {
  const u = (unit ?? "").toLowerCase();
  const base = /^(mo|month)/.test(u) ? "month" : /^(wk|week)/.test(u) ? "week" : "year";
  return n === 1 ? base : `${base}s`;
}

function petAge(text: string): string | null {
  for (const pattern of PET_AGE_PATTERNS) {
    const m = pattern.exec(text);
    const n = m?.[1] ? numberOf(m[1]) : null;
    if (m && n !== null && n > 0) return `${n} ${unitName(m[2], n)}`;
  }
  return null;
}

function petSize(text: string, hasPet: boolean): string | null {
  for (const pattern of PET_SIZE_PATTERNS) {
    const word = pattern.exec(text)?.[1]?.toLowerCase();
    if (word && SIZE_WORDS[word]) return SIZE_WORDS[word];
  }
  // A weight counts as the pet's size only in a message that names a pet.
  const weight = hasPet ? PET_WEIGHT.exec(text) : null;
  if (weight?.[1]) return `${weight[1]} ${/^(kg|kilo)/i.test(weight[2] ?? "") ? "kg" : "lb"}`;
  return null;
}

/** The facts the message states, as template variables (absent when not stated). */
export function statedFacts(text: string): StatedFacts {
  const facts: StatedFacts = {};
  const pet = petKinds(text);
  if (pet) facts.lead_pet = pet;
  const age = pet ? petAge(text) : null;
  if (age) facts.lead_pet_age = age;
  const size = petSize(text, pet !== null);
  if (size && pet) facts.lead_pet_size = size;
  const when = viewingWhen(text);
  if (when) facts.lead_viewing_when = when;
  return facts;
}

/** Hits for a reply that asks for something the lead already stated. */
export function asksForStated(reply: string, facts: StatedFacts): GuardrailHit[] {
  const hits: GuardrailHit[] = [];
  for (const variable of STATED_FACT_VARIABLES) {
    if (!facts[variable]) continue;
    const m = STATED_FACT_QUESTIONS[variable].exec(reply);
    if (m) hits.push({ code: "outbound_asks_stated", detail: `asks again for ${variable}: "${m[0]}"` });
  }
  return hits;
}
