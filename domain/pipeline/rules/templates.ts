// Which intents get a templated reply, the template variables and syntax (compose.ts), and how
// replies to several questions are joined (coverage.ts, compose-multi.ts).
// docs/decision-table.md documents these constants; change them here and there together.

import { STATED_FACT_VARIABLES } from "./stated-facts.ts";

// A person answers these even when a template exists:
// - not_interested: nothing useful to auto-say; a person closes the lead (and "not interested"
//   cues are close to opt-outs, which must never get a chatty reply).
// - application_process: screening criteria (credit, income, references) differ per property and
//   are legally sensitive; a wrong automatic answer is a fair-housing / consumer-law risk.
// - opt_out: only reachable from a model classification; we do not persist an opt-out on a model's
//   word (a hallucination would silence a lead), a person confirms.
// - opt_in: a bare "START" / "YES" has no question to answer; a person resumes the conversation.
export const INTENTS_NEEDING_PERSON: readonly string[] = [
  "not_interested",
  "application_process",
  "opt_out",
  "opt_in",
];

// Template intents tried, in order, for each classified intent. `availability` falls back to the
// tour template, whose wording ("available from {{available_from}}, book a viewing…") covers it.
export const TEMPLATE_INTENTS_FOR: Readonly<Record<string, readonly string[]>> = {
  tour_request: ["tour_request"],
  availability: ["availability", "tour_request"],
  price_deposit: ["price_deposit"],
  pets: ["pets"],
  listing_question: ["listing_question"],
  nudge: ["nudge"],
};

/** Intents a template can serve: the ones selectTemplate ever looks up. */
export const TEMPLATE_INTENTS = [...new Set(Object.values(TEMPLATE_INTENTS_FOR).flat())] as [
  string,
  ...string[],
];

// The listing's facts and the lead's name, then what the lead said in their message
// (stated-facts.ts), which a template uses in sections to ask only for what is missing.
export const TEMPLATE_VARIABLES = [
  "first_name",
  "listing_title",
  "price",
  "available_from",
  "area",
  "viewing_link",
  ...STATED_FACT_VARIABLES,
] as const;
// `{{ name }}`, whitespace inside the braces allowed (same syntax as the earlier project).
export const TEMPLATE_PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]*)\s*\}\}/g;
// Optional parts: `{{#name}}…{{/name}}` is kept only when `name` has a value, `{{^name}}…{{/name}}`
// only when it has none, so one template reads well with and without a fact ("Hi Jane," / "Hi,").
// Sections of different names may nest; a placeholder outside every section is required.
export const TEMPLATE_SECTION = /\{\{\s*([#^])\s*([A-Za-z0-9_]+)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/g;
// Template variable whose value answers an intent: a reply that carries it answers that question
// too, so a message asking it beside another question can still get one reply (coverage.ts).
export const INTENT_ANSWER_VARIABLE: Readonly<Record<string, (typeof TEMPLATE_VARIABLES)[number]>> = {
  price_deposit: "price",
  availability: "available_from",
  tour_request: "viewing_link",
};

// A composed reply keeps the first part's greeting and the last sign-off; the others are dropped.
export const REPLY_GREETING =
  /^\s*(hi+|hello|hey|hiya|dear|good (morning|afternoon|evening))\b[^,!.\n]{0,60}[,!]\s*/i;
export const REPLY_THANKS_OPENING = /^\s*(thanks|thank you|many thanks)\b[^.!?\n]{0,80}[.!?]\s*/i;
export const REPLY_SIGN_OFF =
  /\n\s*(thanks|thank you|many thanks|best( wishes| regards)?|kind regards|warm regards|regards|cheers|all the best|speak soon|talk soon)\b[^\n]{0,20}(\n[^\n]{1,60})?\s*$/i;
// The longest reply the rules compose from several templates when the site's own limit is not known.
// The sites' limits are unverified guesses (domain/decide/decision-step.ts, SITE_REPLY_MAX_LENGTH).
export const DEFAULT_REPLY_MAX_LENGTH = 1000;
// At most this many templates in one reply: more questions than that is a person's conversation.
export const MAX_REPLY_PARTS = 3;
