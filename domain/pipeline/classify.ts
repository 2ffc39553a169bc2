// Heuristic intent classifier: keyword families from rules/intents.ts, scored, with ambiguity when intents
// compete or the lead hedges. It only answers "what is this about"; risk is the guardrails' job.
import {
  APPLICATION_OFFER_SENTENCE,
  APPLICATION_SOFT_PATTERNS,
  COMPATIBLE_INTENTS,
  HEDGING_PATTERNS,
  INTENT_PRIORITY,
  INTENT_RULES,
  NUDGE_PATTERNS,
  NUDGE_WEIGHT,
  STRONG_NUDGE_PATTERNS,
} from "./rules/intents.ts";
import {
  COMPETING_INTENT_SCORE,
  CONFIDENCE_PER_EXTRA_MATCH,
  MAX_HEURISTIC_CONFIDENCE,
} from "./rules/thresholds.ts";
import type { Classification, Intent } from "./types.ts";

export interface ClassifyContext {
  // Weak nudges ("??", "still interested") only mean something after we have written to the lead;
  // strong ones ("just following up on my message") say themselves that the lead wrote before.
  hasPriorOutbound: boolean;
}

interface Scored {
  intent: Intent;
  score: number;
}

function score(weight: number, patterns: readonly RegExp[], text: string): number {
  const matches = patterns.filter((p) => p.test(text)).length;
  if (matches === 0) return 0;
  return Math.min(MAX_HEURISTIC_CONFIDENCE, weight + (matches - 1) * CONFIDENCE_PER_EXTRA_MATCH);
}

// The sentences in which the lead offers references, proof of income or a guarantor rather than
// asking about them ("I have references ready."); a question mark keeps a sentence.
function withoutOffers(text: string): string {
  return (text.match(/[^.!?\n]+[.!?\n]*/g) ?? [])
    .filter((sentence) => sentence.includes("?") || !APPLICATION_OFFER_SENTENCE.test(sentence.trimStart()))
    .join(" ");
}

// An application question: the core words anywhere, the soft ones only where asked.
function applicationScore(weight: number, core: readonly RegExp[], text: string): number {
  const asked = withoutOffers(text);
  const matches =
    core.filter((p) => p.test(text)).length + APPLICATION_SOFT_PATTERNS.filter((p) => p.test(asked)).length;
  if (matches === 0) return 0;
  return Math.min(MAX_HEURISTIC_CONFIDENCE, weight + (matches - 1) * CONFIDENCE_PER_EXTRA_MATCH);
}

function nudgePatterns(context: ClassifyContext): readonly RegExp[] {
  return context.hasPriorOutbound ? [...STRONG_NUDGE_PATTERNS, ...NUDGE_PATTERNS] : STRONG_NUDGE_PATTERNS;
}

/** Where in the text an intent is first asked (its earliest matching pattern), or -1. */
export function firstAskedAt(intent: Intent, text: string, context: ClassifyContext): number {
  const patterns =
    intent === "nudge"
      ? nudgePatterns(context)
      : intent === "application_process"
        ? [...(INTENT_RULES.find((r) => r.intent === intent)?.patterns ?? []), ...APPLICATION_SOFT_PATTERNS]
        : (INTENT_RULES.find((r) => r.intent === intent)?.patterns ?? []);
  let first = -1;
  for (const p of patterns) {
    const m = p.exec(text);
    if (m && (first === -1 || m.index < first)) first = m.index;
  }
  return first;
}

/** The intents in the order the lead asks them (first mention first; unmatched last, stable). */
export function inAskedOrder(intents: readonly Intent[], text: string, context: ClassifyContext): Intent[] {
  const at = (i: Intent) => {
    const n = firstAskedAt(i, text, context);
    return n === -1 ? Number.MAX_SAFE_INTEGER : n;
  };
  return [...intents].sort((a, b) => at(a) - at(b));
}

function priority(intent: Intent): number {
  const i = INTENT_PRIORITY.indexOf(intent);
  return i === -1 ? INTENT_PRIORITY.length : i;
}

function compatible(a: Intent, b: Intent): boolean {
  // A nudge is a preamble ("following up — can I view it?"): it never competes.
  if (a === "nudge" || b === "nudge") return true;
  return COMPATIBLE_INTENTS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

// For compatible pairs the rules list the intent whose reply serves both first.
function preferredOfPair(a: Intent, b: Intent): Intent | null {
  for (const [x, y] of COMPATIBLE_INTENTS) {
    if ((x === a && y === b) || (x === b && y === a)) return x as Intent;
  }
  return null;
}

export function classifyIntent(text: string, context: ClassifyContext): Classification {
  const trimmed = text.trim();
  if (trimmed === "") {
    return {
      intent: "unknown",
      confidence: 0,
      secondaryIntents: [],
      competingIntents: [],
      ambiguous: false,
      ambiguityReasons: [],
    };
  }

  const scored: Scored[] = [];
  for (const rule of INTENT_RULES) {
    const s =
      rule.intent === "application_process"
        ? applicationScore(rule.weight, rule.patterns, trimmed)
        : score(rule.weight, rule.patterns, trimmed);
    if (s > 0) scored.push({ intent: rule.intent, score: s });
  }
  const nudge = score(NUDGE_WEIGHT, nudgePatterns(context), trimmed);
  if (nudge > 0) scored.push({ intent: "nudge", score: nudge });

  const hedges = HEDGING_PATTERNS.map((p) => p.exec(trimmed)?.[0]).filter(
    (m): m is string => m !== undefined,
  );
  const ambiguityReasons = hedges.map((h) => `hedging: "${h.toLowerCase()}"`);

  if (scored.length === 0) {
    return {
      intent: "unknown",
      confidence: 0,
      secondaryIntents: [],
      competingIntents: [],
      ambiguous: hedges.length > 0,
      ambiguityReasons,
    };
  }

  scored.sort((a, b) => b.score - a.score || priority(a.intent) - priority(b.intent));
  let primary = scored[0] as Scored;

  // "Still available? Can I view it?" is a tour request: compatible pairs resolve to the intent the
  // rules prefer, as long as it scored in the competing range.
  const nudgeOnlyPreamble = primary.intent === "nudge" ? scored.find((s) => s.intent !== "nudge") : undefined;
  if (nudgeOnlyPreamble) primary = nudgeOnlyPreamble;
  for (const other of scored) {
    if (other === primary || other.score < COMPETING_INTENT_SCORE) continue;
    if (preferredOfPair(primary.intent, other.intent) === other.intent) primary = other;
  }

  const secondary = scored.filter((s) => s !== primary);
  const competing: Intent[] = [];
  for (const s of secondary) {
    if (s.score >= COMPETING_INTENT_SCORE && !compatible(primary.intent, s.intent)) {
      ambiguityReasons.push(`competing intent: ${s.intent}`);
      competing.push(s.intent);
    }
  }

  return {
    intent: primary.intent,
    confidence: Number(primary.score.toFixed(2)),
    secondaryIntents: secondary.map((s) => s.intent),
    competingIntents: competing,
    ambiguous: ambiguityReasons.length > 0,
    ambiguityReasons,
  };
}
