// Inbound guardrail family `fair_housing`: protected characteristics (guardrails.ts). They read the
// message with the lead's self-descriptions blanked (self-statements.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

import type { GuardrailRule } from "./guardrail-codes.ts";

export const FAIR_HOUSING_RULES: readonly GuardrailRule[] = [
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
];
