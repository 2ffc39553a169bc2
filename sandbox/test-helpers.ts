// Helpers shared by the sandbox tests: control-API calls, cookie-aware fetch logins, a Chromium launcher.

import type { Browser, Page } from "puppeteer-core";
import { SITE_DEFS } from "./sites/defs.ts";
import type { Platform } from "./types.ts";

export { launchChromium as launch } from "../test/support/chromium.ts";

/**
 * The sandbox the tests start: control on the base port (8800, or SANDBOX_TEST_PORT_BASE to run
 * beside another sandbox), sites on the next five.
 */
export const TEST_BASE_PORT = Number(process.env.SANDBOX_TEST_PORT_BASE ?? 8800);
const at = (offset: number) => `http://127.0.0.1:${TEST_BASE_PORT + offset}`;
export const CONTROL = at(0);
export const SITE: Record<Platform, string> = {
  spareroom: at(1),
  roomies: at(2),
  leasebreak: at(3),
  renthop: at(4),
  furnishedfinder: at(5),
};
/** A normal desktop UA (the sites gate "HeadlessChrome" like the real SpareRoom does). */
export const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36";

export type TruthMessage = {
  id: string;
  direction: string;
  text: string;
  at: string;
  visibleFrom: string | null;
};
export type TruthThread = {
  threadId: string;
  leadName: string;
  listingId: string | null;
  messages: TruthMessage[];
  deliveries: Record<string, number>;
};

export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${CONTROL}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(data)}`);
  return data;
}

export async function truth(platform: Platform, account = "demo"): Promise<TruthThread[]> {
  return (
    await api<{ threads: TruthThread[] }>("GET", `/__sandbox/truth?platform=${platform}&account=${account}`)
  ).threads;
}

export async function reset(seed?: number): Promise<void> {
  await api("POST", "/__sandbox/reset", seed === undefined ? {} : { seed });
}

/** Log in over plain HTTP; returns the Cookie header value. */
export async function httpLogin(
  platform: Platform,
  username = "demo",
  password = "demo-password",
): Promise<string> {
  const def = SITE_DEFS[platform];
  const form = new URLSearchParams({
    [def.loginFields.username]: username,
    [def.loginFields.password]: password,
  });
  const res = await fetch(`${SITE[platform]}${def.loginPath}`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${def.cookieName}=`));
  if (res.status !== 302 || !cookie) throw new Error(`login failed on ${platform}: ${res.status}`);
  return cookie.split(";")[0] ?? "";
}

export async function httpGet(platform: Platform, path: string, cookie?: string) {
  const res = await fetch(`${SITE[platform]}${path}`, {
    headers: { "user-agent": UA, ...(cookie ? { cookie } : {}) },
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

/** A fresh incognito-like context + page with a normal UA. */
export async function newPage(browser: Browser): Promise<Page> {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  await page.setUserAgent({ userAgent: UA });
  page.setDefaultTimeout(15_000);
  return page;
}

/** Log in through the site's real login form. */
export async function browserLogin(
  page: Page,
  platform: Platform,
  username = "demo",
  password = "demo-password",
) {
  const def = SITE_DEFS[platform];
  await page.goto(`${SITE[platform]}${def.loginPath}`, { waitUntil: "domcontentloaded" });
  await page.type(`input[name='${def.loginFields.username}']`, username);
  await page.type(`input[name='${def.loginFields.password}']`, password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: "domcontentloaded" }),
    page.click("button[type='submit']"),
  ]);
}
