// What a reply must never say: steering language and leftovers of an unrendered template
// (guardrails.ts, outbound families).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

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
