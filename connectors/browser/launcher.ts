/**
 * Opening and closing Browser Run sessions. A session the account kept alive (disconnect
 * instead of close) is reconnected by id when the next run falls inside its keep-alive window;
 * otherwise a new browser is launched. Closing always has a timeout: puppeteer's close() can
 * hang on a dead CDP socket, and a hung close must not hold the account.
 */
import puppeteer, { type Browser } from "@cloudflare/puppeteer";

export interface OpenedBrowser {
  browser: Browser;
  sessionId: string;
  reused: boolean;
}

/** The Browser Run binding, as puppeteer types it. */
export type BrowserBinding = Parameters<typeof puppeteer.launch>[0];

export async function openBrowser(
  binding: BrowserBinding,
  opts: { reuseSessionId?: string | null; keepAliveMs: number },
): Promise<OpenedBrowser> {
  if (opts.reuseSessionId) {
    try {
      const browser = await puppeteer.connect(binding, opts.reuseSessionId);
      return { browser, sessionId: opts.reuseSessionId, reused: true };
    } catch {
      // Expired or taken: fall through to a fresh launch.
    }
  }
  const browser = await puppeteer.launch(binding, { keep_alive: opts.keepAliveMs });
  return { browser, sessionId: browser.sessionId(), reused: false };
}

/** Disconnect (keep the session warm for the next run) or close it, never waiting forever. */
export async function releaseBrowser(
  browser: Browser,
  mode: "keep" | "close",
  timeoutMs = 5000,
): Promise<void> {
  const done = mode === "keep" ? Promise.resolve(browser.disconnect()) : browser.close();
  await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs))]);
}

/**
 * Closes a browser some other holder kept alive, by its session id (the governor reclaiming an
 * idle slot). A session that already ended is fine: there is nothing left to close.
 */
export async function closeSessionById(
  binding: BrowserBinding,
  sessionId: string,
  timeoutMs = 10_000,
): Promise<"closed" | "gone"> {
  const attempt = (async () => {
    const browser = await puppeteer.connect(binding, sessionId);
    await browser.close();
    return "closed" as const;
  })();
  return Promise.race([
    attempt.catch(() => "gone" as const),
    new Promise<"gone">((r) => setTimeout(() => r("gone"), timeoutMs)),
  ]);
}
