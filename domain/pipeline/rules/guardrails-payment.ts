// Inbound guardrail family `payment_or_identity`: payment channels, bank details, identity numbers
// and documents (guardrails.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

import type { GuardrailRule } from "./guardrail-codes.ts";

export const PAYMENT_RULES: readonly GuardrailRule[] = [
  // Payment and identity numbers: scams run through exactly these, and no reply should touch them.
  {
    code: "payment_or_identity",
    family: "identity_number",
    pattern:
      /\b(ssn|social security|national insurance|ni number|passport (number|no|details)|driver'?s licen[cs]e|id number|tax id|itin|my social(?! (media|life|worker|circle)))\b/i,
  },
  {
    code: "payment_or_identity",
    family: "id_document",
    pattern:
      /\b(passports?|(copy|photo|scan|picture|pic) of (my |your )?(id|passport|licen[cs]e|driver'?s licen[cs]e)|photo id|id card|(government|state)[- ]issued id|(my|your) (id|licen[cs]e)|proof (of ownership|that you own))\b/i,
  },
  {
    code: "payment_or_identity",
    family: "overpayment",
    pattern:
      /\b(overpa(id|y|yment)|(sent|paid) (you )?too much|(refund|send back|return|forward) (me |to me )?(the |part of (it|the \w+) )?(difference|extra|excess|balance|rest|remainder)|refund part|after it clears|(cashier'?s?|certified|bank) (check|cheque)s?|money ?orders?|cheques?|keys? (by|in the|through the|via) (mail|post|courier|fedex|ups)|(mail|post|courier|ship|send) (me )?the keys)\b/i,
  },
  // Paying far ahead, or wanting our name and home address "for the transfer": how advance-payment
  // scams open.
  {
    code: "payment_or_identity",
    family: "advance_payment",
    pattern:
      /\b(pay|paying|paid|transfer\w*|send|sending|wire)\b[^.?!\n]{0,40}\b(up ?front|in advance|ahead of time)\b|\b(send|give|tell|email|text) me your (full )?(legal )?(name|home address|address|personal details|details)\b/i,
  },
  // Money the lead says they have already paid: a person checks the books, never a template.
  {
    code: "payment_or_identity",
    family: "payment_made",
    pattern:
      /\b(i|we)(\s?'ve| have)? (already |just )?(paid|sent|transferred|wired)\b[^.?!\n]{0,30}\b(deposits?|money|payments?|rent|fees?)\b|\bdid (you|u) (get|receive|see) (my|the|our) (deposit|payment|money|transfer|rent|fee)\b|\b(received|receive|get|got) my (deposit|payment|money|transfer)\b/i,
  },
  {
    code: "payment_or_identity",
    family: "access_code",
    pattern: /\b(lock ?box|key ?box|door|gate|entry|access|alarm) codes?\b/i,
  },
  {
    code: "payment_or_identity",
    family: "bank_or_card",
    pattern:
      /\b(bank(ing)? (account|details|transfer|info|information)|account number|routing( number)?|sort code|iban|swift|credit card|debit card|card (number|details)|cvv|cvc|escrow|payment link)\b/i,
  },
  {
    code: "payment_or_identity",
    family: "payment_channel",
    pattern:
      /\b(wire (transfer|the money|money)|wire|western union|moneygram|zelle|venmo|cash ?app|paypal|wise|revolut|remitly|payoneer|ach|sepa|gift ?cards?|bitcoin|crypto|usdt|send (you )?(the )?money|(send|transfer|wire|pay) (you )?(the |a |my |first )?(deposit|money|payment|holding (fee|deposit)|first month'?s?( rent)?|rent) (now|today|first|online|through|via|before|to (hold|secure)))\b/i,
  },
  // A lead pasting an SSN-like or card-like number: keep it away from automation.
  { code: "payment_or_identity", family: "number_in_message", pattern: /\b\d{3}[- ]\d{2}[- ]\d{4}\b/ },
  { code: "payment_or_identity", family: "number_in_message", pattern: /\b(?:\d[ -]?){13,19}\b/ },
];
