// Fills reply templates from listing facts. A reply with a hole in it ("Hi , the room at  is…") is
// worse than no reply, so any missing, empty or unknown variable fails the whole composition and the
// caller sends the message to review with the list of what is missing.
import { TEMPLATE_INTENTS_FOR, TEMPLATE_PLACEHOLDER, TEMPLATE_VARIABLES } from "./rules.ts";
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

export function variablesFrom(listing: ListingFacts | null, leadName: string | null): TemplateVariables {
  return {
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
  for (const m of body.matchAll(new RegExp(TEMPLATE_PLACEHOLDER.source, "g"))) {
    const name = m[1] ?? "";
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function isKnownVariable(name: string): name is (typeof TEMPLATE_VARIABLES)[number] {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

// Renders `{{ name }}` placeholders. `variablesUsed` lists every placeholder in the body (for the
// template editor); `missing` lists those without a non-blank value, including unknown names and an
// empty `{{}}`, which would otherwise leave literal braces in the reply.
export function renderTemplate(body: string, variables: TemplateVariables): ComposeResult {
  const used = placeholders(body);
  const missing = used.filter((name) => {
    if (!isKnownVariable(name)) return true;
    const value = variables[name];
    return value === null || value === undefined || value.trim() === "";
  });
  if (missing.length > 0)
    return { ok: false, missing: missing.map((m) => (m === "" ? "{{}}" : m)), variablesUsed: used };
  const rendered = body.replace(new RegExp(TEMPLATE_PLACEHOLDER.source, "g"), (_, name: string) =>
    isKnownVariable(name) ? (variables[name] ?? "").trim() : "",
  );
  return { ok: true, body: rendered.trim(), variablesUsed: used };
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
): ComposeResult {
  return renderTemplate(template.body, variablesFrom(listing, leadName));
}
