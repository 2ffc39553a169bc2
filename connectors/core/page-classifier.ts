/**
 * What kind of page is this? Run after every navigation, from the response status, the title
 * and — above all — the content: a challenge can come with 200, 403 or 503, and a 403 with no
 * block markers is not proof of a block. Markers that lead-written text could contain (a lead
 * typing "you have been blocked") only count together with a block/challenge title or status.
 */
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
}

export interface Classification {
  kind: PageKind;
  /** What decided it: a selector, a text marker or a status. */
  marker: string | null;
}

const BLOCK_TITLES = [
  "just a moment",
  "attention required",
  "access denied",
  "request blocked",
  "service unavailable",
];
const CF_MARKERS = [
  "verifying you are human",
  "needs to review the security of your connection",
  "performance & security by cloudflare",
  "checking your browser",
  "ray id",
  "cloudflare",
];
const BLOCK_TEXT = ["sorry, you have been blocked", "you have been blocked", "unable to access"];
const CHALLENGE_TEXT = [
  "verifying you are human",
  "needs to review the security of your connection",
  "checking your browser",
];
/** Widely used challenge widgets, on top of each site's own selectors. */
const GENERIC_CHALLENGE_SELECTORS = [
  "iframe[src*='challenges.cloudflare.com']",
  "#challenge-form",
  "#challenge-stage",
  "#cf-challenge-running",
];

/** `doc` lets a caller that already parsed the page skip a second parse (CPU time matters). */
export function classifyPage(
  page: PageSnapshot,
  markers: SiteMarkers,
  doc: Doc = parseDocument(page.html),
): Classification {
  const title = (page.title || doc.title || "").trim().toLowerCase();
  const body = (doc.body?.textContent ?? "").replace(/\s+/g, " ").toLowerCase();
  const status = page.status ?? 200;
  const suspicious = BLOCK_TITLES.some((t) => title.includes(t)) || [403, 429, 503].includes(status);
  const cfMarker = CF_MARKERS.find((m) => body.includes(m));

  if (suspicious && cfMarker) {
    const block = BLOCK_TEXT.find((m) => body.includes(m));
    if (block) return { kind: "blocked", marker: block };
    const challenge =
      CHALLENGE_TEXT.find((m) => body.includes(m)) ??
      (title.includes("just a moment") ? "title: just a moment" : null);
    if (challenge) return { kind: "bot_challenge", marker: challenge };
  }
  for (const sel of [...markers.challengeSelectors, ...GENERIC_CHALLENGE_SELECTORS]) {
    if (doc.querySelector(sel)) return { kind: "bot_challenge", marker: sel };
  }
  for (const sel of markers.captchaSelectors) {
    if (doc.querySelector(sel)) return { kind: "captcha", marker: sel };
  }
  if (status === 429) return { kind: "rate_limited", marker: "status 429" };
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
