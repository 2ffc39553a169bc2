/**
 * The system Chromium for Node-side browser tests (the sandbox's own tests, the panel's browser
 * tests and benchmark), driven by puppeteer-core with no browser download. The flags keep it from
 * reaching out to Google's services, which this machine's closed network refuses.
 */
import puppeteer, { type Browser } from "puppeteer-core";

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";

/** The flags every test Chromium starts with (here, and the own-browser stand-in's). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}
