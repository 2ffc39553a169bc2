/**
 * What kind of page is this? Run after every navigation, from the response status, the title
 * and — above all — the content: a challenge can come with 200, 403 or 503, and a 403 with no
 * block markers is not proof of a block. Markers that lead-written text could contain (a lead
 * typing "you have been blocked") only count together with a block/challenge title or status.
 * Bot defences' pages (every vendor) are recognised by bot-refusal.ts, the one rule for them.
 */
import { classifyRefusal } from "./bot-refusal.ts";
import { type Doc, parseDocument } from "./html.ts";

export const PAGE_KINDS = [
  "normal",
  "login",
  "captcha",
  "bot_challenge",
  "blocked",
  "rate_limited",
  "unavailable",
  "http_error",
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export interface SiteMarkers {
  /** URL path fragments of the site's login pages. */
  loginUrlPatterns: readonly string[];
  /** Lower-case text the site shows on protected pages when logged out. */
  loginTexts: readonly string[];
  captchaSelectors: readonly string[];
  challengeSelectors: readonly string[];
}

export interface PageSnapshot {
  status: number | null;
  url: string;
  title: string;
  html: string;
  /** The response's headers, when the page came from a navigation (a defence's marks). */
  headers?: Readonly<Record<string, string>> | null;
}

export interface Classification {
  kind: PageKind;
  /** What decided it: a selector, a text marker or a status. */
  marker: string | null;
}

/** `doc` lets a caller that already parsed the page skip a second parse (CPU time matters). */
export function classifyPage(
  page: PageSnapshot,
  markers: SiteMarkers,
  doc: Doc = parseDocument(page.html),
): Classification {
  const title = (page.title || doc.title || "").trim().toLowerCase();
  const body = (doc.body?.textContent ?? "").replace(/\s+/g, " ").toLowerCase();
  const status = page.status ?? 200;
  // Every vendor's challenge and block page, and 429, are recognised by the one rule (bot-refusal.ts).
  const refusal = classifyRefusal({
    status,
    headers: page.headers ?? null,
    body: page.html,
    title,
    text: body,
    has: (sel) => doc.querySelector(sel) !== null,
  });
  if (refusal?.kind === "block") return { kind: "blocked", marker: refusal.marker };
  if (refusal?.kind === "challenge") return { kind: "bot_challenge", marker: refusal.marker };
  for (const sel of markers.challengeSelectors) {
    if (doc.querySelector(sel)) return { kind: "bot_challenge", marker: sel };
  }
  for (const sel of markers.captchaSelectors) {
    if (doc.querySelector(sel)) return { kind: "captcha", marker: sel };
  }
  if (refusal?.kind === "rate_limited") return { kind: "rate_limited", marker: refusal.marker };
  if (status >= 500) return { kind: "unavailable", marker: `status ${status}` };

  const path = safePath(page.url);
  const loginUrl = markers.loginUrlPatterns.find((p) => path.includes(p));
  if (loginUrl) return { kind: "login", marker: `url ${loginUrl}` };
  const loginText = markers.loginTexts.find((t) => body.includes(t));
  if (loginText) return { kind: "login", marker: loginText };
  if (doc.querySelector("form input[type='password']")) return { kind: "login", marker: "password field" };

  if (status >= 400) return { kind: "http_error", marker: `status ${status}` };
  return { kind: "normal", marker: null };
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname.toLowerCase();
  } catch {
    return "";
  }
}
