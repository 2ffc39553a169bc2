// The pipeline's numeric limits: confidence scoring and input caps (classify.ts, normalize.ts).
// docs/decision-table.md documents these constants; change them here and there together.

// Below this the message goes to review (the earlier project used 0.55; we are a little stricter
// because a wrong automatic reply costs more than a person's glance).
export const LOW_CONFIDENCE_THRESHOLD = 0.6;
// Cap of the normalized text that classification, templates and the model see.
export const MAX_NORMALIZED_LENGTH = 2000;
// Hard cap on raw input processed at all, so pathological inputs cannot make the regexes slow.
export const MAX_RAW_LENGTH = 20_000;
// Each extra distinct pattern of the same intent adds this much confidence...
export const CONFIDENCE_PER_EXTRA_MATCH = 0.05;
// ...up to this ceiling: heuristics are never certain.
export const MAX_HEURISTIC_CONFIDENCE = 0.95;
// A secondary intent whose score reaches this competes with the primary (=> ambiguous), unless the
// pair is listed in COMPATIBLE_INTENTS.
export const COMPETING_INTENT_SCORE = 0.75;
