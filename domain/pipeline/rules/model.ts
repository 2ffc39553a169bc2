// The model provider's settings and fallback reasons (model-provider.ts), and the template id a
// model-written reply carries.
// docs/decision-table.md documents these constants; change them here and there together.

// The model provider's wall-clock budget; past it we fall back to heuristics.
export const MODEL_TIMEOUT_MS = 4000;
export const DEFAULT_MODEL = "@cf/meta/llama-3.1-8b-instruct";
// Longest suggested reply we accept from a model.
export const MAX_MODEL_REPLY_LENGTH = 1500;

export const MODEL_FALLBACK_REASONS = [
  "empty_input",
  "timeout",
  "binding_error",
  "malformed_output",
  "schema_mismatch",
  "unknown_intent",
  "unsafe_suggested_reply",
] as const;

// Used as DecisionReply.templateId when the reply was written by the model.
export const MODEL_REPLY_TEMPLATE_ID = "model";
