// What a lead has already told us in their message, which a reply must not ask again ("I have a
// 3-year-old cat, is that ok?" must not be answered with "what kind of pet do you have?").
// stated-facts.ts reads these into template variables (TEMPLATE_VARIABLES: `lead_pet`,
// `lead_pet_age`, `lead_pet_size`), so a template asks only for what is missing with a section
// (`{{^lead_pet}}what kind of pet…{{/lead_pet}}`), and STATED_FACT_QUESTIONS hold a reply that asks
// anyway (an admin's own wording) back for a person. A value is built from these vocabularies and
// the lead's digits only, never from the lead's own words, so nothing a lead types is echoed.
import { VIEWING_TIME_QUESTION } from "./viewing-time.ts";

// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

// `lead_viewing_when` (when the lead said they can view) is read by viewing-time.ts from the
// vocabulary in rules/viewing-time.ts.
export const STATED_FACT_VARIABLES = [
  "lead_pet",
  "lead_pet_age",
  "lead_pet_size",
  "lead_viewing_when",
] as const;
export type StatedFactVariable = (typeof STATED_FACT_VARIABLES)[number];

export interface PetKind {
  /** The word a reply uses: "your cat", "your cats". */
  singular: string;
  plural: string;
  /** Words for this kind of pet, breeds included; a plural form ends in "s". */
  words: string;
}

export const PET_KINDS: readonly PetKind[] = [
  {
    singular: "dog",
    plural: "dogs",
    words:
      "dogs?|pupp(?:y|ies)|pups?|doggos?|frenchies|frenchie|yorkies?|chihuahuas?|pugs?|corgis?|husk(?:y|ies)|dachshunds?|labradoodles?|goldendoodles?|doodles?|cockapoos?|cavapoos?|schnauzers?|collies?|boxers?|pit ?bulls?|pitties?|rottweilers?|shih tzus?|maltese|pomeranians?|greyhounds?|whippets?|lurchers?|terriers?|retrievers?|labradors?|poodles?|spaniels?|shepherds?|beagles?|bulldogs?",
  },
  {
    singular: "cat",
    plural: "cats",
    words:
      "cats?|kittens?|kitty|kitties|tabb(?:y|ies)|ragdolls?|siamese|bengals?|persians?|maine coons?|sphynx|shorthairs?|moggy|moggies",
  },
  { singular: "rabbit", plural: "rabbits", words: "rabbits?|bunny|bunnies" },
  { singular: "bird", plural: "birds", words: "birds?|parrots?|budgies?|cockatiels?|canar(?:y|ies)" },
  { singular: "fish", plural: "fish", words: "fish|aquarium|fish tank" },
  { singular: "hamster", plural: "hamsters", words: "hamsters?|gerbils?" },
  { singular: "guinea pig", plural: "guinea pigs", words: "guinea pigs?" },
  { singular: "ferret", plural: "ferrets", words: "ferrets?" },
  {
    singular: "reptile",
    plural: "reptiles",
    words: "reptiles?|lizards?|geckos?|snakes?|tortoises?|turtles?|bearded dragons?",
  },
];

const ANY_PET = PET_KINDS.map((k) => k.words).join("|");
const NUMBER =
  "\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen";
const AGE_UNIT = "yrs?|years?|y\\/?o|yo|months?|mos?|wks?|weeks?";

/** A mention of a pet kind. A negation earlier in the sentence ("I don't have a dog") drops it. */
export const PET_MENTION = new RegExp(`\\b(?:${ANY_PET})\\b`, "i");
export const PET_NEGATION = /\b(no|not|don'?t|do not|doesn'?t|without|never|allergic|allergy|allergies)\b/i;

/** A pet's age: "a 3-year-old cat", "2 yr old frenchie", "my dog is 6", "cats, both 4 years old". */
export const PET_AGE_PATTERNS: readonly RegExp[] = [
  new RegExp(
    `\\b(${NUMBER})[- ]?(${AGE_UNIT})(?:[- ]old)?(?:\\s+[a-z0-9-]+){0,2}?\\s+(?:${ANY_PET})\\b`,
    "i",
  ),
  new RegExp(
    `\\b(?:${ANY_PET})\\b[^.?!\\n]{0,30}?(?:\\bis|\\bare|\\bboth|\\baged?|\\()\\s*(${NUMBER})(?:[- ]?(${AGE_UNIT}))?\\b`,
    "i",
  ),
  // "a cat? She's 5 and very calm", "a small dog? He's 7, a cockapoo" (not "she's 20 lbs").
  new RegExp(
    `\\b(?:${ANY_PET})\\b[^\\n]{0,40}?\\b(?:she|he|it|they)(?:'s|’s| is| are|'re)\\s+(${NUMBER})\\b(?![.,]?\\d)(?:[- ]?(${AGE_UNIT}))?(?!\\s*(?:lbs?|pounds?|kgs?|kilos?|%))`,
    "i",
  ),
];

/** A pet's size: "a small dog", "a medium-sized cat", "my cat? She is small", "a 9 kg terrier". */
const SIZE = "small|little|tiny|toy|mini|miniature|medium|mid|large|big|giant|huge";
export const PET_SIZE_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b(${SIZE})(?:[- ]sized?)?(?:\\s+[a-z0-9-]+){0,2}?\\s+(?:${ANY_PET})\\b`, "i"),
  new RegExp(
    `\\b(?:${ANY_PET})\\b[^\\n]{0,40}?\\b(?:she|he|it|they|is|are)(?:'s|’s| is| are|'re)?\\s+(?:(?:very|quite|pretty|really|fairly|rather|on the)\\s+)?(${SIZE})(?:[- ]sized?)?\\b(?!\\s+(?:${ANY_PET}|room|flat|apartment|place|space)\\b)`,
    "i",
  ),
];
export const PET_WEIGHT = /\b(\d{1,3}(?:\.\d)?)[\s-]?(lbs?|pounds?|kgs?|kilos?|kilograms?)\b/i;
export const SIZE_WORDS: Readonly<Record<string, "small" | "medium" | "large">> = {
  small: "small",
  little: "small",
  tiny: "small",
  toy: "small",
  mini: "small",
  miniature: "small",
  medium: "medium",
  mid: "medium",
  large: "large",
  big: "large",
  giant: "large",
  huge: "large",
};

/**
 * How a reply asks for each fact. A reply that asks for a fact the lead stated is held for a person
 * (`outbound_asks_stated`): the starter templates ask through sections and never trip this; an
 * admin's own template that asks regardless does, rather than asking a lead to repeat themselves.
 */
export const STATED_FACT_QUESTIONS: Readonly<Record<StatedFactVariable, RegExp>> = {
  lead_pet:
    /\bwhat (kind|type|sort|breed|species) of (pets?|animals?)\b|\bwhat (pets?|animals?) (do|would|will) you\b|\b(do|would) you have (any )?(a )?pets?\s*\?/i,
  lead_pet_age: /\bhow old\b|\b(its|their|the|pet'?s?) age\b|\bage and (size|weight|breed)\b/i,
  lead_pet_size:
    /\bhow (big|large|heavy)\b|\b(its|their|the|pet'?s?) (size|weight)\b|\b(and|or) (size|weight)\b/i,
  lead_viewing_when: VIEWING_TIME_QUESTION,
};
