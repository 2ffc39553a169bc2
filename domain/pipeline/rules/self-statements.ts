// What a lead says about themselves (self-statements.ts), and the ages of pets and things.
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

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
