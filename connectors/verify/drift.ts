/**
 * The drift part of a verify report: each selector's match count on the real page beside its
 * count on the sandbox's page for the same step (our model of the site), and for a selector the
 * real page does not match, candidates found by structure (candidates.ts). "Drift" here means
 * the site differs from what the connector was written for; the sandbox column says whether our
 * model had it right when the connector was written.
 */
import { parseDocument } from "../core/html.ts";
import type { SiteSpec } from "../core/site-spec.ts";
import { type Candidate, findCandidates, type Known, type KnownListing } from "./candidates.ts";
import type { VerifyStep } from "./catalog.ts";
import type { PageInput, StepReport } from "./check.ts";

export interface DriftEntry {
  step: VerifyStep;
  name: string;
  required: boolean;
  /** Matches on the real page (0: the reason this entry exists). */
  real: number;
  /** Matches on the sandbox's page for the step; null when no sandbox page was given. */
  sandbox: number | null;
  candidates: Candidate[];
}

/** The path a thread link starts with, from the connector's own thread path. */
export function threadPathPrefix(spec: SiteSpec): string | null {
  const marker = "LEASEBOTTHREADID";
  const path = spec.paths.thread(marker);
  const i = path.indexOf(marker);
  return i > 0 ? path.slice(0, i) : null;
}

/**
 * What the run itself learned that candidates can be found by: parsed previews, texts, names,
 * message times and the listings the inbox and thread name — with what the operator passed.
 */
export function knownFromPages(pages: readonly PageInput[], spec: SiteSpec, extra: Partial<Known>): Known {
  const texts = new Set(extra.texts ?? []);
  const names = new Set(extra.names ?? []);
  const times = new Set(extra.times ?? []);
  const listings = new Map<string, KnownListing>();
  for (const l of extra.listings ?? []) listings.set(l.id ?? l.title ?? "", l);
  const addListing = (id: string | null, title: string | null) => {
    if (id || title) listings.set(id ?? title ?? "", { ...listings.get(id ?? title ?? ""), id, title });
  };
  const now = new Date();
  for (const p of pages) {
    const doc = parseDocument(p.html);
    const ctx = { now, origin: "http://known.invalid" };
    try {
      if (p.step === "inbox")
        for (const r of spec.parseInbox(doc, ctx).rows) {
          if (r.preview) texts.add(r.preview.replace(/(\.\.\.|…)$/, ""));
          if (r.leadName) names.add(r.leadName);
          if (r.lastActivityAt) times.add(r.lastActivityAt);
          addListing(r.listingRef, r.listingTitle);
        }
      if (p.step === "thread" && p.threadId) {
        const t = spec.parseThread(doc, p.threadId, ctx);
        for (const m of t.messages) {
          texts.add(m.text);
          if (m.sentAt) times.add(m.sentAt);
        }
        addListing(t.listingRef, t.listingTitle);
      }
    } catch {
      // A page the parser cannot read teaches nothing.
    }
  }
  return {
    texts: [...texts],
    names: [...names],
    threadPathPrefix: extra.threadPathPrefix ?? threadPathPrefix(spec),
    times: [...times],
    listings: [...listings.values()],
    dateContext: extra.dateContext ?? { timeZone: spec.timeZone, now: now.toISOString() },
  };
}

/**
 * Adds each selector's sandbox count (`reference`) and, where the real page matched nothing,
 * candidates; returns the drift entries (selectors the real page did not match).
 */
export function annotateDrift(
  steps: StepReport[],
  pages: readonly PageInput[],
  known: Known,
  references: Partial<Record<VerifyStep, string>>,
): DriftEntry[] {
  const out: DriftEntry[] = [];
  steps.forEach((s, i) => {
    const page = pages[i];
    if (!page || s.pageClass !== s.step) return;
    const doc = parseDocument(page.html);
    const refHtml = references[s.step];
    const ref = refHtml ? parseDocument(refHtml) : null;
    for (const sel of s.selectors) {
      const sandbox = ref ? sel.tried.reduce((n, t) => n || safeCount(ref, t.selector), 0) : null;
      sel.sandbox = sandbox;
      if (sel.count > 0) continue;
      // Optional selectors the sandbox does not show either (an absent "next page" link) are no drift.
      if (!sel.required && !sandbox) continue;
      const candidates = findCandidates(doc, sel.name, known);
      sel.candidates = candidates;
      out.push({ step: s.step, name: sel.name, required: sel.required, real: 0, sandbox, candidates });
    }
  });
  return out;
}

function safeCount(doc: Document, selector: string): number {
  try {
    return doc.querySelectorAll(selector).length;
  } catch {
    return 0;
  }
}
