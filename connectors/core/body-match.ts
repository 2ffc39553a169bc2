/**
 * Is this message in the thread our reply? Sites re-wrap whitespace and sometimes truncate, so
 * a body matches when the normalised texts are equal, or when one contains the other and the
 * contained part is long enough (16 chars) not to match by accident — the rule the earlier
 * Roomies fix settled on after three rounds of false negatives.
 */
import { normalizeForMatch } from "./html.ts";

export const MIN_CONTAINED = 16;

export function bodiesMatch(sent: string, seen: string): boolean {
  const a = normalizeForMatch(sent);
  const b = normalizeForMatch(seen.replace(/(\.\.\.|…)$/, ""));
  if (!a || !b) return false;
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= MIN_CONTAINED && long.includes(short);
}
