/**
 * HTML parsing for the pure parsers: pages are read once from the browser (page.content())
 * and parsed here with linkedom, so every parser is a function of an HTML string that unit
 * tests can feed saved pages.
 */
import { parseHTML } from "linkedom";

export type Doc = Document;

export function parseDocument(html: string): Doc {
  // linkedom builds a body only for whole documents; wrap fragments (saved snippets, tests).
  const whole = /<html[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(whole).document as unknown as Doc;
}

/** Whitespace-collapsed text of an element (null-safe). */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** The first element matching any selector in order (selector lists are tried in order). */
export function firstMatch(
  root: ParentNode,
  selectors: readonly string[],
): { el: Element; selector: string } | null {
  for (const selector of selectors) {
    const el = root.querySelector(selector);
    if (el) return { el, selector };
  }
  return null;
}

/** All elements matching the first selector in the list that matches anything. */
export function allOfFirst(
  root: ParentNode,
  selectors: readonly string[],
): { els: Element[]; selector: string } | null {
  for (const selector of selectors) {
    const els = Array.from(root.querySelectorAll(selector));
    if (els.length) return { els, selector };
  }
  return null;
}

/** Short stable digest for fingerprints (FNV-1a, hex); not a security hash. */
export function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Body text normalised for matching our own sent reply in a thread (read-back). */
export function normalizeForMatch(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}
