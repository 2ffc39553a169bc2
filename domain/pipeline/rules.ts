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
      /\b(go|going|gone|went) with (another|a different|someone else)\b/i,
      /\bfound (something|somewhere|a place)\b/i,
      /\bwon'?t (be )?need(ing)? (it|the (place|room|apartment|flat|unit))\b/i,
      /\bout of (my|our) (budget|price range)\b|\btoo expensive for (me|us)\b/i,
      /\b(stay|staying) (where (we|i) (are|am)|put)\b/i,
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
      /\bincome requirements?\b|\b\d{2}x (the )?rent\b/i,
      /\bscreening\b/i,
      /\bpaperwork\b/i,
      // References, proof of income, guarantors, credit: APPLICATION_SOFT_PATTERNS (asked, not offered).
      /\b(sign|signing) (the|a) (lease|contract|agreement)\b/i,
      /\blease (terms?|agreement)\b/i,
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
      /\b(what('?s| is) the rent|the rent|monthly rent|rent (is|per|a month|include[sd]?)|(?<!for )rent\?)/i,
      /\b(per month|pcm|per week|pw)\b/i,
      /\b(negotiable|discount|cheaper|lower the)\b/i,
      /\b(bills|utilities) included\b/i,
      /\b(rate|rates|concessions?|free month|the monthly|net effective)\b|\bwhat'?s (the )?rent\b|\brent (looking|look) like\b/i,
    ],
  },
  {
    intent: "pets",
    weight: 0.85,
    patterns: [
      /\b(pets?|dogs?|cats?|pupp(y|ies)|kittens?|pet[- ]friendly|rabbits?|hamsters?|birds?|parrots?|fish|fish tank|aquarium|guinea pigs?|ferrets?|lizards?|snakes?|reptiles?|bunny|bunnies|doggo|pup)\b/i,
    ],
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
      /\bopen house\b/i,
      /\bcheck (it|the \w+|this \w+|that \w+) out\b|\bcome (thru|through) and see\b/i,
      /\b(have|take|get) a (quick |proper )?look( round| around| at (it|the \w+))?\b|\b(pop|swing|stop|drop|come) (round|by|over)\b/i,
      /\bshow (me )?(it|around|the (room|place|apartment|flat|unit|property|house|home))\b/i,
      /\b(see|view|visit|tour) (apartment|unit|room|flat|place|house|home|#?\d+[a-z]?)\b/i,
      /\b(appointment|viewing slot)\b/i,
      /\bto view\b|\b(can|could|may) (i|we) (view|visit|tour)\b/i,
      /\b(video|facetime|zoom|skype) (tour|viewing|call|walk-?through)\b|\bfacetime\b/i,
    ],
  },
  {
    intent: "availability",
    weight: 0.8,
    patterns: [
      /\b(still )?available\b/i,
      /\bavailability\b/i,
      /\b(vacant|vacancy)\b/i,
      /\bmove[- ]in(?! (costs?|fees?|specials?))( date)?\b/i,
      /\bavail\b/i,
      /\bhas (it|the \w+|this \w+) gone\b|\bstill (a thing|active|live)\b|\blisting still\b/i,
      /\bopenings?\b|\blooking for someone\b|\bstill (happening|on|open|free)\b|\bmove[sd]? out\b/i,
      /\bhas (it|this \w+|the \w+|that \w+) been (rented|taken|let|filled)\b|\b(dates?|days) (are |is )?(flexible|open|free|available)\b/i,
      /\bon the market\b|\bup for grabs\b|\bstill (up|going|listed|for rent)\b/i,
      /\b(is|are) (it|this|that|the \w+( \w+)?|your \w+|those \w+) (still )?(open|free|taken|gone|booked|rented|vacant)\b/i,
      /\b(free|open|vacant) (from|starting|for (the )?(month|dates|january|february|march|april|may|june|july|august|september|october|november|december))\b/i,
      /\bwhen (does|will|would|can|is) (it|the (lease|takeover|sublet|lease takeover|room|place|tenancy|rental|unit)) (start|begin|be (free|available|ready))\b/i,
      /(?<!\b(not|no longer|longer) )\b(i'?m|i am|we'?re|we are) (very |really |super |still )?interested\b(?! in (applying|renting elsewhere))/i,
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
      /\b(a\/?c|air ?con(ditioning)?|aircon|linens|towels|bedding|kitchenware|cookware|utensils|doorman|concierge|desk|workspace|floor ?plan)\b/i,
      /\bhow many (people|flatmates|roommates|housemates|tenants|residents)\b/i,
      /\b(bath|bathtub|tub|shower|washing machine|stove|oven|microwave|fridge|freezer|gas|radiator|natural light|high floor|low floor|floor is|lounge|living room|common area|shared space|bed|mattress|wardrobe|closet|tv|internet speed|view from)\b/i,
      /\b(garden|yard|patio|terrace|roof|outside space|outdoor space|superintendent|super on site|on[- ]site|how far|distance (to|from)|by car|walking distance|noisy|noise|quiet|sunlight|sunny|bright)\b/i,
      /\blease (length|duration)\b|\bminimum (stay|term|lease)\b|\bmonths? (are |is )?(left|remaining)\b|\bhow long is the lease\b/i,
    ],
  },
] as const;

// Nudges count only when the conversation already has an outbound message of ours (otherwise there
// is nothing to "follow up" on and the text is treated as whatever else it says).
export const NUDGE_WEIGHT = 0.8;
export const NUDGE_PATTERNS: readonly RegExp[] = [
  /\bany (update|updates|news|word)\b/i,
  /\bbump(ing)?\b/i,
  /\b(had|get|got) a chance\b|\bget back to me\b/i,
  /\bhaven'?t heard\b|\bno (reply|response) yet\b/i,
  /\bstill interested\b/i,
  /\bany (response|reply)\b|\bnudg(e|ing)\b|\bgot buried\b|\bhaven'?t heard from you\b/i,
  /\b(circling|checking|getting) back\b|\bsorry to (bug|bother|chase)\b|\bchas(e|ing) (this|up)\b/i,
  /^\s*(hel+o+|hi+|hey+)?\s*\?+(?:[\s\p{Extended_Pictographic}:)(]|\uFE0F)*$/u,
  /^\s*(hel+o+|hi+|hey+)\s*\?+\s*$/i,
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

/** Intents a template can serve: the ones selectTemplate ever looks up. */
export const TEMPLATE_INTENTS = [...new Set(Object.values(TEMPLATE_INTENTS_FOR).flat())] as [
  string,
  ...string[],
];

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
// Template variable whose value answers an intent: a reply that carries it answers that question
// too, so a message asking it beside another question can still get one reply (coverage.ts).
export const INTENT_ANSWER_VARIABLE: Readonly<Record<string, (typeof TEMPLATE_VARIABLES)[number]>> = {
  price_deposit: "price",
  availability: "available_from",
  tour_request: "viewing_link",
};
// Used as DecisionReply.templateId when the reply was written by the model.
export const MODEL_REPLY_TEMPLATE_ID = "model";

// ---------------------------------------------------------------------------------------------
// Opt-out / opt-in
// ---------------------------------------------------------------------------------------------
// Industry words (EliseAI / carrier SMS conventions). They count only as the WHOLE message
// (politeness words aside): "stop" inside "bus stop" or "end" in "when does the lease end?" must not
// silence a lead.
export const OPT_OUT_WORDS: readonly string[] = [
  "stop",
  "stopall",
  "unsubscribe",
  "cancel",
  "end",
  "quit",
  // The same carrier word in the languages leads write in (German/Nordic, Spanish/Italian, French).
  "stopp",
  "basta",
  "alto",
  "arrêt",
  "arrête",
  "arrêtez",
];
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
  /\b(stop|quit|cease) (messaging|msging|msg|texting|txting|contacting|emailing|e-mailing|sending|writing|bothering|spamming|calling|hitting me up|reaching out|pestering)\b/i,
  /\bcease (all )?(contact|communications?)\b/i,
  /\bnever (contact|message|text|email|e-mail|call|write to) me\b/i,
  /\b(don'?t|do not|dont) (reach out|get in touch|write)( to me)? (again|anymore|any more)\b/i,
  /\b(don'?t|do not|dont) want (to hear from you|any more (messages|texts|emails)|more (messages|texts|emails)|further (contact|messages))\b/i,
  /\bdelete my (details|data|info|information|number|contact details)\b/i,
  /\bplease stop\s*[.!]*\s*$/i,
  /\b(do not|don'?t|dont) (contact|message|text|email|e-mail|call|write to) me\b/i,
  /\bremove (me|my (number|details|info|email|contact))\b/i,
  /\btake me off\b/i,
  /\bleave me alone\b/i,
  /\bopt(ing)?[- ]?out\b/i,
  /\bno more (messages|texts|emails)\b/i,
  /\blose my (number|contact)\b/i,
  // Spanish, French, German, Portuguese, Italian, Chinese. Written with \p{L}-free boundaries where
  // accents sit at a word's edge, since \b only knows ASCII word characters.
  /\bno me (escriba[ns]?|escribas|env[íi]e[ns]?|env[íi]es|contacte[ns]?|contactes|mande[ns]?|mandes|llame[ns]?)\b/i,
  /\b(darme|darse|me doy|dar) de baja\b|\bdejen? de (escribirme|enviarme|contactarme|mandarme)\b/i,
  /\bne (me )?(contactez|[ée]crivez|envoyez) (plus|pas)\b|\barr[êe]tez de m'(envoyer|[ée]crire|contacter)|d[ée]sabonn|d[ée]sinscri/i,
  /\b(kontaktieren|schreiben|anrufen) sie mich nicht mehr\b|\bnicht mehr (kontaktieren|schreiben)\b|\babmelden\b|\bkeine (nachrichten|e-?mails) mehr\b/i,
  /\bpar[ae] de me (mandar|enviar|contatar|contactar|ligar)\b|\bn[ãa]o me (contate|contatem|mande|mandem|envie|enviem|ligue)\b/i,
  /\bnon (mi )?(contattate|contattarmi|scrivete|scrivermi)\b|\bnon contattatemi\b|\bsmett(i|ete)(la)? di (scrivermi|contattarmi)\b/i,
  /停止|退订|退訂|取消订阅|不要再(联系|聯絡|联络|发|發)/,
];
export const OPT_IN_PHRASES: readonly RegExp[] = [
  /\bplease resume\b/i,
  /\bresume (messages|messaging|contact|contacting me)\b/i,
  /\bopt(ing)?[- ]?(back )?in\b/i,
  /\byou (can|may) (contact|message|text|email) me again\b/i,
  /\bstart (messaging|texting|contacting|emailing) me again\b/i,
  // "START. Is it still available?": the carrier keyword opening a message, set off by punctuation
  // ("Start date?" is a question, not a keyword).
  /^\s*(start|unstop)\s*[.!,:;–—-]+/i,
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
  "markup_or_code",
  "unknown_contact",
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
  {
    code: "abuse",
    family: "abuse",
    pattern:
      /\b(fuck\w*|shit\w*|bitch\w*|bastard|asshole|idiot|stupid|moron|retard\w*|cunt|dickhead|hate you|scum\w*|useless|pathetic|incompetent|clowns?|losers?|crooks?|liars?|dumb(ass)?|jerks?|wtf|stfu|piece of (crap|shit|garbage)|go to hell|shut up|rot in hell|hope you rot)\b/i,
  },
  // Censored swearing: "f***", "b*tch", "sh!t".
  { code: "abuse", family: "abuse", pattern: /\bf[*#@$!]{2,}|\b(b[*#@!]tch|sh[*#@!]t|f[*#@!]ck)/i },
  { code: "abuse", family: "threat", pattern: /\b(i will|i'?ll|gonna) (hurt|kill|find|get) you\b/i },
  {
    code: "abuse",
    family: "threat",
    pattern:
      /\b((burn|blow) (it|the (place|house|building|flat|apartment)|you(r \w+)?) (down|up)|know where you live|watch your back|you'?ll regret|make your life (a )?(living )?(hell|miserable)|sort you out|(kill|hurt|shoot|stab|beat|punch|smash) (you|your)|you('?ll| will) be sorry)\b/i,
  },
  {
    code: "abuse",
    family: "harassment",
    pattern:
      /\b((pic|pics|picture|pictures|photo|photos|selfie)s? of (you|yourself|urself)|nudes?|sexy|are you single|you (sound|look|seem) (cute|hot|sexy|beautiful|pretty)|sweetie|sweetheart|babe|baby girl|hottie|just (you and me|the two of us))\b/i,
  },
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
      /\b(black|white|asian|hispanic|latino|latina|latinx|arab|african|mexican|chinese|indian) (people|folks|persons?|tenants|residents|neighbou?rs|roommates|flatmates|housemates|guys|girls|men|women|famil(y|ies)|area|neighbou?rhood|community|household|building|only|preferred)\b/i,
  },
  {
    code: "fair_housing",
    family: "race_colour",
    pattern:
      /\b(caucasian|african[- ]americans?|asian[- ]americans?|afro[- ]\w+|hispanics?|latin[oax]s?|biracial|mixed[- ]race|poc|bipoc|(mostly|all|predominantly|majority) (white|black|asian|hispanic|latino)|(i'?m|i am|we'?re|we are|as an?) (an? )?(black|white|asian|hispanic|latino|latina|arab|african|mexican|chinese|indian)\b)/i,
  },
  {
    code: "fair_housing",
    family: "neighbourhood_character",
    pattern:
      /\bwhat (kind|type|sort) of (people|neighbou?rs|crowd|folks|community)\b|\b(is (it|the area|the neighbou?rhood) safe|safe (area|neighbou?rhood)|good (area|neighbou?rhood) for)\b/i,
  },
  // Anything about the people who live there (other than how many): an answer describes them, and
  // describing current occupants is how steering starts. "How many flatmates?" stays a listing fact.
  {
    code: "fair_housing",
    family: "occupants",
    pattern:
      /(?<!\bhow many (other |current )?)\b(flatmates?|roommates?|housemates?|neighbou?rs|other tenants|current tenants?|residents|co-?tenants|who lives)\b(?! (move|moves|moving|leave|leaves|leaving|vacate|vacates))/i,
  },
  {
    code: "fair_housing",
    family: "race_colour",
    pattern: /\b(black|white|brown) or (black|white|brown|asian|hispanic)\b/i,
  },
  // Questions whose answer would describe who lives there: any answer risks steering.
  {
    code: "fair_housing",
    family: "neighbourhood_character",
    pattern:
      /\b(what (are|is) (the )?(other )?(flatmates|roommates|housemates|neighbou?rs|tenants|residents|people)( \w+)? like|who (else )?(mostly |currently )?(lives?|is living|are living) (there|here|in|around|nearby|at)|fit in|what (kind|type|sort) of (tenants?|person|flatmates?|roommates?|housemates?|area)|(someone|people) like (me|us)|(vibe|character|feel) of the (neighbou?rhood|area|building|house)|tell me about the (neighbou?rs|flatmates|roommates|housemates|tenants|people|neighbou?rhood)|(good|best|bad|decent) schools?|schools? any good|school district|crime|dangerous|safe (at night|to walk|for (a|women|girls|kids|families)))\b/i,
  },
  {
    code: "fair_housing",
    family: "religion",
    pattern:
      /\b(religio(n|ns|us)|church|mosque|synagogue|temple|christians?|muslims?|jewish|jews?|hindus?|sikhs?|buddhists?|catholics?|atheists?|mormons?|kosher|halal|shabbat|sabbath|ramadan|eid|diwali|passover|mezuzah|hijab|turban|kippah|yarmulke|pray(s|ing|er|ers)?)\b/i,
  },
  {
    code: "fair_housing",
    family: "national_origin",
    pattern:
      /\b(immigrants?|immigration|citizens?|citizenship|green card|visa status|foreigners?|nationality|nationalities|country of origin|accent|english (speakers?|speaking)|undocumented|refugees?|asylum|international students?|visas?|f-?1|h-?1b|j-?1|daca|dreamers?|work permit|my english|speaks? (good |any |much )?(english|spanish|chinese|mandarin|cantonese|arabic|french|russian|polish|portuguese|hindi|urdu|korean|vietnamese))\b/i,
  },
  {
    code: "fair_housing",
    family: "national_origin",
    pattern:
      /\b((i'?m|i am|im|we'?re|we are|as an?|my (family|parents) (is|are)) (an? )?(originally )?(polish|mexican|indian|chinese|nigerian|pakistani|bangladeshi|vietnamese|filipin[oa]|korean|japanese|brazilian|colombian|venezuelan|cuban|haitian|jamaican|dominican|puerto rican|romanian|ukrainian|russian|syrian|iraqi|iranian|afghan|somali|ethiopian|egyptian|moroccan|turkish|israeli|palestinian|lebanese|guatemalan|salvadoran|honduran|ecuadorian|peruvian|irish|italian|ghanaian|kenyan)|(from|in) (nigeria|ghana|kenya|india|pakistan|bangladesh|china|japan|korea|vietnam|the philippines|mexico|brazil|colombia|venezuela|cuba|haiti|jamaica|the dominican republic|poland|romania|ukraine|russia|syria|iraq|iran|afghanistan|somalia|ethiopia|eritrea|egypt|morocco|turkey|israel|palestine|lebanon|guatemala|honduras|el salvador|ecuador|peru|abroad|overseas))\b/i,
  },
  {
    code: "fair_housing",
    family: "sex_gender",
    pattern:
      /\b(gender|gay|lesbian|lgbt\w*|queer|transgender|trans (person|woman|man|people)|sexual orientation|(male|female|men|women|girls?|guys|ladies)[- ]only|only (males?|females?|men|women|girls|guys|ladies)|(male|female) (tenants?|flatmates?|roommates?) (preferred|wanted))\b/i,
  },
  {
    code: "fair_housing",
    family: "sex_gender",
    pattern:
      /\b((male|female|man|woman|guy|girl) or (a )?(male|female|man|woman|guy|girl)|(i'?m|i am|im) a (guy|man|male|woman|girl|female|lady|dude|boy)|(with|for|to|consider|accept|rent to) (a )?(male|female|man|woman|guy|girl|lady|gentleman)|prefer(s|red)? (a )?(female|male|women|men|girls?|guys?)|how many (girls|guys|women|men|males|females|boys)|single (woman|man|female|male|girl|guy|lady))\b/i,
  },
  {
    code: "fair_housing",
    family: "sexual_orientation",
    pattern:
      /\b(bisexual|pansexual|asexual|same[- ]sex|homophob\w*|transphob\w*|pride flag|rainbow flag|(i'?m|i am|im) bi|(flatmates?|roommates?|housemates?|tenants?|neighbou?rs?|people|guys|girls|they) (all )?straight|both (women|men|guys|girls|female|male)|two (men|women|guys|girls|dads|moms|mums))\b(?![-/])/i,
  },
  {
    code: "fair_housing",
    family: "gender_identity",
    pattern:
      /\b(trans|transgender|transsexual|non-?binary|enby|genderqueer|gender[- ]?fluid|agender|transitioning|pronouns|they\/them|she\/her|he\/him|cisgender)\b/i,
  },
  {
    code: "fair_housing",
    family: "familial_status",
    pattern:
      /\b(kids?|kid'?s|child|children|children'?s|baby|babies|toddlers?|pregnan(t|cy)|famil(y|ies)|sons?|daughters?|teen(ager)?s?|custody|newborn|cribs?|cots?|strollers?|prams?|pushchairs?|nanny|grandkids|grandchildren|step(son|daughter|kids|children)|single (mom|mum|mother|dad|father|parent))\b/i,
  },
  // "my 3 yr old" — but not "a 2 year old golden retriever".
  {
    code: "fair_housing",
    family: "familial_status",
    pattern:
      /\b\d{1,2}[- ]?(yr|year|month|mo)s?[- ]old\b(?! (dog|cat|puppy|kitten|golden|lab|labrador|terrier|retriever|poodle|rabbit|bird|parrot|pup|pet|spaniel|shepherd|beagle|bulldog))/i,
  },
  {
    code: "fair_housing",
    family: "disability",
    pattern:
      /\b(wheelchair|disab(led|ility|ilities)|handicap(ped)?|accessib(le|ility) (unit|apartment|flat|room|for)|accessibility|service (animal|dog)|assistance (animal|dog)|emotional support|blind|deaf|mobility (aid|issues?|scooter)|mental (health|illness)|reasonable accommodation|hiv|step[- ]free)\b/i,
  },
  {
    code: "fair_housing",
    family: "disability",
    pattern:
      /\b(is the (apartment|unit|flat|room|building|place) accessible(?! (by|from|via|on foot))|can'?t (do|climb|manage|use) (the )?stairs|bad (hip|knee|back|leg)s?|grab bars?|ramps?|amputee|prosthetic|(uses?|with|need) a (walker|cane|wheelchair)|crutches|guide dog|seeing[- ]eye|visually impaired|(mobility|hearing|visual|sight|cognitive) impairment|impaired|hard of hearing|hearing aids?|autis(m|tic)|adhd|ptsd|epilep(sy|tic)|seizures?|chronic (illness|pain|condition)|in recovery|sober|addiction|rehab|carer|caregiver|(live-in|home health) aide|medical (condition|procedure|reasons?|needs?|equipment)|(therapy|support|comfort) (dog|cat|animal)s?|an esa|esa (letter|dog|cat|animal)|(multiple sclerosis|cerebral palsy|parkinson'?s|dementia|alzheimer'?s))\b/i,
  },
  // Case-sensitive: "Ada" and "esa" are also a name and a Spanish word.
  { code: "fair_housing", family: "disability", pattern: /\b(ADA|ESA)\b/ },
  {
    code: "fair_housing",
    family: "age",
    pattern:
      /\b(age (limit|restriction|requirement|range|group)|(my|your|their) age|how old (are|is) (the|you|they|other|your)|too (old|young)|seniors?(?! (cat|dog|pet))|elderly|retired|retiree|pensioner|older (person|people|tenants?|woman|man|couple|lady|gentleman|folks)|younger (person|people|tenants?|crowd)|young (professionals?|people|crowd|house|household|couple|person|flatshare)|over (50|55|60|62|65)s?(?! ?(lbs?|pounds|kgs?|kilos?|sq|square|feet|ft|dollars|bucks|k\b|%))|\d{2} ?(y\/?o|yo|yrs? old|years? old|year-old)|(mum|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|parents?) (is|are) [1-9]\d)\b/i,
  },
  // "I'm 45", "who's 70" — but not "I'm 30 minutes away".
  {
    code: "fair_housing",
    family: "age",
    pattern:
      /\b(i'?m|i am|im|aged?|who'?s|who is) [1-9]\d\b(?!\s*(min|mins|minutes?|mi|miles?|km|hours?|hrs?|%|k\b|weeks?|days?|months?|\/|:|am\b|pm\b))/i,
  },
  {
    code: "fair_housing",
    family: "marital_status",
    pattern:
      /\b((married|unmarried) (couples?|only)|marital status|unmarried|not married|(aren'?t|isn'?t|are not|is not) married|(need|have) to be married|divorced|widow(ed|er)?|engaged|single (people|persons|tenants)|only couples|couples only)\b/i,
  },
  {
    code: "fair_housing",
    family: "source_of_income",
    pattern:
      /\b(section ?(8|eight)|housing (voucher|benefit|choice|assistance)|vouchers?|dss|universal credit|welfare|food stamps|hra|hasa|c?fheps|cityfheps|erap|ssi|ssdi|rental assistance|assistance programs?|child support|alimony|unemployment|on benefits|benefits|on disability|pension)\b/i,
  },
  // Text that tries to instruct the bot. It is data, never an instruction (docs/architecture.md, invariant 7).
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
    pattern:
      /<\/?(system|assistant|user|instructions?)>|\[\/?INST\]|<\|[a-z_]+\|>|(^|\n)\s*#{2,}\s*(instructions?|system|response|assistant|user)\b/i,
  },
  // A chat transcript pasted in ("SYSTEM: …", "Assistant: …") to pass as the bot's own context.
  {
    code: "prompt_injection",
    family: "role",
    pattern: /(^|[\n.!?]\s*)(system|assistant|developer|user|human)\s*:/i,
  },
  {
    code: "prompt_injection",
    family: "role",
    pattern:
      /\b(let'?s play a game|role[- ]?play|you'?re a (landlord|bot|assistant|ai|chatbot) (who|that)|you are (now )?(authori[sz]ed|allowed|permitted|instructed|required) to|i (authori[sz]e|instruct|command|order) you|note to (the )?(ai|bot|assistant|model|llm|system)|(ai|bot|llm|gpt|chatgpt|assistant|model) (reading|processing) this|(act|behave|pose) as (my|the|a|an) (landlord|owner|agent|manager|property manager|admin)|(stop|quit) being (a|an) (bot|ai|assistant)|chatgpt|gpt-?\d\w*|openai|language model|llm)\b/i,
  },
  {
    code: "prompt_injection",
    family: "command",
    pattern:
      /\bnew (rule|instruction|task|directive|persona)s?\s*:|\b((respond|reply|answer|speak|talk|write) (only )?(in|like) (a )?(pirate|json|yaml|code|binary|haiku|rhymes?|all caps)|from now on|(reveal|show|print|repeat|translate|tell me|share|output|display|send|dump|leak) (me )?(all )?(your|the) (system )?(prompt|instructions|configuration|config|rules|guidelines|settings)|output your|as json|base ?64|decode (it|this)|override(s)? (all |any )?(prior|previous|earlier|existing|other)|(prior|previous) guidance|confirm (that )?(i'?m|i am|i'?ve been|i have been) (approved|accepted|verified)|mark (this|me|it) as)\b/i,
  },
  {
    code: "prompt_injection",
    family: "override",
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,30}\b(instructions?|prompts?|programming|training|directives|guardrails|filters?|system|configuration)\b|\b(system override|override code|admin mode|told you (not )?to (say|tell|do))\b/i,
  },
  {
    code: "prompt_injection",
    family: "command",
    pattern:
      /\b(hey|hi|hello|dear|ok|okay|yo|listen) (assistant|bot|ai|chatbot|gpt|robot)\b|\b(in|to|from) your (records|database|system|memory|notes)\b|\bfor testing purposes\b/i,
  },
  {
    code: "prompt_injection",
    family: "probe",
    pattern:
      /\b(you'?re|you are|are you) (an? )?(ai|bot|robot|chatbot|machine|automated|real person|human)\b/i,
  },
  {
    code: "prompt_injection",
    family: "override",
    pattern:
      /\b((disregard|ignore|forget) (everything|anything|all)( (above|before|previous|prior|you were told|i said))?|(disregard|ignore) the above|ignora (todas )?(las )?instrucciones|instrucciones anteriores|ignore[rz]? (toutes )?les instructions|ignoriere)\b/i,
  },
];

// Personal data patterns, shared by the outbound guardrail and the redactor (see redact.ts). URLs are
// removed before the digit checks because a viewing link may carry a long numeric id.
// Quantifiers are bounded (an address's local part is at most 64 characters, a domain at most 253)
// and a match starts only where a local part can start, so a long run of letters without an "@"
// costs linear time, not quadratic.
export const EMAIL_PATTERN =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/;
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
    "The composed reply contains something that must not go out: contact details, steering language or an unfilled placeholder.",
  model_reply_needs_approval:
    "The model wrote this reply; model-written replies always wait for a person's approval.",
  draft_only_mode: "The account is in draft-only mode: the reply waits as a draft for a person to approve.",
  auto_send_eligible:
    "An ordinary question, a complete reply from a template, and an account that sends automatically.",
} as const satisfies Record<(typeof REASON_CODES)[number], string>;

// A short label for each guardrail code, shown next to every hit (the API's `label`).
export const GUARDRAIL_LABEL = {
  legal_threat: "Legal threat, complaint or deposit dispute",
  abuse: "Abusive, harassing or threatening language",
  payment_or_identity: "Payment, bank details, identity numbers or documents",
  fair_housing: "Fair housing: a protected characteristic is involved",
  prompt_injection: "Instructions aimed at the bot",
  markup_or_code: "Markup, script or code in the message",
  unknown_contact:
    "Link or messenger hand-off to an unknown place, or contact details with money or documents",
  outbound_personal_data: "The reply would contain personal data",
  outbound_steering: "The reply contains steering or exclusion language",
  outbound_template_hole: "The reply has an unfilled placeholder",
} as const satisfies Record<(typeof GUARDRAIL_CODES)[number], string>;

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

// ---------------------------------------------------------------------------------------------
// Links, contact details and active content in inbound messages (links.ts, active-content.ts)
// ---------------------------------------------------------------------------------------------
// A domain without a scheme ("bit.ly/x", "mylinks-page.com"). Top-level domains that are also
// English words ("me", "to", "in", "it", "is"…) count only when a path follows ("t.me/x"), so
// "thanks.Is it free?" typed without a space is not a link.
export const BARE_DOMAIN_PATTERN =
  /(?<![a-z0-9.@-])(?:www\.[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}|(?:[a-z0-9-]{1,63}\.){1,8}(?:com|net|org|info|biz|io|ly|gl|gg|app|dev|xyz|top|site|online|club|click|link|live|shop|store|page|website|space|icu|vip|ru|cn|tk|ml|ga|cf|uk|ca|de|fr|es|nl|au|br|pl|edu|gov)(?![a-z0-9-])|(?:[a-z0-9-]{1,63}\.){1,8}(?:me|to|in|it|at|us|is|be|do|so|no|my|tv|ai|co|im|id|am)(?=\/))(?:[/?#][^\s<>"']*)?/i;
// "jo (at) yahoo (dot) com": an address spelled out to slip past filters.
export const SPELLED_EMAIL_PATTERN_SHORT =
  /\b(at|@)\s?(gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|protonmail|proton|live|msn)\b/i;
export const SPELLED_EMAIL_PATTERN =
  /(?<![\w.+-])[\w.+-]{1,64}\s*(?:[([{]\s*at\s*[)\]}]|\sat\s)\s*[\w-]{1,63}\s*(?:[([{]\s*dot\s*[)\]}]|\sdot\s)\s*(?:com|net|org|co|io|edu|me)\b/i;
// Moving the conversation to a messenger: the usual first step of an off-platform scam.
export const OFF_PLATFORM_PATTERN =
  /\b(whats ?app|telegram|wechat|viber|kik|signal app|facebook messenger|fb messenger|messenger|imessage|insta|instagram|snapchat|snap me|tiktok|discord|(dm|pm|message|add|follow|hit) me (on|at|up on))\b|(^|\s)@[a-z0-9_.]{3,30}\b/i;

export interface ActiveContentRule {
  family: string;
  pattern: RegExp;
}

// Sites give us the text the lead typed, so markup in it was typed on purpose. Plain formatting
// (<p>, <br>, <b>, <div> from a mail client) is not listed: only elements and attributes that run,
// load, submit or hide something, and recognisable code payloads.
export const ACTIVE_CONTENT_RULES: readonly ActiveContentRule[] = [
  {
    family: "active_element",
    pattern:
      /<\s*\/?\s*(script|iframe|frame|object|embed|applet|form|input|button|svg|math|img|image|video|audio|link|meta|base|style|textarea|select)\b/i,
  },
  {
    family: "event_handler",
    pattern: /<[^<>]{0,500}\son[a-z]+\s*=|\bon(error|load|click|mouseover|focus)\s*=/i,
  },
  { family: "script_url", pattern: /\b(javascript|vbscript|livescript)\s*:|\bdata\s*:\s*text\/html/i },
  {
    family: "hidden_text",
    pattern:
      /\b(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0(?![.\d]*[1-9]))/i,
  },
  { family: "code_block", pattern: /```|<\?(php|=)?|\?>|<%|%>/i },
  {
    family: "sql",
    pattern:
      /\b(drop|truncate|alter)\s+table\b|\bunion\s+(all\s+)?select\b|\binsert\s+into\b|\bselect\s+\*\s+from\b|'\s*or\s*'?\d+'?\s*=\s*'?\d+|;\s*--/i,
  },
  { family: "template_injection", pattern: /\{\{[^{}]{0,200}\}\}|\$\{[^{}]{0,200}\}|#\{[^{}]{0,200}\}/ },
  {
    family: "script_call",
    pattern:
      /\b(eval|exec|system|fetch|alert|prompt|require|import)\s*\(|\bdocument\.(cookie|domain|location|write)\b|\bwindow\.location\b|\brm\s+-rf\b|\bcurl\s+-?\S*\s*https?:/i,
  },
];

// ---------------------------------------------------------------------------------------------
// Language (language.ts)
// ---------------------------------------------------------------------------------------------
// Letters outside the Latin script (Chinese, Arabic, Cyrillic…) that make a message "another
// language" on their own.
export const NON_LATIN_MIN_LETTERS = 2;
// Distinct function words of another Latin-script language needed to call it that language.
export const FOREIGN_LANGUAGE_MIN_MARKERS = 2;
// Share of words with accented letters (Vietnamese, Portuguese…) that marks another language.
export const OTHER_LANGUAGE_ACCENTED_SHARE = 0.25;
// Common Spanish, Portuguese, French, Italian and German words that are not also English words,
// names or place names ("los", "las", "mit", "per", "non", "costa" are left out on purpose).
// Greetings and thanks ("hola", "gracias", "merci") are left out too: a polite word alone does not
// make the message unreadable.
export const FOREIGN_MARKER_WORDS: ReadonlySet<string> = new Set([
  // Spanish
  "que",
  "qué",
  "por",
  "para",
  "con",
  "una",
  "unos",
  "esta",
  "está",
  "estoy",
  "están",
  "tengo",
  "tiene",
  "tienen",
  "quiero",
  "quisiera",
  "puedo",
  "puede",
  "usted",
  "ustedes",
  "cuánto",
  "cuanto",
  "cuánta",
  "cuándo",
  "cuando",
  "dónde",
  "donde",
  "pero",
  "muy",
  "también",
  "mañana",
  "habitación",
  "cuarto",
  "renta",
  "precio",
  "disponible",
  "sigue",
  "verla",
  "verlo",
  "gustaría",
  "saber",
  "sí",
  "aceptan",
  "mascotas",
  "perro",
  "gato",
  "niños",
  "hijos",
  "esposa",
  "esposo",
  "familia",
  "depósito",
  "alquiler",
  "piso",
  "vivir",
  "trabajo",
  "ahora",
  "todavía",
  "semana",
  "nosotros",
  "somos",
  // Portuguese
  "você",
  "vocês",
  "não",
  "uma",
  "ainda",
  "posso",
  "apartamento",
  "quarto",
  "aluguel",
  "quanto",
  "obrigada",
  "também",
  "gostaria",
  "visitar",
  "sábado",
  // French
  "les",
  "vous",
  "nous",
  "avec",
  "une",
  "est-ce",
  "dans",
  "appartement",
  "chambre",
  "loyer",
  "c'est",
  "j'ai",
  "je",
  "suis",
  "pouvez",
  "voudrais",
  "visiter",
  "octobre",
  "disponibles",
  // Italian
  "che",
  "sono",
  "stanza",
  "ancora",
  "mese",
  "affitto",
  "posso",
  "vorrei",
  "quando",
  // German
  "ich",
  "und",
  "der",
  "das",
  "ist",
  "nicht",
  "für",
  "ein",
  "eine",
  "wir",
  "haben",
  "noch",
  "frei",
  "wohnung",
  "zimmer",
  "wann",
  "kann",
  "besichtigen",
  "miete",
  "gibt",
]);

// ---------------------------------------------------------------------------------------------
// What a lead says about themselves (self-statements.ts)
// ---------------------------------------------------------------------------------------------
// A lead introducing themselves ("I'm 27, a nurse", "me and my partner", "we have a 4 year old")
// states their own characteristics; the risk lies in questions about other people, in preferences
// and exclusions, and in our own words (OUTBOUND_STEERING). The fair-housing families therefore
// read the message with such self-descriptions blanked out — never any other guardrail family.
//
// A clause (the text between sentence marks, commas, dashes, "and", "but") that opens like this is
// the lead describing themselves or their own household.
export const SELF_CLAUSE_START =
  /^(?:(?:hi+|hello|hey+|hiya|also|and|so|btw|ps|fyi|oh|ok|okay|well|but|yes|yeah|just so you know|a (?:bit|little) about (?:me|us)|about (?:me|us))[\s,:!.-]+)*(?:i'?m|i am|im|i'?ve|ive|i have|i was|i work|i live|i study|i travel|i'?ll be|we'?re|we are|we'?ve|we have|we|me and my|me \+ my|my|our|myself|it'?s (?:just )?(?:for )?(?:me|us)|it would be (?:me|us)|it will be (?:me|us)|moving with|with my|along with my)(?![\w'])/i;
// A sentence asking for something because of who the lead is ("I have a disability and need a low
// floor") is a request a person answers: none of its clauses is blanked.
export const SELF_SENTENCE_REQUEST =
  /\b(need|needs|needed|require\w*|must have|has to be|have to be|accommodat\w*|adapt\w*|modif\w*|install\w*|exception|adjust\w*)\b/i;
// Where a self-description turns into a wish: what follows ("…looking for female flatmates", "we'd
// like a Christian home") is a preference and is read, only the part before is blanked.
export const SELF_CLAUSE_WISH =
  /\b(looking for|look for|searching for|seeking|want(?:ing|s)?|would like|'d like|like to live|hop(?:e|ing)|prefer\w*|rather|ideally)\b/i;
// A clause holding any of these is never blanked: it speaks about other people, a preference, an
// exclusion, an acceptance question, an accommodation or a source of income.
export const SELF_CLAUSE_KEEP =
  /\b(no|not|without|only|other|others|else|anyone|everyone|someone|somebody|people|folks|crowd|roommates?|flatmates?|housemates?|neighbou?rs?|tenants?|residents?|landlord|owner|host|building|area|neighbou?rhood|community|household|house|mind|ok with|okay with|fine with|comfortable|friendly|safe|fit|welcome|accept\w*|allow\w*|rent to|problem|issue|matter|voucher\w*|section ?(8|eight)|benefits?|dss|universal credit|welfare|assistance|subsid\w*|program\w*|service|support|therapy|companion|guide|seeing|esa|accommodat\w*|ramp|grab bars?|modif\w*|install\w*|exception)\b/i;
// Anywhere in the message, these make it a question about acceptance or fit ("I'm 55 — would that
// be a problem?", "someone like me"), so nothing is blanked at all.
export const SELF_ACCEPTANCE_QUESTION =
  /\b((is|are) (that|this|it|they) (ok|okay|alright|fine|a problem|an issue|accepted|allowed|acceptable)|(ok|okay|fine|alright|suitable|enough|big enough|room|space) for (that|this|us|me|them|all of us|both of us|my \w+|our \w+)|(work|works|suit|suits) (for )?(us|me|them|all of us|both of us)|would (that|this|it) be (ok|okay|alright|fine|a problem|an issue)|(does|would|will) (that|this|it) matter|if (that|this|it) matters|(do|would|will) (you|they|the others|anyone|the \w+) mind|(ok|okay|fine|cool|comfortable) with (that|this|me|us|it)|problem with (that|this|me|us)|like (me|us|ours|mine)|fit in|(for|to|with) (a |an |other |only )?(guys?|girls?|men|women|males?|females?|ladies|gays?|lesbians?|trans\w*|couples?|families|kids|children|seniors?|older \w+|younger \w+|christians?|muslims?|jews|jewish \w+|hindus?|foreigners?|immigrants?|students|singles)\b|welcom\w*|(?<!(pet|dog|cat|family|kid|child)[- ])friendly|accepting|tolerant|open[- ]?minded|inclusive|safe for (me|us|someone|a)|(do|would|will|can) you (accept|allow|take|rent to|consider)\b(?![^.?!]{0,25}\b(pets?|dogs?|cats?|animals?|puppy|kitten|rabbit|bird)))/i;
// The ages of pets, buildings and appliances are not people's ages: blanked before the
// fair-housing families read the text ("a 9 year old cat", "how old is the boiler?").
const PET_WORDS =
  "pets?|dogs?|cats?|pupp(?:y|ies)|pups?|kittens?|kitty|rabbits?|bunn(?:y|ies)|hamsters?|birds?|parrots?|budgies?|guinea pigs?|ferrets?|lizards?|snakes?|reptiles?|tortoises?|turtles?|fish|frenchie|yorkie|chihuahua|pug|corgi|husky|dachshund|doodle|labradoodle|goldendoodle|cockapoo|cavapoo|schnauzer|collie|boxer|pit ?bull|pittie|rottweiler|shih tzu|maltese|pomeranian|greyhound|whippet|lurcher|terrier|retriever|golden|lab|labrador|poodle|spaniel|shepherd|beagle|bulldog|tabby|ragdoll|siamese|bengal|persian|moggy|mutt";
const THING_WORDS =
  "building|block|house|property|flat|apartment|unit|place|boiler|fridge|freezer|appliances?|kitchen|bathroom|furniture|mattress|bed|roof|windows?|heating|heater|furnace|a\\/?c|air ?con\\w*|carpets?|washer|dryer|washing machine|dishwasher|oven|stove|cooker|radiators?|elevator|lift|paint|renovation";
const AGE_UNIT = "(?:yrs?|years?|y\\/?o|yo|months?|mos?|wks?|weeks?)";
const NUMBER =
  "(?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)";
export const NON_PERSON_AGE_PATTERNS: readonly RegExp[] = [
  // "a 9 year old indoor cat", "2 yr old frenchie", "4 yo chihuahua"
  new RegExp(`\\b${NUMBER}[- ]?${AGE_UNIT}(?:[- ]old)?(?:\\s+[a-z-]+){0,2}?\\s+(?:${PET_WORDS})\\b`, "i"),
  // "my dog is 6", "cats, both 4 years old", "senior dog (11 years old)", "my cat is 12"
  new RegExp(
    `\\b(?:${PET_WORDS})\\b[^.?!\\n]{0,30}?(?:\\bis|\\bare|\\bboth|\\baged?|\\()\\s*${NUMBER}(?:\\s*(?:and|&|,|-|to)\\s*${NUMBER})*(?:[- ]?${AGE_UNIT}(?:[- ]old)?)?\\b`,
    "i",
  ),
  // "how old is the building?", "age of the appliances", "the fridge is 10 years old"
  new RegExp(`\\bhow old (?:is|are) (?:the |this |that |your |its |it'?s )?(?:${THING_WORDS})\\b`, "i"),
  new RegExp(`\\bage of (?:the |this |your )?(?:${THING_WORDS})\\b`, "i"),
  new RegExp(`\\b(?:${THING_WORDS})s? (?:is|are) ${NUMBER}\\+? ?${AGE_UNIT}(?: old)?\\b`, "i"),
];

// ---------------------------------------------------------------------------------------------
// A lead's own contact details (links.ts)
// ---------------------------------------------------------------------------------------------
// A lead's phone number or e-mail next to an ordinary question is answered on the site, and the
// person sees the details in the message. Together with money or documents, though, a move to
// another channel is how deposit and identity scams start: then a person reads it first.
export const CONTACT_WITH_MONEY_OR_DOCUMENTS =
  /\b(send|sending|sent|pay|paying|transfer\w*|wire|e-?mail\w*|text\w*|forward\w*|share|sharing|upload\w*|attach\w*|drop\w*|hand\w*|give|giving|deliver\w*|bring\w*|brought|discuss\w*|talk\w*|arrange\w*|sort\w*|settle\w*|call\w*|ring)\b[^.?!\n]{0,60}\b(deposits?|payments?|money|funds|cash|holding fee|rent|fees?|documents?|docs|id|ids|passports?|licen[cs]es?|pay ?stubs?|pay ?slips?|bank statements?|statements|references?|proof of \w+|tax returns?|w-?2s?|ssn|social security|contracts?|lease|paperwork|application)\b|\b(deposits?|payments?|money|funds|cash|documents?|docs|passports?|licen[cs]es?|pay ?stubs?|pay ?slips?|bank statements?|references?|proof of \w+|tax returns?|ssn|contracts?|lease|paperwork)\b[^.?!\n]{0,60}\b(send|sending|sent|pay|transfer\w*|wire|e-?mail|text|forward|share|upload|attach|bring|hand over|drop off)\b/i;

// ---------------------------------------------------------------------------------------------
// Follow-ups (classify.ts)
// ---------------------------------------------------------------------------------------------
// These say outright that the lead wrote before, so they are a nudge even when we have not replied
// yet (the lead's earlier message may be waiting for a person). The weaker NUDGE_PATTERNS ("??",
// "still interested") count only after an outbound message of ours.
export const STRONG_NUDGE_PATTERNS: readonly RegExp[] = [
  /\bany (update|updates|news|word|luck|feedback)\b/i,
  /\bfollow(ing|ed)?[- ]?up\b|\bf\/u\b/i,
  /\b(just )?checking (in|back)\b|\bjust checking\b|\bcheck(ing)? back in\b/i,
  /\b(circl(e|ing)|get(ting)?) back (to|on|re|regarding|about)\b/i,
  /\bhaven'?t (heard|had a reply|had a response|got a reply)\b|\bno (reply|response|answer) yet\b|\bnot heard back\b/i,
  /\bdid (you|u) (get|see|receive|read) my (last )?(message|msg|email|note|inquiry|enquiry|question)\b/i,
  /\bbump(ing)?\b/i,
  /\bstill waiting\b|\bsorry to (bug|bother|chase|pester|nag)\b|\bchas(e|ing) (this|up|you)\b|\bnudg(e|ing)\b|\bgot buried\b/i,
  /\b(my|the) (message|msg|inquiry|enquiry|question) (from|on|last|earlier|yesterday)\b|\bmessaged (you )?(earlier|yesterday|last week|before|a few days ago)\b/i,
];

// ---------------------------------------------------------------------------------------------
// Application questions (classify.ts)
// ---------------------------------------------------------------------------------------------
// Words that make a message an application question only when the lead asks about them ("What
// references do you need?"), not when they offer them ("I have references and proof of income").
// Sentences that open with the lead speaking of themselves and ask nothing are left out when these
// are scored; the core application words (INTENT_RULES) count anywhere.
export const APPLICATION_SOFT_PATTERNS: readonly RegExp[] = [
  /\breferenc(ing|es?)\b/i,
  /\bproof of (income|employment|earnings|funds|address)\b/i,
  /\b(guarantor|co-?signer)s?\b/i,
  /\bcredit (score|history|report|rating)\b|\bgood credit\b/i,
  /\b(pay ?stubs?|pay ?slips?|bank statements?|tax returns?|employment letter|letter from (my )?employer)\b/i,
];
export const APPLICATION_OFFER_SENTENCE =
  /^(?:(?:hi+|hello|hey|also|and|plus|btw|ps|oh)[\s,:!-]+)*(?:i|we|i'?m|we'?re|i'?ve|we'?ve|i'?ll|we'?ll|i'?d|we'?d|my|our|happy to|can (?:provide|send|share)|references|proof of|guarantor|pay ?stubs?|good credit)\b/i;

// ---------------------------------------------------------------------------------------------
// Replies that answer several questions (compose-multi.ts)
// ---------------------------------------------------------------------------------------------
// A composed reply keeps the first part's greeting and the last sign-off; the others are dropped.
export const REPLY_GREETING =
  /^\s*(hi+|hello|hey|hiya|dear|good (morning|afternoon|evening))\b[^,!.\n]{0,60}[,!]\s*/i;
export const REPLY_THANKS_OPENING = /^\s*(thanks|thank you|many thanks)\b[^.!?\n]{0,80}[.!?]\s*/i;
export const REPLY_SIGN_OFF =
  /\n\s*(thanks|thank you|many thanks|best( wishes| regards)?|kind regards|warm regards|regards|cheers|all the best|speak soon|talk soon)\b[^\n]{0,20}(\n[^\n]{1,60})?\s*$/i;
// The longest reply the rules compose from several templates when the site's own limit is not known.
// The sites' limits are unverified guesses (domain/decide/decision-step.ts, SITE_REPLY_MAX_LENGTH).
export const DEFAULT_REPLY_MAX_LENGTH = 1000;
// At most this many templates in one reply: more questions than that is a person's conversation.
export const MAX_REPLY_PARTS = 3;
