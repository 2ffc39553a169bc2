// One reply to a message that asks several ordinary things ("Is it still available, and do you allow
// cats?"): each question's own template, rendered, then joined as one message — one greeting (the
// first part's), one sign-off (the last one found), the parts in the order the lead asked, a repeated
// sentence said once — and only when the whole fits the site's length limit. The caller runs the
// outbound guardrails over the joined text, as over any reply.
import { renderTemplate, selectTemplate, type TemplateVariables } from "./compose.ts";
import {
  DEFAULT_REPLY_MAX_LENGTH,
  INTENTS_NEEDING_PERSON,
  MAX_REPLY_PARTS,
  REPLY_GREETING,
  REPLY_SIGN_OFF,
  REPLY_THANKS_OPENING,
  TEMPLATE_INTENTS_FOR,
} from "./rules/templates.ts";
import type { Intent, Template } from "./types.ts";

export type MultiReply =
  | { ok: true; body: string; templates: Template[] }
  | {
      ok: false;
      why: "needs_person" | "no_template" | "too_many_parts" | "too_long" | "missing_variables";
      // For missing_variables: what the templates needed and the listing lacks.
      missing: string[];
    };

function sentences(text: string): string[] {
  return text.match(/[^.!?]+[.!?]*\s*/g) ?? [];
}

function key(sentence: string): string {
  return sentence.toLowerCase().replace(/\W+/g, " ").trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Splits a rendered reply into greeting, body and sign-off. */
export function splitReply(rendered: string): { greeting: string; body: string; signOff: string } {
  const greeting = REPLY_GREETING.exec(rendered)?.[0] ?? "";
  let rest = rendered.slice(greeting.length);
  const signOff = REPLY_SIGN_OFF.exec(rest)?.[0] ?? "";
  if (signOff) rest = rest.slice(0, rest.length - signOff.length);
  return { greeting: greeting.trim(), body: rest.trim(), signOff: signOff.trim() };
}

/**
 * The reply to `intents` (in the order asked) from one template each. Intents that share a
 * template (availability falls back to the tour template) get it once.
 */
export function composeMultiReply(
  intents: readonly Intent[],
  templates: readonly Template[],
  variables: TemplateVariables,
  maxLength: number = DEFAULT_REPLY_MAX_LENGTH,
): MultiReply {
  if (intents.some((i) => INTENTS_NEEDING_PERSON.includes(i) || !(i in TEMPLATE_INTENTS_FOR)))
    return { ok: false, why: "needs_person", missing: [] };
  const chosen: Template[] = [];
  for (const intent of intents) {
    const template = selectTemplate(intent, templates);
    if (!template) return { ok: false, why: "no_template", missing: [] };
    if (!chosen.some((t) => t.id === template.id)) chosen.push(template);
  }
  if (chosen.length > MAX_REPLY_PARTS) return { ok: false, why: "too_many_parts", missing: [] };

  const seen = new Set<string>();
  const bodies: string[] = [];
  let greeting = "";
  let signOff = "";
  for (const [i, template] of chosen.entries()) {
    const rendered = renderTemplate(template.body, variables);
    if (!rendered.ok) return { ok: false, why: "missing_variables", missing: rendered.missing };
    const part = splitReply(rendered.body);
    if (i === 0) greeting = part.greeting;
    if (part.signOff) signOff = part.signOff;
    // After the first part, a second "thanks for asking" would read as a stammer.
    const body = i === 0 ? part.body : part.body.replace(REPLY_THANKS_OPENING, "");
    const kept = sentences(body).filter((s) => {
      const k = key(s);
      if (k === "" || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const text = kept.join("").trim();
    // The first part follows its greeting ("Hi Jane, thanks…"); later ones open a paragraph.
    if (text !== "") bodies.push(i === 0 ? text : capitalise(text));
  }
  const opening = greeting ? `${greeting} ` : "";
  const closing = signOff ? `\n\n${signOff}` : "";
  const body = `${opening}${bodies.join("\n\n")}${closing}`.trim();
  if (body.length > maxLength) return { ok: false, why: "too_long", missing: [] };
  return { ok: true, body, templates: chosen };
}
