/**
 * What a template body may contain. Unknown variables would make every reply from it go to review
 * (`missing_variables`), and a body that fails the outbound guardrails would do the same
 * (`outbound_guardrail`), so both are refused when the template is saved, not discovered later.
 */
import { requiredVariables } from "./compose.ts";
import { checkOutbound, renderTemplate } from "./index.ts";
import { TEMPLATE_VARIABLES } from "./rules/templates.ts";

export { TEMPLATE_INTENTS } from "./rules/templates.ts";

// Plausible values so the rendered sample can be checked like a real reply.
const SAMPLE = {
  first_name: "Alex",
  listing_title: "Sunny double room",
  price: "$1,200 per month",
  available_from: "1 March",
  area: "Riverside",
  viewing_link: "https://example.com/viewing/abc",
  lead_pet: "cat",
  lead_pet_age: "3 years",
  lead_pet_size: "small",
  lead_viewing_when: "Saturday morning",
} as const satisfies Record<(typeof TEMPLATE_VARIABLES)[number], string>;

/**
 * Problems with a template body, checked on two renderings: with every fact known, and with only
 * the facts it cannot do without (its optional sections dropped), since either may reach a lead.
 */
export function templateBodyProblems(body: string): string[] {
  const full = renderTemplate(body, SAMPLE);
  if (!full.ok) {
    return [
      `Unknown template variables: ${full.missing.join(", ")} (known: ${TEMPLATE_VARIABLES.join(", ")})`,
    ];
  }
  const required = requiredVariables(body);
  const minimal = renderTemplate(
    body,
    Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, required.includes(v) ? SAMPLE[v] : null])),
  );
  const problems = checkOutbound(full.body).map((h) => `${h.code}: ${h.detail}`);
  if (minimal.ok) {
    for (const h of checkOutbound(minimal.body)) {
      const text = `${h.code}: ${h.detail} (when optional facts are missing)`;
      if (!problems.includes(`${h.code}: ${h.detail}`)) problems.push(text);
    }
  }
  return problems;
}
