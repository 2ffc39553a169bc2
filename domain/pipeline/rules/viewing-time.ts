// When a lead said they can view ("Can I see it Saturday morning?", "I'm free after 6pm on
// weekdays", "tomorrow at 3?"), read by viewing-time.ts into the template variable
// `lead_viewing_when`, so a starter acknowledges it instead of asking "Which days and times would
// suit you?". The value is built from the words below and the lead's digits only (an hour, minutes),
// never from the lead's own text. docs/decision-table.md documents these constants.
// No `g` flags (see stated-facts.ts); code that needs every match builds a `g` copy.

/** A day, normalised: `label` is what a reply says; `each` marks a recurring day ("weekdays"). */
export interface DayWord {
  label: string;
  /** The adjective form for a recurring day: "weekday evenings", "Saturday mornings". */
  adjective?: string;
  /** "today" reads "this morning", a span ("this weekend") reads "this weekend in the morning". */
  kind: "day" | "each" | "today" | "span";
}

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
// Short forms that are not ordinary words ("sat", "sun", "wed" are, so they do not count).
const SHORT: Readonly<Record<string, string>> = { tues: "Tuesday", weds: "Wednesday", thurs: "Thursday" };

/** Days a lead names, longest phrases first so "next weekend" wins over "weekend". */
export const DAY_PATTERN =
  /\b(?:(this|next|on|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|weds|thurs)(s)?\b|\b(?:(this|next|the|on)\s+)?(weekends?|weekdays?|week)\b|\b(today|tonight|tomorrow|tmrw|tmr|tomorow)\b/i;

export function dayWord(m: RegExpExecArray): DayWord | null {
  const [, nameQualifier, name, plural, spanQualifier, span, relative] = m;
  if (name) {
    const lower = name.toLowerCase();
    const day = SHORT[lower] ?? WEEKDAYS.find((d) => d.toLowerCase() === lower) ?? null;
    if (!day) return null;
    if (plural) return { label: `${day}s`, adjective: day, kind: "each" };
    return { label: nameQualifier?.toLowerCase() === "next" ? `next ${day}` : day, kind: "day" };
  }
  if (span) {
    const s = span.toLowerCase();
    const q = spanQualifier?.toLowerCase();
    if (s === "week") return q === "this" || q === "next" ? { label: `${q} week`, kind: "span" } : null;
    const base = s.startsWith("weekend") ? "weekend" : "weekday";
    // "this/next/the weekend" is one weekend; "weekends", "on weekdays", "weekday" are recurring.
    if (base === "weekend" && !s.endsWith("s") && q && q !== "on")
      return { label: `${q === "next" ? "next" : "this"} weekend`, kind: "span" };
    return { label: `${base}s`, adjective: base, kind: "each" };
  }
  if (relative) {
    const r = relative.toLowerCase();
    if (r === "today" || r === "tonight") return { label: "today", kind: "today" };
    return { label: "tomorrow", kind: "day" };
  }
  return null;
}

export type DayPart = "morning" | "afternoon" | "evening";
/** A part of the day; "tonight" and "after work" are the evening. */
export const PART_PATTERN = /\b(mornings?|afternoons?|evenings?|tonight|after work|after school)\b/i;
export function dayPart(word: string): DayPart {
  const w = word.toLowerCase();
  if (w.startsWith("morning")) return "morning";
  if (w.startsWith("afternoon")) return "afternoon";
  return "evening";
}

/** A clock time: "3pm", "3:30 p.m.", "18:00", or a bare hour after at/around ("tomorrow at 3"). */
export const TIME_PATTERNS: readonly RegExp[] = [
  /\b(?:(after|before|from|around|at|by)\s+)?(\d{1,2})(?:[:.]([0-5]\d))?\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])/i,
  /\b(?:(after|before|from|around|at|by)\s+)?([01]?\d|2[0-3]):([0-5]\d)\b(?!\s*(?:am|pm))/i,
  /\b(after|around|at)\s+(\d{1,2})\b(?![:.,]?\d|\s*(?:%|people|of|years?|months?|weeks?|days?|lbs?|kg|bed|bath|guests?|persons?|st|nd|rd|th))/i,
];

/**
 * Words that say the lead is free or wants to see the place; a time in a clause without one (and
 * that is not a question) is not a viewing time: "I work weekends", "I start my job on Monday".
 */
// "free" and "available" count only as the lead's own ("I'm free", "we are available", "free to
// view"): "is parking free on Sundays?" is about the parking.
export const VIEWING_CUE =
  /\b(view|viewing|viewings|see|visit|tour|show|look (?:at|round|around)|come (?:by|round|over|and)|pop (?:by|round|over|in)|stop by|drop by|swing by|availability|suit|suits|work for me|works for me|works best|good for me|can do|could do|can make|could make|meet)\b|\b(?:i'?m|i am|we'?re|we are|i'?ll be|we'?ll be|i'?d be|i can be|i'?m usually|i'?m only)\s+(?:\w+\s+)?(?:free|available)\b|\b(?:free|available) (?:to (?:view|see|visit|come)|for (?:a )?viewings?)\b/i;

/**
 * A question with no viewing word counts only when it is nothing but a time ("tomorrow at 3?",
 * "How about Saturday?"): "Is the room quiet in the evenings?" is about the room. These are the
 * words such a question may hold besides the day, part of the day and clock time.
 */
export const BARE_TIME_FILLER =
  /\b(?:how|about|what|is|ok|okay|would|could|can|does|do|work|works|maybe|or|and|say|at|on|in|the|this|next|around|after|before|from|by|hi|hey|hello|then|i|we|me|us|it|good|fine|any|time|o'?clock|pm|am|please|thanks?)\b/gi;

/**
 * Words that put a day in another sense: moving in, a lease starting, arriving. In a clause with one
 * of these, only a time the lead names BEFORE it counts, and only with a viewing cue ("Can I see it
 * Saturday before I move in on the 1st?" → Saturday; "I move on Monday the 1st" → nothing).
 */
export const OTHER_SENSE =
  /\b(move|moving|moved|move-in|movein|relocat\w*|lease|arriv\w*|landing|flight|fly|flying|start|starts|starting|begin|begins|sign|signing|deposit|rent is|pay|paying)\b/i;

/** The room's availability, not the lead's: "is it available from Monday?", "available starting next week". */
export const ROOM_AVAILABLE =
  /\b(?:is it|it is|it's|its|is the (?:room|place|flat|apartment|unit)|(?:room|place|flat|apartment|unit) is)\s+(?:still\s+)?available\b|^(?!.*\b(?:i'?m|i am|we'?re|we are)\b).*\bavailable\s+(?:from|starting|as of)\b/i;

/**
 * How a reply asks when the lead can view. A reply that asks this of a lead who already said when
 * goes to a person (`outbound_asks_stated`); the starters ask it only in `{{^lead_viewing_when}}`.
 */
export const VIEWING_TIME_QUESTION =
  /\b(which|what) (days?|times?|dates?)\b[^.?!\n]{0,40}\b(suit|suits|work|works|good|best|convenient|free|available)\b|\bwhen (would|are|could|can|will|is) (you|it)\b[^.?!\n]{0,30}\b(free|available|suit|like|want|come|view|see|visit)\b|\bwhen (suits|works) (you|for you|best)\b|\bsend me a couple of (options|times)\b|\byour availability\b/i;
