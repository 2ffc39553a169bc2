// Small helpers: HTML escaping, a seeded PRNG, price and date formatting.

export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON safe to embed inside a <script> element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** mulberry32: small deterministic PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Truncate by code points (never splits a surrogate pair); appends the marker when cut. */
export function truncate(text: string, max: number, marker: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return `${chars.slice(0, max).join("").trimEnd()}${marker}`;
}

export function formatPrice(price: unknown): string {
  if (typeof price === "number" && Number.isFinite(price)) return `$${price.toLocaleString("en-US")}`;
  const s = String(price ?? "").trim();
  if (/^\d+(\.\d+)?$/.test(s)) return `$${Number(s).toLocaleString("en-US")}`;
  return s;
}

type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number };

const nyFormatter = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/New_York",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});

export function newYorkParts(ms: number): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of nyFormatter.formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function clock12(hour: number, minute: number): string {
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return `${h}:${String(minute).padStart(2, "0")} ${hour < 12 ? "AM" : "PM"}`;
}

function dayNumber(p: ZonedParts): number {
  return Math.floor(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000);
}

/** SpareRoom inbox date: "Today 3:30 PM", "Yesterday 11:21 PM", else "Jan 20 2026" (America/New_York). */
export function spareRoomInboxDate(ms: number, now: number): string {
  const p = newYorkParts(ms);
  const diff = dayNumber(newYorkParts(now)) - dayNumber(p);
  if (diff <= 0) return `Today ${clock12(p.hour, p.minute)}`;
  if (diff === 1) return `Yesterday ${clock12(p.hour, p.minute)}`;
  return `${MONTHS[p.month - 1]} ${p.day} ${p.year}`;
}

/** SpareRoom thread date: "MM/DD/YYYY h:mm AM" (America/New_York). */
export function spareRoomThreadDate(ms: number): string {
  const p = newYorkParts(ms);
  const mm = String(p.month).padStart(2, "0");
  const dd = String(p.day).padStart(2, "0");
  return `${mm}/${dd}/${p.year} ${clock12(p.hour, p.minute)}`;
}

/** "Feb 8, 2026 3:05 PM" in New York time (used for human-readable labels next to ISO datetimes). */
export function mediumDate(ms: number, withTime = true): string {
  const p = newYorkParts(ms);
  const base = `${MONTHS[p.month - 1]} ${p.day}, ${p.year}`;
  return withTime ? `${base} ${clock12(p.hour, p.minute)}` : base;
}

/** Roomies-style relative time: "5m ago", "8h ago", "2d ago", "1w ago". */
export function relativeAgo(ms: number, now: number): string {
  const minutes = Math.max(1, Math.floor((now - ms) / 60_000));
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days}d ago`;
  return `${Math.floor(days / 7)}w ago`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export { sleep } from "../domain/util/sleep.ts";
