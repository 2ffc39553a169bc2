// Every threshold, keyword family, template mapping and reason code of the pipeline, as data.
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

// ---------------------------------------------------------------------------------------------
// Intents
// ---------------------------------------------------------------------------------------------
export const INTENTS = [
  "tour_request",
  "availability",
  "price_deposit",
  "application_process",
  "pets",
  "listing_question",
  "nudge",
  "not_interested",
  "opt_out",
  "opt_in",
  "unknown",
] as const;

// ---------------------------------------------------------------------------------------------
// Thresholds
// ---------------------------------------------------------------------------------------------
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
// The model provider's wall-clock budget; past it we fall back to heuristics.
export const MODEL_TIMEOUT_MS = 4000;
export const DEFAULT_MODEL = "@cf/meta/llama-3.1-8b-instruct";
// Longest suggested reply we accept from a model.
export const MAX_MODEL_REPLY_LENGTH = 1500;

// ---------------------------------------------------------------------------------------------
// Intent keyword families (heuristic classifier)
// ---------------------------------------------------------------------------------------------
export interface IntentRule {
  intent: Exclude<(typeof INTENTS)[number], "opt_out" | "opt_in" | "unknown">;
  // Confidence when at least one pattern matches.
  weight: number;
  patterns: readonly RegExp[];
}

export const INTENT_RULES: readonly IntentRule[] = [
  {
    intent: "not_interested",
    weight: 0.9,
    patterns: [
      /\b(not|no longer) interested\b/i,
      /\bfound (another|a|an|my) (place|room|apartment|flat|home|house|unit|spot)\b/i,
      /\bfound somewhere\b/i,
      /\b(going|gone|went) with (another|a different|someone else)\b/i,
      /\b(signed|rented|renting) (a lease )?elsewhere\b/i,
      /\bno longer (looking|need(ed)?|searching)\b/i,
      /\b(i'?ll|i will|going to) pass\b/i,
      /\bchanged my mind\b/i,
    ],
  },
  {
    intent: "application_process",
    weight: 0.8,
    patterns: [
      /\b(apply|applying|application|applications)\b/i,
      /\b(credit|background|reference) checks?\b/i,
      /\bscreening\b/i,
      /\b(guarantor|co-?signer)\b/i,
      /\bproof of (income|employment)\b/i,
      /\bpaperwork\b/i,
      /\b(sign|signing) (the|a) (lease|contract|agreement)\b/i,
      /\blease (terms?|length|agreement|duration)\b/i,
      /\bminimum (stay|term|lease)\b/i,
    ],
  },
  {
    intent: "price_deposit",
    weight: 0.85,
    patterns: [
      /\b(price|pricing|cost|costs)\b/i,
      /\bhow much\b/i,
      /\b(deposit|security deposit|holding deposit)\b/i,
      /\b(fee|fees|admin fee|broker fee)\b/i,
      /(?:\$|£|€)\s?\d/,
      /\b(what('?s| is) the rent|the rent|monthly rent|rent (is|per|a month|include[sd]?)|rent\?)/i,
      /\b(per month|pcm|per week|pw)\b/i,
      /\b(negotiable|discount|cheaper|lower the)\b/i,
      /\b(bills|utilities) included\b/i,
    ],
  },
  {
    intent: "pets",
    weight: 0.85,
    patterns: [/\b(pets?|dogs?|cats?|pupp(y|ies)|kittens?|pet[- ]friendly|rabbit|hamster|bird)\b/i],
  },
  {
    intent: "tour_request",
    weight: 0.85,
    patterns: [
      /\b(tour|tours|viewing|viewings|showing|walk-?through)\b/i,
      /\b(view|visit|see|look at|check out) (it|the (room|place|apartment|flat|unit|property|house|home))\b/i,
      /\bcome (by|over|and see|to see|take a look)\b/i,
      /\b(schedule|book|arrange|set up) (a |an )?(time|visit|viewing|tour|showing|appointment)\b/i,
      /\bin person\b/i,
      /\bvirtual (tour|viewing)\b/i,
    ],
  },
  {
    intent: "availability",
    weight: 0.8,
    patterns: [
      /\b(still )?available\b/i,
      /\bavailability\b/i,
      /\b(vacant|vacancy)\b/i,
      /\bmove[- ]in( date)?\b/i,
      /\bwhen can i move\b/i,
      /\b(is it|is the room|is the place) (still )?(open|free|taken|gone)\b/i,
      /\bhas it been (rented|taken|let)\b/i,
      /\b(start|starting) date\b/i,
      // The usual first message on the sites; the lookbehind keeps "not interested in the room" out.
      /(?<!\b(not|no longer) )\binterested in (the|your|this) (room|place|apartment|flat|listing|unit|property|house)\b/i,
    ],
  },
  {
    intent: "listing_question",
    weight: 0.7,
    patterns: [
      /\b(furnished|unfurnished|parking|laundry|washer|dryer|dishwasher|wi-?fi|internet|heating)\b/i,
      /\b(square (feet|foot|metres|meters)|sq ?ft|bedrooms?|bathrooms?|en-?suite|kitchen|balcony)\b/i,
      /\b(roommates?|flatmates?|housemates?)\b/i,
      /\b(amenities|gym|pool|storage|elevator|lift)\b/i,
      /\b(address|where is it|location|located|neighbou?rhood|commute|subway|train|tube|bus|nearby|close to)\b/i,
      /\b(utilities|bills)\b/i,
    ],
  },
] as const;

// Nudges count only when the conversation already has an outbound message of ours (otherwise there
// is nothing to "follow up" on and the text is treated as whatever else it says).
export const NUDGE_WEIGHT = 0.8;
export const NUDGE_PATTERNS: readonly RegExp[] = [
  /\bany (update|updates|news)\b/i,
  /\bfollow(ing)?[- ]up\b/i,
  /\b(just )?checking in\b/i,
  /\bjust checking\b/i,
  /\b(heard|hear) back\b/i,
  /\bdid you (get|see|receive) my (message|email|note)\b/i,
  /\bstill waiting\b/i,
  /^\s*(hello|hi|hey)?\s*\?+\s*$/i,
];

// Hedging words make the message ambiguous (a person reads it) whatever the intent score.
export const HEDGING_PATTERNS: readonly RegExp[] = [
  /\bnot sure\b/i,
  /\bunsure\b/i,
  /\bmaybe\b/i,
  /\bconfused\b/i,
  /\bwhat do you mean\b/i,
  /\bcan you explain\b/i,
  /\bunclear\b/i,
  /\b(don'?t|do not) understand\b/i,
  /\bi guess\b/i,
];

// Pairs that often appear together and that one reply can serve. The first intent of a pair wins
// as primary; the other becomes a non-competing secondary intent.
export const COMPATIBLE_INTENTS: readonly (readonly [string, string])[] = [
  ["tour_request", "availability"],
  ["tour_request", "listing_question"],
  ["availability", "listing_question"],
];

// Tie-break between intents with the same score: the first listed wins. Intents that need a person
// come first so that a tie never hides them behind an auto-reply intent.
export const INTENT_PRIORITY: readonly string[] = [
  "not_interested",
  "application_process",
  "price_deposit",
  "pets",
  "tour_request",
  "availability",
  "listing_question",
  "nudge",
];

// ---------------------------------------------------------------------------------------------
// Which intents get a templated reply, and which always wait for a person
// ---------------------------------------------------------------------------------------------
// A person answers these even when a template exists:
// - not_interested: nothing useful to auto-say; a person closes the lead (and "not interested"
//   cues are close to opt-outs, which must never get a chatty reply).
// - application_process: screening criteria (credit, income, references) differ per property and
//   are legally sensitive; a wrong automatic answer is a fair-housing / consumer-law risk.
// - opt_out: only reachable from a model classification; we do not persist an opt-out on a model's
//   word (a hallucination would silence a lead), a person confirms.
// - opt_in: a bare "START" / "YES" has no question to answer; a person resumes the conversation.
export const INTENTS_NEEDING_PERSON: readonly string[] = [
  "not_interested",
  "application_process",
  "opt_out",
  "opt_in",
];

// Template intents tried, in order, for each classified intent. `availability` falls back to the
// tour template, whose wording ("available from {{available_from}}, book a viewing…") covers it.
export const TEMPLATE_INTENTS_FOR: Readonly<Record<string, readonly string[]>> = {
  tour_request: ["tour_request"],
  availability: ["availability", "tour_request"],
  price_deposit: ["price_deposit"],
  pets: ["pets"],
  listing_question: ["listing_question"],
  nudge: ["nudge"],
};

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------
export const TEMPLATE_VARIABLES = [
  "first_name",
  "listing_title",
  "price",
  "available_from",
  "area",
  "viewing_link",
] as const;
// `{{ name }}`, whitespace inside the braces allowed (same syntax as the earlier project).
export const TEMPLATE_PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]*)\s*\}\}/g;
// Optional parts: `{{#name}}…{{/name}}` is kept only when `name` has a value, `{{^name}}…{{/name}}`
// only when it has none, so one template reads well with and without a fact ("Hi Jane," / "Hi,").
// Sections of different names may nest; a placeholder outside every section is required.
export const TEMPLATE_SECTION = /\{\{\s*([#^])\s*([A-Za-z0-9_]+)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/g;
// Used as DecisionReply.templateId when the reply was written by the model.
export const MODEL_REPLY_TEMPLATE_ID = "model";

// ---------------------------------------------------------------------------------------------
// Opt-out / opt-in
// ---------------------------------------------------------------------------------------------
// Industry words (EliseAI / carrier SMS conventions). They count only as the WHOLE message
// (politeness words aside): "stop" inside "bus stop" or "end" in "when does the lease end?" must not
// silence a lead.
export const OPT_OUT_WORDS: readonly string[] = ["stop", "stopall", "unsubscribe", "cancel", "end", "quit"];
export const OPT_IN_WORDS: readonly string[] = ["start", "unstop", "yes"];
// Words ignored around a bare keyword: "STOP please", "stop!!", "ok stop now".
export const OPT_FILLER_WORDS: readonly string[] = [
  "please",
  "pls",
  "plz",
  "now",
  "ok",
  "okay",
  "thanks",
  "thank",
  "you",
];
// Clear phrases that opt out anywhere in a message.
export const OPT_OUT_PHRASES: readonly RegExp[] = [
  /\bunsubscribe\b/i,
  /\bstop (messaging|texting|contacting|emailing|e-mailing|sending|writing|bothering|spamming)\b/i,
  /\bplease stop\s*[.!]*\s*$/i,
  /\b(do not|don'?t|dont) (contact|message|text|email|e-mail|call|write to) me\b/i,
  /\bremove me\b/i,
  /\btake me off\b/i,
  /\bleave me alone\b/i,
  /\bopt(ing)?[- ]?out\b/i,
  /\bno more (messages|texts|emails)\b/i,
  /\blose my (number|contact)\b/i,
];
export const OPT_IN_PHRASES: readonly RegExp[] = [
  /\bplease resume\b/i,
  /\bresume (messages|messaging|contact|contacting me)\b/i,
  /\bopt(ing)?[- ]?(back )?in\b/i,
  /\byou (can|may) (contact|message|text|email) me again\b/i,
  /\bstart (messaging|texting|contacting|emailing) me again\b/i,
];

// ---------------------------------------------------------------------------------------------
// Guardrails
// ---------------------------------------------------------------------------------------------
export const GUARDRAIL_CODES = [
  // inbound
  "legal_threat",
  "abuse",
  "payment_or_identity",
  "fair_housing",
  "prompt_injection",
  // outbound (a composed, model-written or manual reply)
  "outbound_personal_data",
  "outbound_steering",
  "outbound_template_hole",
] as const;

export interface GuardrailRule {
  code: (typeof GUARDRAIL_CODES)[number];
  // Which sub-family matched (e.g. "familial_status"), shown in the hit's detail.
  family: string;
  pattern: RegExp;
}

export const INBOUND_GUARDRAILS: readonly GuardrailRule[] = [
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
      /\b(hud complaint|fair housing (complaint|council|agency)|discriminat(e|es|ed|ion|ing|ory)|report you)\b/i,
  },
  {
    code: "abuse",
    family: "abuse",
    pattern:
      /\b(fuck\w*|shit\w*|bitch\w*|bastard|asshole|idiot|stupid|moron|retard\w*|cunt|dickhead|hate you|scumbag)\b/i,
  },
  { code: "abuse", family: "threat", pattern: /\b(i will|i'?ll|gonna) (hurt|kill|find|get) you\b/i },
  // Payment and identity numbers: scams run through exactly these, and no reply should touch them.
  {
    code: "payment_or_identity",
    family: "identity_number",
    pattern:
      /\b(ssn|social security|national insurance|ni number|passport (number|no|details)|driver'?s licen[cs]e|id number|tax id|itin)\b/i,
  },
  {
    code: "payment_or_identity",
    family: "bank_or_card",
    pattern:
      /\b(bank (account|details|transfer)|account number|routing( number)?|sort code|iban|swift|credit card|debit card|card (number|details)|cvv|cvc)\b/i,
  },
  {
    code: "payment_or_identity",
    family: "payment_channel",
    pattern:
      /\b(wire (transfer|the money|money)|wire|western union|moneygram|zelle|venmo|cash ?app|paypal|gift ?cards?|bitcoin|crypto|send (you )?(the )?money)\b/i,
  },
  // A lead pasting an SSN-like or card-like number: keep it away from automation.
  { code: "payment_or_identity", family: "number_in_message", pattern: /\b\d{3}[- ]\d{2}[- ]\d{4}\b/ },
  { code: "payment_or_identity", family: "number_in_message", pattern: /\b(?:\d[ -]?){13,19}\b/ },
  // Fair housing: any question or request about a protected characteristic goes to a person. Some
  // innocent messages trip this ("my kids' school nearby?"); a person's glance is the accepted cost.
  {
    code: "fair_housing",
    family: "race_colour",
    pattern:
      /\b(race|racial|ethnic(ity|ities)?|demographics?|diversity|diverse|minorit(y|ies)|people of colou?r|colou?red)\b/i,
  },
  {
    code: "fair_housing",
    family: "race_colour",
    pattern:
      /\b(black|white|asian|hispanic|latino|latina|latinx|arab|african|mexican|chinese|indian) (people|folks|persons|tenants|neighbou?rs|famil(y|ies)|area|neighbou?rhood|community|household|only|preferred)\b/i,
  },
  {
    code: "fair_housing",
    family: "neighbourhood_character",
    pattern:
      /\bwhat (kind|type|sort) of (people|neighbou?rs|crowd|folks|community)\b|\b(is (it|the area|the neighbou?rhood) safe|safe (area|neighbou?rhood)|good (area|neighbou?rhood) for)\b/i,
  },
  {
    code: "fair_housing",
    family: "religion",
    pattern:
      /\b(religio(n|ns|us)|church|mosque|synagogue|temple|christians?|muslims?|jewish|jews?|hindus?|sikhs?|buddhists?|catholics?|atheists?|mormons?)\b/i,
  },
  {
    code: "fair_housing",
    family: "national_origin",
    pattern:
      /\b(immigrants?|immigration|citizens?|citizenship|green card|visa status|foreigners?|nationality|nationalities|country of origin|accent|english (speakers?|speaking)|undocumented|refugees?|asylum|international students?)\b/i,
  },
  {
    code: "fair_housing",
    family: "sex_gender",
    pattern:
      /\b(gender|gay|lesbian|lgbt\w*|queer|transgender|trans (person|woman|man|people)|sexual orientation|(male|female|men|women|girls?|guys|ladies)[- ]only|only (males?|females?|men|women|girls|guys|ladies)|(male|female) (tenants?|flatmates?|roommates?) (preferred|wanted))\b/i,
  },
  {
    code: "fair_housing",
    family: "familial_status",
    pattern:
      /\b(kids?|kid'?s|child|children|children'?s|baby|babies|toddlers?|pregnan(t|cy)|famil(y|ies)|sons?|daughters?|teen(ager)?s?|custody|newborn)\b/i,
  },
  {
    code: "fair_housing",
    family: "disability",
    pattern:
      /\b(wheelchair|disab(led|ility|ilities)|handicap(ped)?|accessib(le|ility) (unit|apartment|flat|room|for)|accessibility|service (animal|dog)|assistance (animal|dog)|emotional support|blind|deaf|mobility (aid|issues?|scooter)|mental (health|illness)|reasonable accommodation|hiv|step[- ]free)\b/i,
  },
  // Case-sensitive: "Ada" and "esa" are also a name and a Spanish word.
  { code: "fair_housing", family: "disability", pattern: /\b(ADA|ESA)\b/ },
  {
    code: "fair_housing",
    family: "age_marital_income",
    pattern:
      /\b(age (limit|restriction|requirement)|too old|seniors? only|(married|unmarried) (couples?|only)|marital status|section ?8|housing (voucher|benefit|choice)|vouchers?|dss|universal credit|welfare|food stamps)\b/i,
  },
  // Text that tries to instruct the bot. It is data, never an instruction (architecture invariant 7).
  {
    code: "prompt_injection",
    family: "override",
    pattern:
      /\b(ignore|disregard|forget|override) (all |any |the |your )?(previous|prior|above|earlier|preceding|system|your)? ?(instructions?|prompts?|rules|guidelines|context)\b/i,
  },
  {
    code: "prompt_injection",
    family: "role",
    pattern:
      /\b(you are now|from now on you|act as (if|though|an? (ai|assistant|bot|chatbot|model|admin|administrator|developer|system))|pretend (to be|you are)|roleplay as|system prompt|developer mode|jailbreak|new instructions|as an ai( language model)?)\b/i,
  },
  {
    code: "prompt_injection",
    family: "command",
    pattern:
      /\b(reply|respond|answer) (only )?with\b|\b(say|print|output|repeat) (exactly|verbatim|after me)\b/i,
  },
  {
    code: "prompt_injection",
    family: "markup",
    pattern: /<\/?(system|assistant|user|instructions?)>|\[\/?INST\]/i,
  },
];

// Personal data patterns, shared by the outbound guardrail and the redactor (see redact.ts). URLs are
// removed before the digit checks because a viewing link may carry a long numeric id.
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
export const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/i;
export const SSN_LIKE_PATTERN = /\b\d{3}[- ]?\d{2}[- ]?\d{4}\b/;
export const LONG_DIGIT_RUN_PATTERN = /\d{9,}/;
// A run of digits and phone separators; it is a phone when it holds PHONE_MIN_DIGITS..PHONE_MAX_DIGITS
// digits. Dates (2025-09-01: 8 digits) and price ranges (1200 - 1500: 8 digits) stay below the floor.
export const PHONE_CANDIDATE_PATTERN = /\+?\(?\d[\d\s().-]{5,}\d/;
export const PHONE_MIN_DIGITS = 10;
export const PHONE_MAX_DIGITS = 15;
// A 7-digit local number such as 555-1234 (no space, so "2 1200" style text is not caught).
export const LOCAL_PHONE_PATTERN = /\b\d{3}[-.]\d{4}\b/;

export const OUTBOUND_STEERING: readonly RegExp[] = [
  /\b(perfect|ideal|great|suited|suitable|best) for (a |an )?(young|older|mature|single|retired|christian|muslim|jewish|married|childless)\b/i,
  /\b(perfect|ideal|great|suited|suitable|best) for (christians|muslims|jews|families|singles|couples without|professionals only)\b/i,
  /\byoung professionals?\b/i,
  /\b(no|not for) (kids|children|families|babies|pets and kids)\b/i,
  /\b(adults?|singles?|couples?|males?|females?|men|women|girls|guys|ladies|christians?|muslims?|seniors?|professionals?|students?|english speakers?) only\b/i,
  /\bonly (adults|singles|couples|males?|females?|men|women|christians|muslims|english speakers)\b/i,
  /\b(christian|muslim|jewish|catholic|hindu) (household|home|tenants?|family) (preferred|only|wanted)\b/i,
  /\bno (section ?8|vouchers|dss|housing benefit|immigrants|foreigners|wheelchairs?)\b/i,
  /\bmust (be|speak) (english|a citizen|able[- ]bodied|healthy|married)\b/i,
  /\b(mature|quiet older) (tenant|couple|person)s? (preferred|only|wanted)\b/i,
];

// Leftovers of a template that did not render: a reply must never show these to a lead.
export const TEMPLATE_HOLE_PATTERNS: readonly RegExp[] = [
  /\{\{|\}\}/,
  /\{\s*[A-Za-z_]+\s*\}/,
  /\bundefined\b/,
  /\[object Object\]/,
  /\bNaN\b/,
  /\bnull\b/,
];

// ---------------------------------------------------------------------------------------------
// Reason codes: every Decision carries exactly one. Order here = order of checks in decide.ts.
// ---------------------------------------------------------------------------------------------
export const REASON_CODES = [
  "account_inactive",
  "opt_out_requested",
  "lead_opted_out",
  "conversation_paused",
  "inbound_guardrail",
  "opt_in_received",
  "empty_message",
  "message_too_long",
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

// ---------------------------------------------------------------------------------------------
// Model provider
// ---------------------------------------------------------------------------------------------
export const MODEL_FALLBACK_REASONS = [
  "empty_input",
  "timeout",
  "binding_error",
  "malformed_output",
  "schema_mismatch",
  "unknown_intent",
  "unsafe_suggested_reply",
] as const;
