// Inbound guardrail family `legal_threat`: legal threats, complaints, rent-law questions and deposit
// disputes (guardrails.ts). INBOUND_GUARDRAILS (guardrails-inbound.ts) runs them in order.
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

import type { GuardrailRule } from "./guardrail-codes.ts";

export const LEGAL_RULES: readonly GuardrailRule[] = [
  // Legal threats and formal complaints: a person (and maybe counsel) answers.
  {
    code: "legal_threat",
    family: "legal",
    pattern:
      /\b(attorney|lawyer|solicitor|lawsuit|legal (action|notice|advice)|sue (you|them|the|your)|suing|take (you|this) to court|see you in court|small claims|tribunal|ombudsman)\b/i,
  },
  {
    code: "legal_threat",
    family: "complaint",
    pattern:
      /\b(hud complaint|fair housing (complaint|council|agency)|discriminat(e|es|ed|ion|ing|ory)|report(ing)? you)\b/i,
  },
  {
    code: "legal_threat",
    family: "complaint",
    pattern:
      /\b((formal|official) complaint|(make|file|filing|lodge|lodging|raise) a complaint|complain(ing)? (to|about)|speak (to|with) (a|the|your) (manager|supervisor|boss)|unacceptable|(false|misleading) (advertising|ad|listing)|fake (listing|photos?|ad)|bait and switch|scam(s|mer|mers|ming)?|(1|one)[- ]star|(bad|negative) review|leave a review)\b/i,
  },
  {
    code: "legal_threat",
    family: "authority",
    pattern:
      /\b(housing authority|consumer protection|attorney general|better business bureau|bbb|code enforcement|department of buildings|trading standards|rent (board|tribunal)|housing court|tenants?'? (rights|union)|illegal(ly)?|unlawful(ly)?|breach of contract|(going|go|take (you|this|it|them)) to court|see you in court|housing court)\b/i,
  },
  // Reporting the listing or us to someone, and questions about the legal rent: a person answers.
  {
    code: "legal_threat",
    family: "complaint",
    pattern:
      /\b(report(ing|ed)? (it|you|them|him|her|(this|that|the|your)( (listing|agent|landlord|owner|ad|company))?) (to|with)\b|(file|filing|make|making|submit\w*) a report|rent[- ]?(stabili[sz]ed|stabili[sz]ation|controlled|control|regulated)|regulated rent|legal (rent|amount|limit|maximum)|dhcr|overcharg\w*)/i,
  },
  // A dispute about money already paid (deposit, fee): a person answers, never a template.
  {
    code: "legal_threat",
    family: "deposit_dispute",
    pattern:
      /\b(have|has|had|kept|keep|keeping|holding|held|took|taken|still got)\b[^.?!\n]{0,25}\b(my|our)\b[^.?!\n]{0,20}\b(deposit|money)\b|\b(want|need|demand)s? (my|our) money\b/i,
  },
  {
    code: "legal_threat",
    family: "deposit_dispute",
    pattern:
      /\b(return|returned|refund|refunded|owe|owed|withh[eo]ld\w*)\b[^.?!]{0,40}\b(deposit|fee|money|payment)s?\b|\b(deposit|fee|money|payment)s?\b[^.?!]{0,40}\b(returned|refunded|owed|withheld)\b/i,
  },
  {
    code: "legal_threat",
    family: "deposit_dispute",
    pattern:
      /\b(deposit|money)\b[^.?!]{0,60}\b(got|get|getting|gotten|give|giving|gave)\b[^.?!]{0,15}\bback\b/i,
  },
  {
    code: "legal_threat",
    family: "deposit_dispute",
    pattern:
      /\b((deposit|money|fee|payment)s? (back|returned|refunded)|(get|want|need|demand) (my|the|our) (deposit|money|fee)s? back|return (my|our) (deposit|money)|refund (of|for|my|our)|(full|partial|deposit) refund|(withh(e|o)ld(ing)?|kept|keeping|stole|stolen) (my|our) (security )?(deposit|money)|deductions?|disput(e|es|ed|ing)|chargeback|you owe (me|us)|(entitled to|claim|demand|seek|want) compensation|theft|deposit (protection|scheme)|(never|still (haven'?t|not)) (got|gotten|received|returned) (my|the|our) (deposit|money|refund|fee))\b/i,
  },
];
