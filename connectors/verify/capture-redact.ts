/**
 * `verify:site --capture`: the pages a run read, made safe to commit as regression fixtures. The
 * structure, classes and attributes the selectors read stay; what is personal or secret goes:
 * - lead names and message words the connector's own parsers found on the pages (previews and
 *   bodies), in every form they appear in (text, HTML-escaped, JSON-escaped in a boot script);
 * - e-mail addresses and phone numbers anywhere (text, attributes, scripts), and mailto:/tel: links;
 * - form tokens (hidden inputs and meta tags named like a token, csrf or nonce) and typed values;
 * - the session's cookie values, wherever a page echoes them.
 * What the connector parsed before redaction goes into the bundle's manifest, so the parse test
 * can tell that the redacted page still reads the same (same rows, ids and message count).
 */
import { escapeRegExp } from "../../domain/util/regexp.ts";
import { parseDocument } from "../core/html.ts";
import type { SiteSpec } from "../core/site-spec.ts";
import type { PageInput } from "./check.ts";

export interface CapturedPage {
  file: string;
  step: PageInput["step"];
  /** Path only. */
  path: string;
  threadId?: string;
  /** What the connector parsed from the page as read (counts and ids, nothing personal). */
  expect: {
    rows?: number;
    threadIds?: string[];
    messages?: number;
    messageIds?: string[];
    listings?: number;
  };
}

export interface CaptureManifest {
  platform: string;
  capturedAt: string;
  connectorVersion: string;
  pages: CapturedPage[];
  redacted: { names: number; texts: number; emails: number; phones: number; tokens: number; cookies: number };
}

export const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** North American and international numbers written with separators; bare digit runs (ids) are left alone. */
export const PHONE_RE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/g;
const TOKEN_NAME = /token|csrf|xsrf|nonce|authenticity|session|signature/i;

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const escapeHtmlApos = (s: string) => escapeHtml(s).replace(/'/g, "&#39;");
const escapeJson = (s: string) => JSON.stringify(s).slice(1, -1);

/** Every form a string can take in serialized HTML. */
function variants(s: string): string[] {
  const j = escapeJson(s);
  return [...new Set([s, escapeHtml(s), escapeHtmlApos(s), j, escapeHtml(j), j.replace(/\//g, "\\/")])];
}

function replaceAll(html: string, from: string, to: string): { html: string; n: number } {
  if (!from) return { html, n: 0 };
  const parts = html.split(from);
  return { html: parts.join(to), n: parts.length - 1 };
}

/** The personal strings the connector's parsers find on the pages: names and message words. */
export function personalStrings(spec: SiteSpec, pages: readonly PageInput[], now = new Date()) {
  const names = new Set<string>();
  const texts = new Set<string>();
  for (const p of pages) {
    const doc = parseDocument(p.html);
    const ctx = { now, origin: safeOrigin(p.url) };
    try {
      if (p.step === "inbox") {
        for (const r of spec.parseInbox(doc, ctx).rows) {
          if (r.leadName) names.add(r.leadName);
          if (r.preview) texts.add(r.preview.replace(/(\.\.\.|…)$/, ""));
        }
      } else if (p.step === "thread" && p.threadId) {
        const t = spec.parseThread(doc, p.threadId, ctx);
        if (t.leadName) names.add(t.leadName);
        for (const m of t.messages) {
          if (m.sender) names.add(m.sender);
          texts.add(m.text);
          // Sites show a message's lines separately, and trimmed: each line is personal too.
          for (const line of m.text.split(/\n+/)) if (line.trim().length >= 12) texts.add(line.trim());
        }
      }
    } catch {
      // A page the parser cannot read yields no strings; the regex pass still runs on it.
    }
  }
  return { names: [...names], texts: [...texts] };
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "http://invalid";
  }
}

/** DOM pass: form tokens, typed values, mailto/tel links. Returns the serialized page. */
function redactForms(html: string): { html: string; tokens: number } {
  const doc = parseDocument(html);
  let tokens = 0;
  for (const el of Array.from(doc.querySelectorAll("input"))) {
    const type = (el.getAttribute("type") ?? "text").toLowerCase();
    const name = `${el.getAttribute("name") ?? ""} ${el.getAttribute("id") ?? ""}`;
    if (!el.hasAttribute("value") || ["checkbox", "radio", "submit", "button"].includes(type)) continue;
    if (type === "hidden" && !TOKEN_NAME.test(name)) continue;
    el.setAttribute("value", TOKEN_NAME.test(name) ? "REDACTED-TOKEN" : "");
    tokens++;
  }
  for (const el of Array.from(doc.querySelectorAll("meta[name][content]"))) {
    if (TOKEN_NAME.test(el.getAttribute("name") ?? "")) {
      el.setAttribute("content", "REDACTED-TOKEN");
      tokens++;
    }
  }
  for (const el of Array.from(doc.querySelectorAll("textarea"))) el.textContent = "";
  for (const el of Array.from(doc.querySelectorAll("a[href^='mailto:'], a[href^='tel:']")))
    el.setAttribute("href", el.getAttribute("href")!.startsWith("tel:") ? "tel:REDACTED" : "mailto:REDACTED");
  return { html: `<!DOCTYPE html>\n${doc.documentElement.outerHTML}`, tokens };
}

export interface RedactionInput {
  names: readonly string[];
  texts: readonly string[];
  cookieValues: readonly string[];
}

export function redactPage(
  html: string,
  known: RedactionInput,
): { html: string; counts: CaptureManifest["redacted"] } {
  const counts = { names: 0, texts: 0, emails: 0, phones: 0, tokens: 0, cookies: 0 };
  const forms = redactForms(html);
  let out = forms.html;
  counts.tokens = forms.tokens;
  // Longest first, so a message is replaced whole before a name inside it.
  const texts = [...known.texts].filter((t) => t.trim().length >= 3).sort((a, b) => b.length - a.length);
  texts.forEach((t, i) => {
    for (const v of variants(t)) {
      const r = replaceAll(out, v, `Redacted message text ${i + 1}.`);
      out = r.html;
      counts.texts += r.n;
    }
  });
  const names = [...known.names].filter((n) => n.trim().length >= 2).sort((a, b) => b.length - a.length);
  names.forEach((n, i) => {
    const alias = `Lead ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ""}`;
    // The whole name, then each part of it (a thread greets by first name).
    for (const part of [n, ...n.split(/\s+/).filter((p) => p.length >= 3)]) {
      for (const v of variants(part)) {
        // Whole words only: a class name or id that contains a first name stays as it is.
        const re = new RegExp(`(?<![\\w-])${escapeRegExp(v)}(?![\\w-])`, "g");
        out = out.replace(re, () => {
          counts.names++;
          return part === n ? alias : "Lead";
        });
      }
    }
  });
  for (const c of known.cookieValues.filter((v) => v.length >= 8)) {
    const r = replaceAll(out, c, "REDACTED-COOKIE");
    out = r.html;
    counts.cookies += r.n;
  }
  out = out.replace(EMAIL_RE, () => {
    counts.emails++;
    return "redacted@example.invalid";
  });
  out = out.replace(PHONE_RE, () => {
    counts.phones++;
    return "555-000-0000";
  });
  return { html: out, counts };
}

/** The bundle for one run: the redacted pages and their manifest (the caller writes the files). */
export function buildCapture(
  spec: SiteSpec,
  pages: readonly PageInput[],
  opts: { cookieValues: readonly string[]; connectorVersion: string; now?: Date },
): { manifest: CaptureManifest; files: Record<string, string> } {
  const now = opts.now ?? new Date();
  const known = { ...personalStrings(spec, pages, now), cookieValues: opts.cookieValues };
  const total: CaptureManifest["redacted"] = {
    names: 0,
    texts: 0,
    emails: 0,
    phones: 0,
    tokens: 0,
    cookies: 0,
  };
  const files: Record<string, string> = {};
  const captured: CapturedPage[] = [];
  for (const p of pages) {
    const file = `${p.step}.html`;
    const { html, counts } = redactPage(p.html, known);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += counts[k];
    files[file] = html;
    captured.push({
      file,
      step: p.step,
      path: safePath(p.url),
      ...(p.threadId ? { threadId: p.threadId } : {}),
      expect: expectations(spec, p, now),
    });
  }
  return {
    manifest: {
      platform: spec.platform,
      capturedAt: now.toISOString(),
      connectorVersion: opts.connectorVersion,
      pages: captured,
      redacted: total,
    },
    files,
  };
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

function expectations(spec: SiteSpec, p: PageInput, now: Date): CapturedPage["expect"] {
  const doc = parseDocument(p.html);
  const ctx = { now, origin: safeOrigin(p.url) };
  try {
    if (p.step === "inbox") {
      const rows = spec.parseInbox(doc, ctx).rows;
      return { rows: rows.length, threadIds: rows.map((r) => r.externalThreadId) };
    }
    if (p.step === "thread" && p.threadId) {
      const t = spec.parseThread(doc, p.threadId, ctx);
      // Ids the site shows survive redaction; ids derived from the words do not, so they are left out.
      const native = t.messages.filter((m) => m.nativeId).map((m) => m.externalMessageId);
      return { messages: t.messages.length, messageIds: native };
    }
    if (p.step === "listings" && spec.parseListings)
      return { listings: spec.parseListings(doc, ctx).listings.length };
  } catch {
    // The parser could not read the page as read: nothing to hold the redacted page to.
  }
  return {};
}
