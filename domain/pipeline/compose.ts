// Fills reply templates from listing facts. A reply with a hole in it ("Hi , the room at  is…") is
// worse than no reply, so any missing, empty or unknown variable fails the whole composition and the
// caller sends the message to review with the list of what is missing.
import {
  TEMPLATE_INTENTS_FOR,
  TEMPLATE_PLACEHOLDER,
  TEMPLATE_SECTION,
  TEMPLATE_VARIABLES,
} from "./rules/templates.ts";
import type { StatedFacts } from "./stated-facts.ts";
import type { ComposeResult, Intent, ListingFacts, Template } from "./types.ts";

export type TemplateVariables = Partial<Record<(typeof TEMPLATE_VARIABLES)[number], string | null>>;

// The lead's first name as sites show it ("jane doe", "Jane D.", "JANE"). Anything that does not
// look like a name (an email, a number, a handle) counts as missing rather than being echoed back.
export function firstNameOf(leadName: string | null | undefined): string | null {
  const first = (leadName ?? "").trim().split(/\s+/)[0] ?? "";
  const cleaned = first.replace(/[.,;:!?]+$/, "");
  if (cleaned === "" || /[@\d_/\\]/.test(cleaned) || !/^\p{L}[\p{L}'’-]*$/u.test(cleaned)) return null;
  // Single letters ("J.") are initials, not names.
  if (cleaned.length < 2) return null;
  const lower = cleaned.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** The listing's facts, the lead's first name, and what the lead said in their message. */
export function variablesFrom(
  listing: ListingFacts | null,
  leadName: string | null,
  stated: StatedFacts = {},
): TemplateVariables {
  return {
    ...stated,
    first_name: firstNameOf(leadName),
    listing_title: listing?.title ?? null,
    price: listing?.price ?? null,
    available_from: listing?.availableFrom ?? null,
    area: listing?.area ?? null,
    viewing_link: listing?.viewingLink ?? null,
  };
}

function placeholders(body: string): string[] {
  const names: string[] = [];
  const add = (name: string) => {
    if (!names.includes(name)) names.push(name);
  };
  for (const m of body.matchAll(new RegExp(TEMPLATE_SECTION.source, "g"))) add(m[2] ?? "");
  for (const m of body.matchAll(new RegExp(TEMPLATE_PLACEHOLDER.source, "g"))) add(m[1] ?? "");
  return names;
}

function isKnownVariable(name: string): name is (typeof TEMPLATE_VARIABLES)[number] {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

function hasValue(variables: TemplateVariables, name: string): boolean {
  if (!isKnownVariable(name)) return false;
  const value = variables[name];
  return value !== null && value !== undefined && value.trim() !== "";
}

// Keeps or drops each section by whether its variable has a value, innermost-first until none is
// left. A section over an unknown name is reported like an unknown placeholder.
function resolveSections(body: string, variables: TemplateVariables, unknown: string[]): string {
  const section = new RegExp(TEMPLATE_SECTION.source, "g");
  let text = body;
  for (let previous = ""; previous !== text; ) {
    previous = text;
    text = text.replace(section, (_, kind: string, name: string, inner: string) => {
      if (!isKnownVariable(name)) {
        if (!unknown.includes(name)) unknown.push(name);
        return "";
      }
      return hasValue(variables, name) === (kind === "#") ? inner : "";
    });
  }
  return text;
}

/**
 * Placeholders a template cannot render without when no optional fact is known: those outside
 * every `{{#…}}` section (a `{{^…}}` section's content counts, as it shows when facts are absent).
 */
export function requiredVariables(body: string): string[] {
  return placeholders(resolveSections(body, {}, []));
}

// Renders `{{ name }}` placeholders and optional sections. `variablesUsed` lists every variable the
// body mentions (for the template editor); `missing` lists required placeholders without a
// non-blank value, including unknown names and an empty `{{}}`, which would otherwise leave
// literal braces in the reply.
export function renderTemplate(body: string, variables: TemplateVariables): ComposeResult {
  const used = placeholders(body);
  const unknownInSections: string[] = [];
  const text = resolveSections(body, variables, unknownInSections);
  const missing = [
    ...unknownInSections,
    ...placeholders(text).filter((name) => !hasValue(variables, name) && !unknownInSections.includes(name)),
  ];
  if (missing.length > 0)
    return { ok: false, missing: missing.map((m) => (m === "" ? "{{}}" : m)), variablesUsed: used };
  const rendered = text.replace(new RegExp(TEMPLATE_PLACEHOLDER.source, "g"), (_, name: string) =>
    isKnownVariable(name) ? (variables[name] ?? "").trim() : "",
  );
  return { ok: true, body: tidy(rendered), variablesUsed: used };
}

// A dropped section can leave a doubled space or a space before punctuation ("Hi ,"); tidy that
// so the reply reads as if written without the fact, and keep paragraph breaks.
function tidy(text: string): string {
  return text
    .replace(/[ \t]+([,.!?;:])/g, "$1")
    .replace(/[ \t]{2,}/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// Picks the template for an intent: template intents in TEMPLATE_INTENTS_FOR order, and within one
// intent the highest version (ties by id) so the choice is deterministic.
export function selectTemplate(intent: Intent, templates: readonly Template[]): Template | null {
  for (const wanted of TEMPLATE_INTENTS_FOR[intent] ?? []) {
    const candidates = templates
      .filter((t) => t.intent === wanted && t.body.trim() !== "")
      .sort((a, b) => b.version - a.version || a.id.localeCompare(b.id));
    if (candidates[0]) return candidates[0];
  }
  return null;
}

export function composeReply(
  template: Template,
  listing: ListingFacts | null,
  leadName: string | null,
  stated: StatedFacts = {},
): ComposeResult {
  return renderTemplate(template.body, variablesFrom(listing, leadName, stated));
}
