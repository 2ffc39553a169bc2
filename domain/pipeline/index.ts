// Public surface of the decision pipeline for the rest of the worker (inbox API, account object).
export { classifyIntent } from "./classify.ts";
export { composeReply, firstNameOf, renderTemplate, selectTemplate, variablesFrom } from "./compose.ts";
export { decide } from "./decide.ts";
export { checkInbound, checkOutbound } from "./guardrails.ts";
export type { AiBinding, ModelOutcome, ModelProviderOptions } from "./model-provider.ts";
export { buildModelPrompt, classifyWithModel } from "./model-provider.ts";
export { normalizeMessage } from "./normalize.ts";
export { analyzeOptChange, detectOptChange } from "./optout.ts";
export { findPersonalData, redactPersonalData } from "./redact.ts";
export { GUARDRAIL_CODES, GUARDRAIL_LABEL } from "./rules/guardrail-codes.ts";
export { REASON_ACTION, REASON_CODES, REASON_TEXT } from "./rules/reasons.ts";
export type * from "./types.ts";
