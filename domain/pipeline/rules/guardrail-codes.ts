// The guardrail codes, the shape of a guardrail rule, and the label shown beside each hit.
// docs/decision-table.md documents these constants; change them here and there together.

export const GUARDRAIL_CODES = [
  // inbound
  "legal_threat",
  "abuse",
  "payment_or_identity",
  "fair_housing",
  "prompt_injection",
  "markup_or_code",
  "unknown_contact",
  // outbound (a composed, model-written or manual reply)
  "outbound_personal_data",
  "outbound_steering",
  "outbound_template_hole",
  "outbound_asks_stated",
] as const;

export interface GuardrailRule {
  code: (typeof GUARDRAIL_CODES)[number];
  // Which sub-family matched (e.g. "familial_status"), shown in the hit's detail.
  family: string;
  pattern: RegExp;
}

// A short label for each guardrail code, shown next to every hit (the API's `label`).
export const GUARDRAIL_LABEL = {
  legal_threat: "Legal threat, complaint or deposit dispute",
  abuse: "Abusive, harassing or threatening language",
  payment_or_identity: "Payment, bank details, identity numbers or documents",
  fair_housing: "Fair housing: a protected characteristic is involved",
  prompt_injection: "Instructions aimed at the bot",
  markup_or_code: "Markup, script or code in the message",
  unknown_contact:
    "Link or messenger hand-off to an unknown place, or contact details with money or documents",
  outbound_personal_data: "The reply would contain personal data",
  outbound_steering: "The reply contains steering or exclusion language",
  outbound_template_hole: "The reply has an unfilled placeholder",
  outbound_asks_stated: "The reply asks for something the lead already said",
} as const satisfies Record<(typeof GUARDRAIL_CODES)[number], string>;
