// Opt-out / opt-in detection. An opt-out must never be missed, but a false one silences a real lead,
// so the short carrier words (STOP, END, CANCEL…) count only as the whole message, and longer
// phrases ("please stop messaging me", "remove me") count anywhere.
import {
  OPT_FILLER_WORDS,
  OPT_IN_PHRASES,
  OPT_IN_WORDS,
  OPT_OUT_PHRASES,
  OPT_OUT_WORDS,
} from "./rules/opt-out.ts";
import type { OptChange } from "./types.ts";

export interface OptAnalysis {
  change: OptChange;
  // True when the message is nothing but the keyword (plus politeness): there is no question left
  // to answer, which decide() uses to give a bare "START" the opt_in intent.
  bare: boolean;
}

function bareWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter((w) => w !== "" && !OPT_FILLER_WORDS.includes(w));
}

// "STOP", "stop!!", "Stop please", "STOP STOP" — one distinct keyword once politeness is removed.
function bareKeyword(text: string, words: readonly string[]): boolean {
  const remaining = bareWords(text);
  return (
    remaining.length > 0 && remaining.every((w) => w === remaining[0]) && words.includes(remaining[0] ?? "")
  );
}

export function analyzeOptChange(text: string): OptAnalysis {
  if (bareKeyword(text, OPT_OUT_WORDS)) return { change: "opt_out", bare: true };
  if (bareKeyword(text, OPT_IN_WORDS)) return { change: "opt_in", bare: true };
  // Opt-out phrases are checked before opt-in phrases: when a message somehow holds both, staying
  // silent is the safe side.
  if (OPT_OUT_PHRASES.some((p) => p.test(text))) return { change: "opt_out", bare: false };
  if (OPT_IN_PHRASES.some((p) => p.test(text))) {
    const rest = OPT_IN_PHRASES.reduce((t, p) => t.replace(p, " "), text);
    return { change: "opt_in", bare: bareWords(rest).length === 0 };
  }
  return { change: null, bare: false };
}

export function detectOptChange(text: string): OptChange {
  return analyzeOptChange(text).change;
}
