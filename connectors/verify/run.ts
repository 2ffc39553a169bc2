/**
 * The browser half of `verify:site`: one read-only pass over a site with the connector's own
 * session discipline (paced, classified pages) — the login (or the session the imported cookies
 * give), the first inbox page, one thread, the listings — each page checked by check.ts. It
 * never submits a message: nothing here calls the session's `submit`, and the only form it
 * sends is the site's login form, through the connector's own login flow. The same function runs
 * from the operator's machine (scripts/verify-site.ts) and in the account's object.
 */
import type { Platform } from "../../domain/platforms.ts";
import { sleep } from "../../domain/util/sleep.ts";
import type { SiteSession } from "../browser/site-session.ts";
import { firstMatch, parseDocument } from "../core/html.ts";
import { PAGE_KINDS } from "../core/page-classifier.ts";
import { logIn } from "../core/site-login-flow.ts";
import type { SiteSpec } from "../core/site-spec.ts";
import type { Known } from "./candidates.ts";
import type { VerifyStep } from "./catalog.ts";
import { checkPage, type PageInput, type StepReport } from "./check.ts";
import { annotateDrift, knownFromPages } from "./drift.ts";
import { buildReport, type VerifyReport } from "./report.ts";

export interface VerifyOptions {
  account: string | null;
  browser: VerifyReport["browser"];
  /** Log in with these; null: rely on the session's imported cookies. */
  credentials: { username: string; password: string } | null;
  /** The thread to open; default the inbox's first row. */
  threadId?: string | null;
  /** How long a client-rendered page may take to show its items. */
  renderWaitMs?: number;
  /** Texts and names the operator knows are on the pages (their own test inquiry), for drift candidates. */
  known?: Partial<Known>;
  /** The sandbox's page per step, to compare each selector with (drift.ts). */
  references?: Partial<Record<VerifyStep, string>>;
}

export interface VerifyRun {
  report: VerifyReport;
  /** The pages as read (unredacted: only capture.ts may write them anywhere). */
  pages: PageInput[];
}

const ALL_KINDS = PAGE_KINDS.filter((k) => k !== "normal");

async function readStep(
  s: SiteSession,
  step: VerifyStep,
  path: string,
  ready: readonly string[],
  waitMs: number,
): Promise<PageInput> {
  const t0 = Date.now();
  let page = await s.open(path, step === "login" ? "login" : step, { allow: ALL_KINDS });
  // Client-rendered pages (Roomies' threads) fill in after load: wait for what the connector waits for.
  const deadline = Date.now() + waitMs;
  while (
    ready.length &&
    page.classification.kind === "normal" &&
    !firstMatch(page.doc, ready) &&
    Date.now() < deadline
  ) {
    await sleep(250);
    page = await s.read(step, page.status, "read", { allow: ALL_KINDS });
  }
  const title = await s.page.title().catch(() => "");
  return { step, url: page.url, status: page.status, title, html: page.html, ms: Date.now() - t0 };
}

export async function verifySite(s: SiteSession, spec: SiteSpec, opts: VerifyOptions): Promise<VerifyRun> {
  const startedAt = new Date();
  const submitsBefore = s.submits;
  const waitMs = opts.renderWaitMs ?? 10_000;
  const steps: StepReport[] = [];
  const pages: PageInput[] = [];
  const extraProblems: string[] = [];
  const take = (p: PageInput, note?: string) => {
    pages.push(p);
    const r = checkPage(spec, p);
    steps.push(note ? { ...r, note } : r);
    return r;
  };

  try {
    await walk();
  } catch (err) {
    // A navigation that failed outright (the site down, a refused connection): the report says so.
    extraProblems.push(`the run stopped: ${err instanceof Error ? err.message.slice(0, 160) : "error"}`);
  }

  async function walk(): Promise<void> {
    if (opts.credentials) {
      const login = await readStep(s, "login", spec.paths.login, [], 0);
      const shown = take(login);
      const formShown = firstMatch(parseDocument(login.html), spec.login.password) !== null;
      if (shown.pageClass === "login" && formShown) {
        try {
          await logIn(spec, s, opts.credentials);
        } catch (err) {
          extraProblems.push(`login: ${err instanceof Error ? err.message.slice(0, 160) : "failed"}`);
        }
      } else if (shown.pageClass === "login") {
        steps[steps.length - 1]!.note = "no login form: the session is still good";
        for (const sel of shown.selectors) sel.required = false;
      }
    }

    const inbox = take(await readStep(s, "inbox", spec.paths.inbox, spec.inboxReady, waitMs));
    const rows = (inbox.parsed as { rows?: { threadId: string }[] } | null)?.rows ?? [];
    const threadId = opts.threadId ?? rows[0]?.threadId ?? null;
    if (threadId) {
      const p = await readStep(s, "thread", spec.paths.thread(threadId), spec.threadReady, waitMs);
      take({ ...p, threadId });
    } else if (inbox.pageClass === "inbox") {
      extraProblems.push("thread: no thread to open (the inbox showed none; pass --thread <id>)");
    }
    if (spec.paths.listings && spec.parseListings)
      take(await readStep(s, "listings", spec.paths.listings, [], 0));
  }

  const known = knownFromPages(pages, spec, opts.known ?? {});
  const drift = annotateDrift(steps, pages, known, opts.references ?? {});
  const report = buildReport({
    drift,
    platform: spec.platform as Platform,
    account: opts.account,
    origin: s.opts.origin,
    browser: opts.browser,
    startedAt,
    steps,
    submits: s.submits - submitsBefore,
    extraProblems,
  });
  return { report, pages };
}
