/**
 * Plain-language explanations for every code a decision row can carry: the pipeline's reason codes
 * (domain/pipeline/rules/reasons.ts) plus the ones the decide step adds, and a label for each guardrail
 * hit. The conversations API sends them next to the codes so the inbox explains itself.
 */
import { GUARDRAIL_LABEL, REASON_TEXT } from "../pipeline/index.ts";
import type { InboxReasonCode } from "./decision-step.ts";

export const INBOX_REASON_TEXT = {
  superseded_by_newer_message:
    "A newer message arrived in the same conversation; only the newest one gets a reply.",
  earlier_message_flagged:
    "An earlier message in the same batch was flagged, so this reply waits for a person as well.",
  stale_message:
    "The message is older than the automatic-reply window (AUTO_REPLY_MAX_AGE_HOURS), so the reply waits as a draft.",
} as const satisfies Record<InboxReasonCode, string>;

const ALL_REASON_TEXT: Readonly<Record<string, string>> = { ...REASON_TEXT, ...INBOX_REASON_TEXT };
const LABELS: Readonly<Record<string, string>> = GUARDRAIL_LABEL;

/** The explanation of a reason code; a code this version does not know (an old row) says so. */
export function reasonText(code: string): string {
  return ALL_REASON_TEXT[code] ?? `Reason "${code}" (no explanation in this version).`;
}

/** The label of a guardrail code, or the code itself for one this version does not know. */
export function guardrailLabel(code: string): string {
  return LABELS[code] ?? code;
}

/** A stored guardrail hit with its label, as the API returns it. */
export function labelledGuardrails(hits: readonly { code: string; detail: string }[]) {
  return hits.map((h) => ({ code: h.code, label: guardrailLabel(h.code), detail: h.detail }));
}
