/**
 * The system Chromium for Node-side browser tests (the sandbox's own tests, the panel's browser
 * tests and benchmark), driven by puppeteer-core with no browser download. The flags keep it from
 * reaching out to Google's services, which this machine's closed network refuses.
 */
import puppeteer, { type Browser } from "puppeteer-core";

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
