/**
 * What a template body may contain. Unknown variables would make every reply from it go to review
 * (`missing_variables`), and a body that fails the outbound guardrails would do the same
 * (`outbound_guardrail`), so both are refused when the template is saved, not discovered later.
 */
import { checkOutbound, renderTemplate } from "../pipeline/index.ts";
import { TEMPLATE_INTENTS_FOR, TEMPLATE_VARIABLES } from "../pipeline/rules.ts";

/** Intents a template can serve: the ones selectTemplate ever looks up. */
export const TEMPLATE_INTENTS = [...new Set(Object.values(TEMPLATE_INTENTS_FOR).flat())] as [
  string,
  ...string[],
];

// Plausible values so the rendered sample can be checked like a real reply.
const SAMPLE = {
  first_name: "Alex",
  listing_title: "Sunny double room",
  price: "$1,200 per month",
  available_from: "1 March",
  area: "Riverside",
  viewing_link: "https://example.com/viewing/abc",
} as const satisfies Record<(typeof TEMPLATE_VARIABLES)[number], string>;

export function templateBodyProblems(body: string): string[] {
  const rendered = renderTemplate(body, SAMPLE);
  if (!rendered.ok) {
    return [
      `Unknown template variables: ${rendered.missing.join(", ")} (known: ${TEMPLATE_VARIABLES.join(", ")})`,
    ];
  }
  return checkOutbound(rendered.body).map((h) => `${h.code}: ${h.detail}`);
}
