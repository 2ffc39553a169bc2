// Shared types of the pure decision pipeline. Constants (keywords, thresholds, reason codes) live in
// rules/ so the decision table can be documented from one place; this file only names shapes.

import type { SendMode } from "../platforms.ts";
import type { GUARDRAIL_CODES } from "./rules/guardrail-codes.ts";
import type { INTENTS } from "./rules/intents.ts";
import type { MODEL_FALLBACK_REASONS } from "./rules/model.ts";
import type { REASON_CODES } from "./rules/reasons.ts";

export type { SendMode };

export type Intent = (typeof INTENTS)[number];

export type Action = "blocked" | "suppressed" | "review" | "draft" | "send";

export type ReasonCode = (typeof REASON_CODES)[number];

export type GuardrailCode = (typeof GUARDRAIL_CODES)[number];

export type OptChange = "opt_out" | "opt_in" | null;

export interface GuardrailHit {
  code: GuardrailCode;
  // Short human-readable explanation plus the matched fragment, for the review queue.
  detail: string;
}

export interface NormalizedMessage {
  // Cleaned and length-capped text: what classification and templates work on.
  text: string;
  // Cleaned but NOT capped: guardrails read this so that risky text cannot hide past the cap.
  fullText: string;
  // The raw input, untouched (kept for audit / the inbox).
  original: string;
  truncated: boolean;
}

export interface Classification {
  intent: Intent;
  confidence: number;
  secondaryIntents: Intent[];
  // Secondary intents strong enough to compete with the primary (each also has an ambiguity reason).
  competingIntents: Intent[];
  ambiguous: boolean;
  // Why the classifier flagged ambiguity (hedging word or competing intents), for the reviewer.
  ambiguityReasons: string[];
}

export interface ListingFacts {
  title?: string | null;
  price?: string | null;
  availableFrom?: string | null;
  area?: string | null;
  viewingLink?: string | null;
}

export interface Template {
  id: string;
  intent: string;
  body: string;
  version: number;
  // Other intents this template's reply also answers (declared by whoever wrote it): a message
  // asking all of them gets this one reply rather than a composed one (coverage.ts).
  covers?: readonly string[] | null;
}

export type ComposeResult =
  | { ok: true; body: string; variablesUsed: string[] }
  | { ok: false; missing: string[]; variablesUsed: string[] };

// A model classification that already passed the provider's schema, intent and outbound checks.
export interface ModelClassification {
  intent: Intent;
  confidence: number;
  ambiguity: boolean;
  suggestedReply?: string | null;
}

export type ModelFallbackReason = (typeof MODEL_FALLBACK_REASONS)[number];

export interface DecisionInput {
  // ISO timestamp supplied by the caller; rules never read the clock themselves.
  now: string;
  message: { text: string; leadName: string | null };
  conversation: { hasPriorOutbound: boolean; optedOut: boolean; paused: boolean };
  account: { isActive: boolean; effectiveSendMode: SendMode };
  listing: ListingFacts | null;
  templates: Template[];
  modelResult?: ModelClassification | null;
  // Where a link in the lead's message may point without a person looking: bare domains
  // ("spareroom.com", subdomains included) or URLs (that page and below). Absent = nowhere.
  knownPlaces?: readonly string[];
  // The longest reply the site takes; a reply composed of several templates must fit. Absent =
  // DEFAULT_REPLY_MAX_LENGTH.
  replyMaxLength?: number;
}

export interface DecisionReply {
  body: string;
  // For a model-written reply: MODEL_REPLY_TEMPLATE_ID and version 0 (see `source`).
  templateId: string;
  templateVersion: number;
  source: "template" | "model";
  // A reply composed from several templates (one per question, in the order asked): their ids. The
  // first is `templateId`.
  composedFrom?: string[];
}

export interface Decision {
  action: Action;
  reason: ReasonCode;
  intent: Intent;
  confidence: number;
  secondaryIntents: Intent[];
  guardrails: GuardrailHit[];
  // What the caller must persist on the lead: set even when the action is `blocked`.
  optOutChange: OptChange;
  normalizedText: string;
  // Only `draft` and `send` carry a reply; every other action has null.
  reply: DecisionReply | null;
  missingVariables: string[];
  // Kinds of contact details the lead left ("phone number", "email address"): the reply stays on the
  // site and the person sees them in the message. Kinds only, never the details.
  leadContacts: string[];
  // The `now` the decision was made at, echoed for audit rows.
  decidedAt: string;
}
