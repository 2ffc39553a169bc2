/**
 * Turns the date text the sites show into UTC. Sites render local wall-clock times ("Today
 * 3:30 PM", "Yesterday 11:21 PM EST", "01/20/2026 9:05 AM", "Jan 20 2026", "8h ago"), so the
 * parser needs the site's time zone and the current instant. Pure: `now` is passed in.
 */

const ABBREVIATIONS: Record<string, string> = {
  EST: "America/New_York",
  EDT: "America/New_York",
  CST: "America/Chicago",
  CDT: "America/Chicago",
  MST: "America/Denver",
  MDT: "America/Denver",
  PST: "America/Los_Angeles",
  PDT: "America/Los_Angeles",
  UTC: "Etc/UTC",
  GMT: "Etc/GMT",
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export interface ParsedDate {
  iso: string;
  /** Whether the text carried a time of day (an inbox "Jan 20 2026" does not). */
  hasTime: boolean;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
export function zonedParts(ms: number, tz: string) {
  const p = Object.fromEntries(
    formatter(tz)
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

function offsetMs(ms: number, tz: string): number {
  const z = zonedParts(ms, tz);
  return Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * A wall-clock time in a zone → UTC ms. In the autumn overlap it picks the earlier instant; a
 * time in the spring gap is moved forward by the gap (the site cannot have shown it anyway).
 */
export function zonedTimeToUtc(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const first = wall - offsetMs(wall, tz);
  const second = wall - offsetMs(first, tz);
  return Math.min(first, second);
}

const TIME = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?/i;

function parseTime(text: string): { h: number; m: number } | null {
  const t = TIME.exec(text);
  if (!t) return null;
  let h = Number(t[1]);
  const m = Number(t[2]);
  const ampm = t[4]?.toLowerCase().replace(/\./g, "");
  if (ampm === "pm" && h < 12) h += 12;
  if (ampm === "am" && h === 12) h = 0;
  if (h > 23 || m > 59) return null;
  return { h, m };
}

export interface ParseOptions {
  /** IANA zone the site renders local times in. */
  timeZone: string;
  now: Date;
}

/** Parses a site's date text; null when it cannot be read (never "now" as a silent guess). */
export function parseSiteDate(raw: string | null | undefined, opts: ParseOptions): ParsedDate | null {
  if (!raw) return null;
  const text = raw.replace(/\s+/g, " ").trim();
  if (!text) return null;
  const nowMs = opts.now.getTime();

  // ISO-8601 (Roomies' Alpine data, datetime attributes).
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : { iso: new Date(ms).toISOString(), hasTime: true };
  }

  const lower = text.toLowerCase();
  if (lower === "just now" || lower === "now") return { iso: new Date(nowMs).toISOString(), hasTime: true };

  const rel =
    /^(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?)\s+ago$/i.exec(
      text,
    );
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]!.toLowerCase();
    const ms = unit.startsWith("s")
      ? 1000
      : unit.startsWith("h")
        ? 3_600_000
        : unit.startsWith("d")
          ? 86_400_000
          : unit.startsWith("w")
            ? 604_800_000
            : 60_000;
    return {
      iso: new Date(nowMs - n * ms).toISOString(),
      hasTime: !unit.startsWith("d") && !unit.startsWith("w"),
    };
  }

  const abbr = /\b([A-Z]{3})$/.exec(text)?.[1];
  const tz = (abbr && ABBREVIATIONS[abbr]) || opts.timeZone;
  const time = parseTime(text);
  const at = (y: number, mo: number, d: number): ParsedDate | null => {
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
    const h = time?.h ?? 12;
    const m = time?.m ?? 0;
    return { iso: new Date(zonedTimeToUtc(y, mo, d, h, m, tz)).toISOString(), hasTime: time !== null };
  };

  const dayWord = /^(today|yesterday)\b/i.exec(text)?.[1]?.toLowerCase();
  if (dayWord) {
    const base = zonedParts(nowMs - (dayWord === "yesterday" ? 86_400_000 : 0), tz);
    if (!time) {
      // "Today" without a time: keep the current time of day so it is not judged stale.
      const z = zonedParts(nowMs, tz);
      return {
        iso: new Date(zonedTimeToUtc(base.year, base.month, base.day, z.hour, z.minute, tz)).toISOString(),
        hasTime: false,
      };
    }
    return at(base.year, base.month, base.day);
  }

  const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text);
  if (slash) return at(Number(slash[3]), Number(slash[1]), Number(slash[2]));

  const named = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(text);
  if (named) {
    const mo = MONTHS.indexOf(named[1]!.slice(0, 3).toLowerCase());
    if (mo >= 0) return at(Number(named[3]), mo + 1, Number(named[2]));
  }

  // A bare time ("3:45 PM"): today in the site's zone, or yesterday if that would be the future.
  if (time && /^\d{1,2}:\d{2}/.test(text)) {
    const z = zonedParts(nowMs, tz);
    let ms = zonedTimeToUtc(z.year, z.month, z.day, time.h, time.m, tz);
    if (ms > nowMs + 60_000) {
      const y = zonedParts(nowMs - 86_400_000, tz);
      ms = zonedTimeToUtc(y.year, y.month, y.day, time.h, time.m, tz);
    }
    return { iso: new Date(ms).toISOString(), hasTime: true };
  }
  return null;
}
