// Several ordinary questions in one message ("Is it still available, and how much is it?") make the
// classifier report competing intents. One reply still serves them all when a template's reply
// carries the fact that answers each other question — the rent for a price question, the
// availability date for an availability question, the viewing link for a tour request — or when its
// author declared that it covers them (`Template.covers`). If no template does, the reply is composed
// from each question's own template (compose-multi.ts).
import { renderTemplate, selectTemplate, type TemplateVariables } from "./compose.ts";
import { INTENT_ANSWER_VARIABLE, INTENTS_NEEDING_PERSON, TEMPLATE_INTENTS_FOR } from "./rules/templates.ts";
import type { Intent, Template } from "./types.ts";

// Whether the reply, as rendered, states the fact that answers `intent` (a section that drops the
// fact when it is missing, or a template that never mentions it, does not answer).
function answers(intent: Intent, reply: string, variables: TemplateVariables): boolean {
  const variable = INTENT_ANSWER_VARIABLE[intent];
  const value = variable ? (variables[variable] ?? "").trim() : "";
  return value !== "" && reply.includes(value);
}

/**
 * The first of `intents` (primary first) whose template's reply answers every other one, or null.
 * Every intent must be one that templates answer at all: an application or opt-out question among
 * them always needs a person.
 */
export function coveringTemplate(
  intents: readonly Intent[],
  templates: readonly Template[],
  variables: TemplateVariables,
): { intent: Intent; template: Template } | null {
  if (intents.some((i) => INTENTS_NEEDING_PERSON.includes(i) || !(i in TEMPLATE_INTENTS_FOR))) return null;
  for (const candidate of intents) {
    const template = selectTemplate(candidate, templates);
    if (!template) continue;
    const rendered = renderTemplate(template.body, variables);
    if (!rendered.ok) continue;
    const declared = template.covers ?? [];
    if (
      intents.every(
        (other) =>
          other === candidate || declared.includes(other) || answers(other, rendered.body, variables),
      )
    )
      return { intent: candidate, template };
  }
  return null;
}
