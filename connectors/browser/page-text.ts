/** Short, token-free words about a page for the trail, evidence and failure messages. */
import type { Page } from "@cloudflare/puppeteer";

export function safeUrl(page: Page): string {
  try {
    return page.url();
  } catch {
    return "";
  }
}

/** Query strings can carry tokens; evidence and logs keep only origin and path. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
  } catch {
    return "";
  }
}

export function shortError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, " ").slice(0, 160);
}
