/**
 * Turns a Browser Run session into a SiteSession for one account: a fresh tab with a normal
 * desktop user agent (SpareRoom, Roomies and Leasebreak gate "HeadlessChrome" user agents;
 * sandbox/README.md) and the account's saved cookies restored before the first page.
 */
import type { Page } from "@cloudflare/puppeteer";
import type { SiteSpec } from "../core/site-spec.ts";
import type { StoredCookie } from "./cookie-vault.ts";
import { type EvidenceSink, type Pacer, SiteSession } from "./site-session.ts";

export const DESKTOP_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36";

export interface SessionSetup {
  spec: SiteSpec;
  origin: string;
  pacer: Pacer;
  evidence: EvidenceSink;
  cookies: StoredCookie[];
  navigationTimeoutMs: number;
  /** Headers every request of the tab carries (Browser Run's own, emulated locally; docs/anti-bot.md). */
  extraHeaders?: Record<string, string>;
}

/** A browser, or one of its contexts (an operator's browser: own-browser.ts). */
export interface TabOpener {
  newPage(): Promise<Page>;
}

export async function openSiteSession(browser: TabOpener, setup: SessionSetup): Promise<SiteSession> {
  const page = await browser.newPage();
  if (setup.extraHeaders && Object.keys(setup.extraHeaders).length)
    await page.setExtraHTTPHeaders(setup.extraHeaders);
  await page.setUserAgent(DESKTOP_USER_AGENT);
  await page.setViewport({ width: 1280, height: 900 });
  if (setup.cookies.length) {
    const host = new URL(setup.origin).hostname;
    await page.setCookie(
      ...setup.cookies.map((c) => ({ ...c, domain: c.domain ?? host, path: c.path ?? "/" })),
    );
  }
  return new SiteSession(page, {
    platform: setup.spec.platform,
    origin: setup.origin,
    markers: setup.spec.markers,
    pacer: setup.pacer,
    evidence: setup.evidence,
    navigationTimeoutMs: setup.navigationTimeoutMs,
  });
}

/** The session's cookies for the site's origin, to seal and store after a good run. */
export async function collectCookies(session: SiteSession): Promise<StoredCookie[]> {
  const cookies = await session.page.cookies(session.opts.origin);
  return cookies.map((c) => ({
    name: c.name,
    value: c.value,
    domain: c.domain,
    path: c.path,
    ...(c.expires > 0 ? { expires: c.expires } : {}),
    httpOnly: c.httpOnly,
    secure: c.secure,
    ...(c.sameSite ? { sameSite: c.sameSite } : {}),
  }));
}
