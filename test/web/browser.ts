/** The system Chromium, driven by puppeteer-core (no browser download), and panel helpers. */
import type { Browser, Page } from "puppeteer-core";

export { launchChromium as launch } from "../support/chromium.ts";

export const ADMIN = "admin@lease-bot.local";
export const AGENT = "agent@lease-bot.local";

/** A page signed in as `who` through the development picker's storage (the picker has its own test). */
export async function pageAs(browser: Browser, base: string, who: string, width = 1280): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  await page.goto(`${base}/favicon.svg`);
  await page.evaluate((email) => localStorage.setItem("lease-bot.dev-identity", email), who);
  return page;
}

/** Navigates and waits until the screen's heading is there. */
export async function open(page: Page, base: string, path: string): Promise<void> {
  await page.goto(`${base}${path}`, { waitUntil: "domcontentloaded" });
  await page.waitForSelector("main h1");
}

/** Waits for an element whose text contains `text` (a few seconds of polling tolerance). */
export async function waitForText(
  page: Page,
  selector: string,
  text: string,
  timeout = 15_000,
): Promise<void> {
  await page.waitForFunction(
    (sel, t) => [...document.querySelectorAll(sel)].some((e) => (e.textContent ?? "").includes(t)),
    { timeout },
    selector,
    text,
  );
}

/** Calls the API from Node as a development identity (test setup and checks, not the UI path). */
export async function api<T>(base: string, who: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { "X-Dev-Identity": who, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
