/** Plain-words formatting of times, codes and counts. */

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 0) return `in ${span(-s)}`;
  if (s < 10) return "just now";
  return `${span(s)} ago`;
}

function span(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** "selector_drift" → "selector drift": the fallback when the API sends no explanation. */
export function words(code: string | null | undefined): string {
  return code ? code.replace(/_/g, " ") : "—";
}

export const PLATFORM_NAMES: Record<string, string> = {
  spareroom: "SpareRoom",
  roomies: "Roomies",
  leasebreak: "Leasebreak",
  renthop: "RentHop",
  furnishedfinder: "Furnished Finder",
};

export const platformName = (p: string): string => PLATFORM_NAMES[p] ?? p;

export const sendModeName = (m: string | null | undefined): string =>
  m === "auto_send" ? "auto send" : m === "draft_only" ? "draft only" : "inherit";
