// When the lead said they can view (rules/viewing-time.ts), as the value of `lead_viewing_when`:
// "Saturday morning", "weekday evenings", "tomorrow at 3pm", "weekdays after 6pm". Pure.
import {
  BARE_TIME_FILLER,
  DAY_PATTERN,
  type DayPart,
  type DayWord,
  dayPart,
  dayWord,
  OTHER_SENSE,
  PART_PATTERN,
  ROOM_AVAILABLE,
  TIME_PATTERNS,
  VIEWING_CUE,
} from "./rules/viewing-time.ts";

interface Found {
  day: DayWord | null;
  part: DayPart | null;
  time: string | null;
}

// The day the clause names; two single days read "Tuesday or Thursday" (the lead offered either).
function clauseDay(clause: string): DayWord | null {
  const days: DayWord[] = [];
  for (const m of clause.matchAll(new RegExp(DAY_PATTERN.source, "gi"))) {
    const day = dayWord(m as RegExpExecArray);
    if (day && !days.some((d) => d.label === day.label)) days.push(day);
  }
  const [first, second] = days;
  if (first?.kind === "day" && second?.kind === "day")
    return { label: `${first.label} or ${second.label}`, kind: "day" };
  return first ?? null;
}

// A clock time as digits the lead wrote and a fixed suffix: "3pm", "3:30pm", "18:00", "at 3".
function clockTime(clause: string): string | null {
  const [twelve, twentyFour, bare] = TIME_PATTERNS;
  const t12 = twelve?.exec(clause);
  if (t12?.[2]) {
    const hour = Number(t12[2]);
    if (hour < 1 || hour > 12) return null;
    const suffix = t12[4]?.toLowerCase().startsWith("a") ? "am" : "pm";
    return withPrefix(t12[1], `${hour}${t12[3] ? `:${t12[3]}` : ""}${suffix}`);
  }
  const t24 = twentyFour?.exec(clause);
  if (t24?.[2] && t24[3]) return withPrefix(t24[1], `${Number(t24[2])}:${t24[3]}`);
  const b = bare?.exec(clause);
  if (b?.[2]) {
    const hour = Number(b[2]);
    if (hour < 1 || hour > 12) return null;
    return withPrefix(b[1], String(hour));
  }
  return null;
}

function withPrefix(word: string | undefined, time: string): string {
  const w = word?.toLowerCase();
  return w && w !== "at" && w !== "by" ? `${w} ${time}` : `at ${time}`;
}

// The part of a clause that can hold a viewing time, or null when none can: a clause with neither a
// viewing cue nor a question mark is about something else ("I work weekends"); the room's own
// availability is not the lead's; in a clause about moving in, only what comes before the move does.
function viewingPart(clause: string, isQuestion: boolean): string | null {
  if (ROOM_AVAILABLE.test(clause)) return null;
  const other = clause.search(OTHER_SENSE);
  const part = other === -1 ? clause : clause.slice(0, other);
  if (other !== -1 && !VIEWING_CUE.test(part)) return null;
  if (VIEWING_CUE.test(part)) return part;
  return isQuestion && bareTime(part) ? part : null;
}

// Nothing in the clause but a time and filler words.
function bareTime(clause: string): boolean {
  const rest = clause
    .replace(new RegExp(DAY_PATTERN.source, "gi"), " ")
    .replace(new RegExp(PART_PATTERN.source, "gi"), " ")
    .replace(/\d{1,2}(?:[:.][0-5]\d)?\s*(?:a\.?m\.?|p\.?m\.?)?/gi, " ")
    .replace(BARE_TIME_FILLER, " ");
  return !/[a-z]{2,}/i.test(rest);
}

function describe({ day, part, time }: Found): string | null {
  if (!day) {
    if (time) return time.startsWith("at ") ? time.slice(3) : time;
    return part ? `${part}s` : null;
  }
  if (time) return `${day.label} ${time}`;
  if (!part) return day.label;
  if (day.kind === "today") return `this ${part}`;
  if (day.kind === "each") return `${day.adjective} ${part}s`;
  if (day.kind === "span") return `${day.label} in the ${part}`;
  return `${day.label} ${part}`;
}

/**
 * When the lead said they can view, or null. The first clause that names a time and reads as the
 * lead's own viewing time wins; a day with a date after it ("Monday the 1st") still counts as a day
 * when the clause is about viewing, since the words around it, not the date, tell the senses apart.
 */
export function viewingWhen(text: string): string | null {
  for (const sentence of text.split(/(?<=[.!?\n])(?=\s|$)/)) {
    const isQuestion = /\?\s*$/.test(sentence);
    // Clauses: a comma, semicolon or "but" usually starts another thought ("I move on Monday, can
    // I view it before?").
    for (const clause of sentence.split(/[,;]|\bbut\b/i)) {
      const part = viewingPart(clause, isQuestion);
      if (part === null) continue;
      const partWord = PART_PATTERN.exec(part)?.[1];
      const found: Found = {
        day: clauseDay(part),
        part: partWord ? dayPart(partWord) : null,
        time: clockTime(part),
      };
      // A bare hour ("at 3") is a time only beside a day or part of the day.
      if (found.time && /^at \d+$/.test(found.time) && !found.day && !found.part) found.time = null;
      const when = describe(found);
      if (when) return when;
    }
  }
  return null;
}
