/**
 * A SiteSession is one account's browser tab on one site, with the discipline the sites need:
 * every page action is paced (minimum interval + jitter, hourly budget) by the account's
 * Pacer, every page is classified after it loads (login, captcha, challenge, block, rate limit)
 * and anything abnormal becomes a classified failure with evidence (HTML, screenshot, the step
 * trail). Platform connectors use only this, plus pure parsers.
 */
import type { HTTPResponse, Page } from "@cloudflare/puppeteer";
import type { Platform } from "../../domain/platforms.ts";
import { stripInputValues } from "../core/evidence-scrub.ts";
import { type Failure, type FailureClass, failWith, type Step } from "../core/failures.ts";
import { type Doc, firstMatch, parseDocument } from "../core/html.ts";
import {
  type Classification,
  classifyPage,
  type PageKind,
  type SiteMarkers,
} from "../core/page-classifier.ts";
import { offSiteFailure, sameOrigin } from "../core/site-boundary.ts";
import { redactUrl, safeUrl, shortError } from "./page-text.ts";
import { armSubmitRelay, type RelayedRequest, type SendPath } from "./submit-relay.ts";
import { watchSubmit } from "./submit-watch.ts";

export interface Pacer {
  /** Waits until the account may act again; throws a transient failure when over budget. */
  beforePageAction(kind: "load" | "submit"): Promise<void>;
}

export interface TrailEntry {
  at: string;
  step: Step;
  action: string;
  url?: string;
  status?: number | null;
  kind?: PageKind;
}

export interface Evidence {
  platform: Platform;
  step: Step;
  failureClass: FailureClass;
  message: string;
  url: string;
  html: string;
  /** JPEG, base64. */
  screenshot: string | null;
  trail: TrailEntry[];
}

export interface EvidenceSink {
  save(e: Evidence): Promise<string>;
}

export interface LoadedPage {
  url: string;
  status: number | null;
  html: string;
  doc: Doc;
  classification: Classification;
}

export interface SiteSessionOptions {
  platform: Platform;
  origin: string;
  markers: SiteMarkers;
  pacer: Pacer;
  evidence: EvidenceSink;
  navigationTimeoutMs: number;
}

/** What the click that may deliver a message did. */
export interface SubmitResult {
  clicked: { ok: true; status: number | null } | { ok: false; error: string };
  /** The request the click sent to the site, as the submit relay saw it; null when none was seen. */
  request: RelayedRequest | null;
}

const HTML_CAP = 200_000;
/**
 * How long the relay stays armed for a page script's send after the click. A request made later
 * would pass the relay by (and could be re-sent by the browser), so this is generous: a page's
 * script on a busy browser can take seconds to get to it.
 */
const SCRIPT_SEND_WITHIN_MS = 10_000;
const SCREENSHOT_CAP = 400_000;

const KIND_TO_CLASS: Record<Exclude<PageKind, "normal">, FailureClass> = {
  login: "session_expired",
  captcha: "captcha",
  bot_challenge: "bot_challenge",
  blocked: "access_blocked",
  rate_limited: "transient",
  unavailable: "transient",
  http_error: "transient",
};

export class SiteSession {
  readonly page: Page;
  readonly opts: SiteSessionOptions;
  readonly trail: TrailEntry[] = [];
  pageLoads = 0;
  submits = 0;
  /** The last page `open` loaded and when; cleared by anything that may change what the tab shows. */
  private lastOpened: { url: string; at: number } | null = null;

  constructor(page: Page, opts: SiteSessionOptions) {
    this.page = page;
    this.opts = opts;
    page.setDefaultNavigationTimeout(opts.navigationTimeoutMs);
    page.setDefaultTimeout(opts.navigationTimeoutMs);
  }

  get platform(): Platform {
    return this.opts.platform;
  }

  url(path: string): string {
    return new URL(path, this.opts.origin).toString();
  }

  /** Whether a URL is on this account's site: exactly its origin (real or stand-in; "//evil.example" is not). */
  onSite(url: string): boolean {
    return sameOrigin(url, this.opts.origin);
  }

  /** Fails (with evidence, nothing loaded or typed) for a URL off the site. */
  private async refuseOffSite(url: string, step: Step, what: string): Promise<never> {
    this.note(step, `refused ${what} off the site`);
    return this.fail(offSiteFailure(url, this.opts.origin, step, what));
  }

  private note(step: Step, action: string, extra: Omit<TrailEntry, "at" | "step" | "action"> = {}) {
    this.trail.push({ at: new Date().toISOString(), step, action, ...extra });
    if (this.trail.length > 100) this.trail.shift();
  }

  /** Paced navigation to a path on the site, then classification (throws unless normal). */
  async open(path: string, step: Step, opts: { allow?: readonly PageKind[] } = {}): Promise<LoadedPage> {
    await this.opts.pacer.beforePageAction("load");
    this.pageLoads++;
    let response: HTTPResponse | null;
    this.lastOpened = null;
    const target = this.url(path);
    if (!this.onSite(target)) return this.refuseOffSite(target, step, "go to");
    try {
      response = await this.page.goto(target, { waitUntil: "domcontentloaded" });
    } catch (err) {
      this.note(step, `goto ${path} failed`);
      return this.fail({ class: "transient", step, message: `navigation failed: ${shortError(err)}` });
    }
    const headers = response?.headers() ?? null;
    const loaded = await this.read(step, response?.status() ?? null, `goto ${path}`, { ...opts, headers });
    this.lastOpened = { url: this.url(path), at: Date.now() };
    return loaded;
  }

  /**
   * Whether the tab still shows the page `open` loaded from `path` within the last `withinMs`,
   * with no click or submit since: then reading the tab is as good as loading it again.
   */
  isShowing(path: string, withinMs: number): boolean {
    const last = this.lastOpened;
    return (
      last !== null &&
      last.url === this.url(path) &&
      this.page.url() === last.url &&
      Date.now() - last.at <= withinMs
    );
  }

  /** Reads and classifies whatever the tab shows now (after a click or client-side update). */
  async read(
    step: Step,
    status: number | null = null,
    action = "read",
    opts: { allow?: readonly PageKind[]; headers?: Record<string, string> | null } = {},
  ): Promise<LoadedPage> {
    const url = this.page.url();
    // A redirect (or a click) that left the site: nothing on that page is read or typed into.
    if (!this.onSite(url)) return this.refuseOffSite(url, step, "act on a page of");
    const [html, title] = await Promise.all([this.page.content(), this.page.title()]);
    const doc = parseDocument(html);
    const snapshot = { status, url, title, html, headers: opts.headers };
    const classification = classifyPage(snapshot, this.opts.markers, doc);
    this.note(step, action, { url: redactUrl(url), status, kind: classification.kind });
    const loaded: LoadedPage = { url, status, html, doc, classification };
    if (classification.kind !== "normal" && !opts.allow?.includes(classification.kind)) {
      return this.fail({
        class: KIND_TO_CLASS[classification.kind],
        step,
        message: `the site showed a ${classification.kind.replace("_", " ")} page`,
        ...(classification.marker ? { marker: classification.marker } : {}),
        ...(status !== null ? { status } : {}),
        ...(classification.kind === "unavailable" || classification.kind === "rate_limited"
          ? { siteRefusing: true }
          : {}),
      });
    }
    return loaded;
  }

  /** The first selector of a list present on the page, or selector drift with evidence. */
  async require(loaded: LoadedPage, selectors: readonly string[], step: Step, what: string): Promise<string> {
    const hit = firstMatch(loaded.doc, selectors);
    if (hit) return hit.selector;
    return this.fail({
      class: "selector_drift",
      step,
      message: `no ${what} on the page`,
      selector: selectors.join(" | "),
    });
  }

  /**
   * Marks the first *visible* element of the first selector with any match, and returns a
   * selector for exactly that element. Sites keep hidden and menu-item duplicates of their
   * buttons (Roomies' real send button is the visible orange one).
   */
  async pickVisible(selectors: readonly string[]): Promise<string | null> {
    const token = `lb${Math.random().toString(36).slice(2, 10)}`;
    const found = await this.page.evaluate(
      (sels: string[], mark: string) => {
        const visible = (el: Element) => {
          const st = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          return (
            st.display !== "none" &&
            st.visibility !== "hidden" &&
            st.opacity !== "0" &&
            r.width > 0 &&
            r.height > 0
          );
        };
        for (const sel of sels) {
          const els = Array.from(document.querySelectorAll(sel));
          if (!els.length) continue;
          const el = els.find(visible);
          if (!el) continue;
          el.setAttribute("data-leasebot-pick", mark);
          return true;
        }
        return false;
      },
      [...selectors],
      token,
    );
    return found ? `[data-leasebot-pick="${token}"]` : null;
  }

  async fill(selector: string, text: string, step: Step): Promise<void> {
    // Typing goes only into the site's own page, into a field whose form posts to the site.
    const here = this.page.url();
    if (!this.onSite(here)) await this.refuseOffSite(here, step, "type into a page of");
    const action = await this.page
      .$eval(selector, (el) => (el as HTMLInputElement).form?.action ?? "")
      .catch(() => "");
    if (action !== "" && !this.onSite(action))
      await this.refuseOffSite(action, step, "type into a form that posts to");
    this.note(step, `fill ${selector}`);
    await this.page.$eval(selector, (el) => {
      (el as HTMLInputElement | HTMLTextAreaElement).value = "";
    });
    // One insert for the text (a key event per character is two browser round trips each —
    // seconds for a long reply over a remote browser), then the last character typed as keys,
    // so that a page listening for key events sees typing.
    const chars = Array.from(text);
    const last = chars.pop() ?? "";
    await this.page.focus(selector);
    if (chars.length) await this.page.keyboard.sendCharacter(chars.join(""));
    if (last) await this.page.keyboard.type(last, { delay: 0 });
  }

  /**
   * Paced click (a login, not a message: a message goes through `submit`). With `navigation`,
   * waits for the page the click leads to and returns its status; errors are returned as values.
   */
  async click(
    selector: string,
    step: Step,
    opts: { navigation: boolean },
  ): Promise<{ ok: true; status: number | null } | { ok: false; error: string }> {
    await this.opts.pacer.beforePageAction("load");
    this.lastOpened = null;
    this.note(step, `click ${selector}`);
    try {
      if (!opts.navigation) {
        await this.page.click(selector);
        return { ok: true, status: null };
      }
      this.pageLoads++;
      const [response] = await Promise.all([
        this.page.waitForNavigation({ waitUntil: "domcontentloaded" }),
        this.page.click(selector),
      ]);
      return { ok: true, status: response?.status() ?? null };
    } catch (err) {
      return { ok: false, error: shortError(err) };
    }
  }

  /**
   * The click that may deliver a message. Paced first; then the submit relay is armed, so the
   * request the click makes reaches the site exactly once (connectors/browser/submit-relay.ts);
   * then `beforeDispatch` runs, synchronously, as the very last thing before the click — it may
   * throw, and then nothing is clicked. Errors after the click are values: only the caller can
   * say what they mean (an unknown outcome).
   */
  async submit(
    selector: string,
    opts: { navigation: boolean; beforeDispatch?: () => void; path?: SendPath },
  ): Promise<SubmitResult> {
    await this.opts.pacer.beforePageAction("submit");
    this.lastOpened = null;
    // In-browser (submit-watch.ts): the page's own request leaves Chromium and is only watched.
    const inBrowser = opts.path === "browser";
    const relay = inBrowser
      ? await watchSubmit(this.page, { origin: this.opts.origin })
      : await armSubmitRelay(this.page, {
          origin: this.opts.origin,
          timeoutMs: this.opts.navigationTimeoutMs,
        });
    // Waits for the request the page sends after the click (and its answer) with the relay armed.
    const scriptSend = () =>
      relay.settled({ firstWithinMs: SCRIPT_SEND_WITHIN_MS, doneWithinMs: this.opts.navigationTimeoutMs });
    try {
      opts.beforeDispatch?.();
      this.submits++;
      this.note("submit", `click ${selector}`);
      let clicked: SubmitResult["clicked"];
      try {
        if (opts.navigation) {
          this.pageLoads++;
          const [response] = await Promise.all([
            this.page.waitForNavigation({ waitUntil: "domcontentloaded" }),
            this.page.click(selector),
          ]);
          clicked = { ok: true, status: response?.status() ?? null };
          // A watched request's answer event may trail the navigation by a moment.
          if (inBrowser) await relay.settled({ firstWithinMs: 0, doneWithinMs: 2000 });
        } else {
          await this.page.click(selector);
          // The page's script sends after the click: wait for that request and its answer.
          await scriptSend();
          clicked = { ok: true, status: null };
        }
      } catch (err) {
        clicked = { ok: false, error: shortError(err) };
        // The click may still have sent the form (a navigation that timed out, a click that
        // threw after the press): its request must meet an armed relay, not the open network.
        await scriptSend();
      }
      return { clicked, request: relay.requests[0] ?? null };
    } finally {
      await relay.disarm();
    }
  }

  /** Saves evidence and throws the failure (with the evidence id). */
  async fail(f: Failure): Promise<never> {
    const evidenceId = await this.captureEvidence(f).catch(() => undefined);
    return failWith(evidenceId ? { ...f, evidenceId } : f);
  }

  async captureEvidence(f: Failure): Promise<string> {
    let html = "";
    let screenshot: string | null = null;
    try {
      html = stripInputValues(await this.page.content()).slice(0, HTML_CAP);
    } catch {
      // The page may be gone (disconnect); the trail still says what happened.
    }
    try {
      // The screenshot must not show what was typed either: the page is failing anyway.
      await this.page.$$eval("input, textarea", (els) => {
        for (const el of els) (el as HTMLInputElement | HTMLTextAreaElement).value = "";
      });
    } catch {
      // A page that is gone has nothing to show.
    }
    try {
      const shot = (await this.page.screenshot({ type: "jpeg", quality: 40, encoding: "base64" })) as string;
      screenshot = shot.length <= SCREENSHOT_CAP ? shot : null;
    } catch {
      screenshot = null;
    }
    return this.opts.evidence.save({
      platform: this.opts.platform,
      step: f.step,
      failureClass: f.class,
      message: f.message,
      url: redactUrl(safeUrl(this.page)),
      html,
      screenshot,
      trail: [...this.trail],
    });
  }
}
