/**
 * Wall-clock arithmetic in an IANA time zone with the runtime's Intl data (no library): the
 * minute of the local day at an instant, and the first instant outside the quiet hours. Both
 * hold across daylight-saving changes (a skipped or repeated hour).
 */

export interface QuietHours {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Minute of the local day (0–1439) at `t` in `timeZone`; UTC when the zone is null or unknown. */
export function localMinute(t: number, timeZone: string | null): number {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone ?? "UTC",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    }).formatToParts(t);
    const h = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
    const m = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
    return h * 60 + m;
  } catch {
    return localMinute(t, null);
  }
}

/** Whether a minute of the day falls in [start, end), a window that may span midnight. */
export function inQuiet(minute: number, q: QuietHours): boolean {
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  if (s === e) return false;
  return s < e ? minute >= s && minute < e : minute >= s || minute < e;
}

/**
 * `t` itself when it is outside the quiet hours; otherwise the first instant at or after the
 * local end of them (e.g. 08:00 the next morning). Jumps by the wall-clock distance, then
 * corrects by what a daylight-saving change in between did to it.
 */
export function nextAllowed(t: number, timeZone: string | null, q: QuietHours | null): number {
  if (!q || !inQuiet(localMinute(t, timeZone), q)) return t;
  const end = minutesOf(q.end);
  let at = t;
  for (let i = 0; i < 4 && inQuiet(localMinute(at, timeZone), q); i++) {
    const gap = (end - localMinute(at, timeZone) + 1440) % 1440;
    at = Math.floor(at / 60_000) * 60_000 + Math.max(1, gap) * 60_000;
  }
  // A clock that sprang forward in between lands us past the end (09:00 for 08:00): step back
  // to the first allowed minute, which is still after `t`.
  const over = (localMinute(at, timeZone) - end + 1440) % 1440;
  if (over > 0 && over <= 120) {
    const back = at - over * 60_000;
    if (back > t && !inQuiet(localMinute(back, timeZone), q)) at = back;
  }
  return at;
}
