// The reason codes every Decision carries, the action each leads to and its text (decide.ts).
// docs/decision-table.md documents these constants; change them here and there together.

// Every Decision carries exactly one reason code. Order here = order of checks in decide.ts.
export const REASON_CODES = [
  "account_inactive",
  "opt_out_requested",
  "lead_opted_out",
  "conversation_paused",
  "inbound_guardrail",
  "opt_in_received",
  "empty_message",
  "message_too_long",
  "unsupported_language",
  "unknown_intent",
  "ambiguous",
  "model_disagrees",
  "low_confidence",
  "intent_needs_person",
  "no_template",
  "missing_variables",
  "outbound_guardrail",
  "model_reply_needs_approval",
  "draft_only_mode",
  "auto_send_eligible",
] as const;

// The action each reason code leads to (one action per code, so the code alone explains the row).
export const REASON_ACTION = {
  account_inactive: "blocked",
  opt_out_requested: "suppressed",
  lead_opted_out: "suppressed",
  conversation_paused: "suppressed",
  inbound_guardrail: "review",
  opt_in_received: "review",
  empty_message: "review",
  message_too_long: "review",
  unsupported_language: "review",
  unknown_intent: "review",
  ambiguous: "review",
  model_disagrees: "review",
  low_confidence: "review",
  intent_needs_person: "review",
  no_template: "review",
  missing_variables: "review",
  outbound_guardrail: "review",
  model_reply_needs_approval: "draft",
  draft_only_mode: "draft",
  auto_send_eligible: "send",
} as const satisfies Record<
  (typeof REASON_CODES)[number],
  "blocked" | "suppressed" | "review" | "draft" | "send"
>;

// What each reason code means, in words a person reading the inbox understands (the API sends it
// next to the code as `reasonText`). Say why, and what would change the outcome when something can.
export const REASON_TEXT = {
  account_inactive:
    "The platform account is switched off, so nothing is sent. Switch it on to let replies go out.",
  opt_out_requested:
    "The lead asked not to be contacted again. The opt-out is recorded and nothing will be sent to them.",
  lead_opted_out: "The lead opted out earlier, so nothing is sent unless they opt back in.",
  conversation_paused: "A person has taken over this conversation, so the bot stays out of it.",
  inbound_guardrail:
    "The message touches something a person must handle (see the flags): fair housing, a legal matter, money or identity, abuse, instructions aimed at the bot, code, a link or a move to another channel.",
  opt_in_received: "The lead opted back in but asked nothing; a person picks the conversation up.",
  empty_message:
    "Nothing new was left once quoted history and signatures were removed (perhaps only an image or a quote).",
  message_too_long: "The message is longer than automation reads in full, so a person reads it.",
  unsupported_language:
    "The message is written in a language the rules do not read, so they cannot vouch it is safe to answer; a person reads it.",
  unknown_intent: "The bot could not tell what the lead is asking.",
  ambiguous:
    "The lead hedges, or asks several things that the reply templates cannot answer together (a template is missing, one needs a person, or the reply would be too long for the site), so a person replies.",
  model_disagrees: "The model and the keyword rules read the message differently, so a person decides.",
  low_confidence: "The bot is not confident enough about what the lead is asking.",
  intent_needs_person:
    "Messages of this kind (applications and screening, a lead withdrawing, an opt-in) are always answered by a person.",
  no_template:
    "There is no reply template for this kind of question yet. Add one to answer such messages automatically.",
  missing_variables:
    "The reply template needs listing facts that are missing (listed with the decision). Fill them in on the listing.",
  outbound_guardrail:
    "The composed reply contains something that must not go out: contact details, steering language, an unfilled placeholder, or a question about something the lead already said.",
  model_reply_needs_approval:
    "The model wrote this reply; model-written replies always wait for a person's approval.",
  draft_only_mode: "The account is in draft-only mode: the reply waits as a draft for a person to approve.",
  auto_send_eligible:
    "An ordinary question, a complete reply from a template, and an account that sends automatically.",
} as const satisfies Record<(typeof REASON_CODES)[number], string>;
