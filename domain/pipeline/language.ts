// Whether a message is written (mostly) in a language the rules do not read. Every keyword family —
// intents, guardrails, fair-housing cues — is English, so for a message in Spanish or Chinese the
// rules can neither tell what it asks nor vouch that it is safe to answer: a person reads it.
// A greeting or a thank-you in another language ("Hola! Is it still available? Gracias") is fine.
import {
  FOREIGN_LANGUAGE_MIN_MARKERS,
  FOREIGN_MARKER_WORDS,
  NON_LATIN_MIN_LETTERS,
  OTHER_LANGUAGE_ACCENTED_SHARE,
} from "./rules/language.ts";

const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/gu;
const ACCENTED_LATIN = /[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF]/;
const WORD = /[\p{L}']+/gu;

export function isOtherLanguage(text: string): boolean {
  if ((text.match(NON_LATIN_LETTER) ?? []).length >= NON_LATIN_MIN_LETTERS) return true;
  const words = (text.toLowerCase().match(WORD) ?? []).flatMap((w) => w.split("'")).filter((w) => w !== "");
  if (words.length === 0) return false;
  const markers = new Set(words.filter((w) => FOREIGN_MARKER_WORDS.has(w)));
  // Inverted punctuation is Spanish whatever the words around it.
  if (/[¿¡]/.test(text)) markers.add("¿");
  if (markers.size >= FOREIGN_LANGUAGE_MIN_MARKERS) return true;
  const accented = words.filter((w) => ACCENTED_LATIN.test(w)).length;
  return accented >= 2 && accented / words.length >= OTHER_LANGUAGE_ACCENTED_SHARE;
}
