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

/**
 * Disconnect (keep the session warm for the next run) or close it, never waiting forever.
 * Closing disconnects first and then ends the session through Browser Run's session API: a
 * CDP `Browser.close` over the open connection leaves puppeteer sending on a socket the browser
 * already closed, which surfaces as uncaught errors in the object.
 */
export async function releaseBrowser(
  browser: Browser,
  mode: "keep" | "close",
  timeoutMs = 5000,
  binding?: BrowserBinding,
): Promise<void> {
  const sessionId = browser.sessionId();
  const done = (async () => {
    await browser.disconnect();
    if (mode === "close" && binding) await endSession(binding, sessionId);
  })();
  await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs))]);
}

/** Ends a Browser Run session by id (DELETE on the session); false when it was not there. */
async function endSession(binding: BrowserBinding, sessionId: string): Promise<boolean> {
  const res = await binding.fetch(
    `https://browser.run/v1/devtools/browser/${encodeURIComponent(sessionId)}`,
    {
      method: "DELETE",
    },
  );
  await res.body?.cancel();
  return res.ok;
}

/**
 * Closes a browser some other holder kept alive, by its session id (the governor reclaiming an
 * idle slot, or a run clearing its own stale one). A session that already ended is fine: there
 * is nothing left to close.
 */
export async function closeSessionById(
  binding: BrowserBinding,
  sessionId: string,
  timeoutMs = 10_000,
): Promise<"closed" | "gone"> {
  const attempt = endSession(binding, sessionId).then((ok) => (ok ? ("closed" as const) : ("gone" as const)));
  return Promise.race([
    attempt.catch(() => "gone" as const),
    new Promise<"gone">((r) => setTimeout(() => r("gone"), timeoutMs)),
  ]);
}
