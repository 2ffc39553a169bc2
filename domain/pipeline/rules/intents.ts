// The intents and the keyword families the heuristic classifier scores them by (classify.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

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

// Follow-ups.
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

// Application questions.
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
