/**
 * The pure half of `verify:site`: given one page a step read (HTML, URL, status), which of the
 * connector's selectors match it and how often, what kind of page it is, what the connector's
 * own parser makes of it (redacted), and anything it parsed that makes no sense (the same
 * plausibility checks a production read makes, connectors/core/plausibility.ts). No browser
 * here, so the same check runs on a live page, a captured page and a test fixture.
 */
import type { ThreadDetail } from "../core/contract.ts";
import { type Doc, parseDocument } from "../core/html.ts";
import { classifyPage, type PageKind } from "../core/page-classifier.ts";
import {
  chromeTexts,
  describeFinding,
  type Finding,
  inboxFindings,
  listingFindings,
  threadFindings,
} from "../core/plausibility.ts";
import type { InboxRow, SiteSpec } from "../core/site-spec.ts";
import type { Candidate } from "./candidates.ts";
import { CATALOG, type FactTag, type SelectorCheck, type VerifyStep } from "./catalog.ts";
import { redactInboxRows, redactListings, redactThread } from "./redact-values.ts";

export interface SelectorResult {
  name: string;
  required: boolean;
  fact: FactTag;
  /** Each alternative of the list, in the order the connector tries them, with its match count. */
  tried: { selector: string; count: number; invalid?: true }[];
  /** The alternative the connector would use (the first with a match), or null. */
  matched: string | null;
  count: number;
  /** Matches on the sandbox's page for the same step (drift.ts); null: no sandbox page. */
  sandbox?: number | null;
  /** Where the real page matched nothing: elements found by structure instead (candidates.ts). */
  candidates?: Candidate[];
}

export interface PageInput {
  step: VerifyStep;
  url: string;
  status: number | null;
  title: string;
  html: string;
  ms: number;
  /** The thread the step opened (thread step). */
  threadId?: string;
}

export interface StepReport {
  step: VerifyStep;
  /** Origin and path only: a query string can carry a token. */
  url: string;
  status: number | null;
  /** login, inbox, thread, listings for a normal page of that step; else the classifier's kind. */
  pageClass: VerifyStep | Exclude<PageKind, "normal">;
  marker: string | null;
  ms: number;
  selectors: SelectorResult[];
  parsed: unknown;
  /** Parsed values that make no sense (a row without an id, a thread of empty messages). */
  problems: string[];
  note?: string;
}

function countAll(doc: Doc, selector: string): { count: number; invalid?: true } {
  try {
    return { count: doc.querySelectorAll(selector).length };
  } catch {
    return { count: 0, invalid: true };
  }
}

export function checkSelectors(
  doc: Doc,
  checks: readonly SelectorCheck[],
  opts: { inboxHasRows: boolean },
): SelectorResult[] {
  return checks.map((c) => {
    const tried = c.selectors.map((selector) => ({ selector, ...countAll(doc, selector) }));
    const hit = tried.find((t) => t.count > 0) ?? null;
    return {
      name: c.name,
      required: c.required === "always" || (c.required === "rows" && opts.inboxHasRows),
      fact: c.fact,
      tried,
      matched: hit?.selector ?? null,
      count: hit?.count ?? 0,
    };
  });
}

export function redactUrlForReport(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
  } catch {
    return "";
  }
}

/**
 * What the verify run adds to the plausibility checks every production read makes
 * (connectors/core/plausibility.ts): two that hold for the inbox's first thread, the one a
 * verify run opens, but not for every thread a production run reads (a thread the account
 * started has no lead message yet).
 */
function verifyOnlyInbox(rows: readonly InboxRow[]): string[] {
  return rows.length > 1 && rows.every((r) => !r.preview) ? ["no inbox row has a preview"] : [];
}

function verifyOnlyThread(t: ThreadDetail): string[] {
  return t.messages.length > 0 && !t.messages.some((m) => m.direction === "inbound")
    ? ["no message parsed as the lead's"]
    : [];
}

const nonsense = (findings: readonly Finding[]) => findings.map(describeFinding);

/** One page of one step, checked against the connector's selectors and parsers. */
export function checkPage(spec: SiteSpec, input: PageInput, now: Date = new Date()): StepReport {
  const doc = parseDocument(input.html);
  const cls = classifyPage(input, spec.markers, doc);
  const origin = (() => {
    try {
      return new URL(input.url).origin;
    } catch {
      return "http://invalid";
    }
  })();
  const ctx = { now, origin };
  const checks = CATALOG[spec.platform].filter((c) => c.step === input.step);
  const base = {
    step: input.step,
    url: redactUrlForReport(input.url),
    status: input.status,
    marker: cls.marker,
    ms: Math.round(input.ms),
  };
  const pageClass: StepReport["pageClass"] =
    cls.kind === "normal" ? input.step : input.step === "login" && cls.kind === "login" ? "login" : cls.kind;
  if (pageClass !== input.step) {
    // A captcha, challenge, block or a login where a logged-in page was due: selectors mean nothing.
    return {
      ...base,
      pageClass,
      selectors: checkSelectors(doc, checks, { inboxHasRows: false }).map((s) => ({ ...s, required: false })),
      parsed: null,
      problems: [`expected the ${input.step} page, the site showed a ${pageClass.replace("_", " ")} page`],
    };
  }
  let parsed: unknown = null;
  let problems: string[] = [];
  let inboxHasRows = false;
  try {
    if (input.step === "inbox") {
      const page = spec.parseInbox(doc, ctx);
      const empty = checks.find((c) => c.name === "inbox.empty");
      const emptyShown = empty ? empty.selectors.some((s) => countAll(doc, s).count > 0) : false;
      inboxHasRows = !emptyShown;
      parsed = { rows: redactInboxRows(page.rows), nextPath: page.nextPath ? "present" : null, emptyShown };
      problems = [
        ...nonsense(inboxFindings(page.rows, { now, threadIdShape: spec.threadIdShape })),
        ...verifyOnlyInbox(page.rows),
      ];
    } else if (input.step === "thread" && input.threadId) {
      const t = spec.parseThread(doc, input.threadId, ctx);
      parsed = redactThread(t);
      const plausible = { now, threadIdShape: spec.threadIdShape, chrome: chromeTexts(doc) };
      problems = [...nonsense(threadFindings(t, plausible)), ...verifyOnlyThread(t)];
    } else if (input.step === "listings" && spec.parseListings) {
      const page = spec.parseListings(doc, ctx);
      parsed = { listings: redactListings(page) };
      problems = nonsense(listingFindings(page.listings));
    }
  } catch (err) {
    problems.push(
      `the connector's parser threw: ${err instanceof Error ? err.message.slice(0, 120) : "error"}`,
    );
  }
  const selectors = checkSelectors(doc, checks, { inboxHasRows });
  return { ...base, pageClass, selectors, parsed, problems };
}
