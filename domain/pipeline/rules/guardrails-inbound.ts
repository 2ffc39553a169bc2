// Every inbound guardrail rule, family by family, in the order guardrails.ts reports hits.

import type { GuardrailRule } from "./guardrail-codes.ts";
import { ABUSE_RULES } from "./guardrails-abuse.ts";
import { FAIR_HOUSING_RULES } from "./guardrails-fair-housing.ts";
import { INJECTION_RULES } from "./guardrails-injection.ts";
import { LEGAL_RULES } from "./guardrails-legal.ts";
import { PAYMENT_RULES } from "./guardrails-payment.ts";

export const INBOUND_GUARDRAILS: readonly GuardrailRule[] = [
  ...LEGAL_RULES,
  ...ABUSE_RULES,
  ...PAYMENT_RULES,
  ...FAIR_HOUSING_RULES,
  ...INJECTION_RULES,
];
