// Inbound guardrail family `abuse`: swearing, threats and harassment (guardrails.ts).
// docs/decision-table.md documents these constants; change them here and there together.
// Patterns carry no `g` flag on purpose: a global RegExp keeps `lastIndex` between `.test()` calls,
// which would make the rules order-dependent. Code that needs all matches builds a `g` copy.

import type { GuardrailRule } from "./guardrail-codes.ts";

export const ABUSE_RULES: readonly GuardrailRule[] = [
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
];
