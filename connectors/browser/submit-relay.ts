/**
 * The submit relay. While it is armed, every request of the page that could store something on
 * the site (any method but GET, HEAD and OPTIONS, to the site's own host) is held in the
 * browser (CDP request interception), sent once by us on a connection of our own, and answered
 * to the browser with exactly what the site answered — or with a connection error when the site
 * dropped the connection. The page's own JavaScript still builds the request (tokens, fields,
 * headers); only the wire leaves Chromium.
 *
 * Why: Chromium re-sends a request by itself when the connection it went out on dies before any
 * response byte, provided the connection was reused or preconnected — and Chromium preconnects
 * every navigation, so a plain form POST always qualifies. A site that stored the first copy
 * stores the second, and nothing the page or CDP sees tells the two apart: a duplicate behind
 * the connector's back. `Connection: close` on every request does not help (the navigation's
 * own preconnected socket is still "reused"); no CDP command turns the re-send off. Taking the
 * request out of the browser does. sandbox/README.md (`submit_dropped`) shows the re-send; the
 * workerd tests prove the relay stores one copy.
 *
 * While we send, the page's own request stays paused in the browser (the page needs the site's
 * answer, and a script's `fetch` can be answered only once). If our end of the browser
 * connection dies in that window (the object is evicted or restarted), Chromium lets the paused
 * request go on its own — a second copy. So the session's cookies are withheld from the browser
 * for exactly that window: Chromium attaches cookies when a request leaves, after interception,
 * and a request without the login session stores nothing on a site whose inbox needs a login.
 * They come back in the answer we give the browser (so a redirect it follows carries them), or
 * are set again when the send failed; if we die first, the next run restores the saved cookies or
 * logs in again (connectors/browser/page-setup.ts).
 */
import type { Cookie, HTTPRequest, Page } from "@cloudflare/puppeteer";
import type { SendPath } from "../../domain/account/browser-settings.ts";
import { waitUntil } from "../../domain/util/sleep.ts";
import { type BotRefusal, classifyRefusal, SNIFF_LIMIT } from "../core/bot-refusal.ts";

/** What became of one relayed request. */
export interface RelayedRequest {
  method: string;
  url: string;
  /** The site's status, or null when no answer came back (connection lost, timeout). */
  status: number | null;
  /** Where a redirect pointed (the site's own words: a path or a URL). */
  location: string | null;
  /** Why no answer came back. */
  error: string | null;
  /**
   * A bot defence's refusal (challenge, block) or a rate limit, as the one rule reads the answer
   * (connectors/core/bot-refusal.ts): a defence that answered stored nothing.
   */
  refusal: BotRefusal | null;
  /** Which way the request left: our own connection (relay) or the browser's (in-browser). */
  path: SendPath;
}

export type { SendPath };

export interface SubmitRelay {
  /** Every relayed request so far, in the order the page made them. */
  readonly requests: readonly RelayedRequest[];
  /** Waits until a first request was relayed and answered (or the times run out). */
  settled(opts: { firstWithinMs: number; doneWithinMs: number }): Promise<void>;
  /** Lets the page's requests go straight to the network again. */
  disarm(): Promise<void>;
}

export const KEEPS_NOTHING = new Set(["GET", "HEAD", "OPTIONS"]);
/**
 * Hop-by-hop or recomputed headers: the relay's own connection sets them. Browser Run's
 * automation headers (docs/anti-bot.md) are not ours to forward either: our connection is not
 * Browser Run's, whatever the page's request showed.
 */
const NOT_FORWARDED = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "cf-brapi-devtools",
  "cf-brapi-request-id",
  "cf-biso-devtools",
  "signature",
  "signature-input",
  "signature-agent",
]);
/** The body reaches the browser decoded, so the headers that describe the encoding go. */
const NOT_RETURNED = new Set([
  "content-encoding",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
]);

export function sameSite(url: string, origin: string): boolean {
  try {
    const a = new URL(url).hostname;
    const b = new URL(origin).hostname;
    const base = (h: string) => h.split(".").slice(-2).join(".");
    return a === b || base(a) === base(b);
  } catch {
    return false;
  }
}

/**
 * Takes the request's cookies out of the browser; returns what was taken. Throws when the
 * browser did not confirm it — the caller then must not send.
 */
async function withhold(page: Page, cookies: Cookie[]): Promise<Cookie[]> {
  if (!cookies.length) return [];
  await page.deleteCookie(...cookies.map((c) => ({ name: c.name, domain: c.domain, path: c.path })));
  return cookies;
}

/** A cookie as the `Set-Cookie` header that would have set it (host-only when its domain has no dot in front). */
function asSetCookie(c: Cookie): string {
  const parts = [`${c.name}=${c.value}`, `Path=${c.path || "/"}`];
  if (c.domain.startsWith(".")) parts.push(`Domain=${c.domain}`);
  if (!c.session && c.expires > 0) parts.push(`Expires=${new Date(c.expires * 1000).toUTCString()}`);
  if (c.httpOnly) parts.push("HttpOnly");
  if (c.secure) parts.push("Secure");
  if (c.sameSite) parts.push(`SameSite=${c.sameSite}`);
  return parts.join("; ");
}

/** Puts withheld cookies back (the send failed: no answer carried them), except those the site's answer set or cleared. */
async function restore(page: Page, withheld: Cookie[], answerSets: string[]): Promise<void> {
  const setByAnswer = new Set(answerSets.map((h) => h.split("=", 1)[0]!.trim()));
  const back = withheld.filter((c) => !setByAnswer.has(c.name));
  if (!back.length) return;
  await page.setCookie(
    ...back.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path,
      httpOnly: c.httpOnly,
      secure: c.secure,
      ...(c.sameSite ? { sameSite: c.sameSite } : {}),
      ...(!c.session && c.expires > 0 ? { expires: c.expires } : {}),
    })),
  );
}

export async function armSubmitRelay(
  page: Page,
  opts: { origin: string; timeoutMs: number; transport?: typeof fetch },
): Promise<SubmitRelay> {
  const transport = opts.transport ?? fetch;
  const requests: RelayedRequest[] = [];
  const inFlight = new Set<Promise<void>>();
  // Once disarming starts, requests still pass through interception until it is off: they go on.
  let relaying = true;

  const relay = async (req: HTTPRequest): Promise<void> => {
    const record: RelayedRequest = {
      method: req.method(),
      url: req.url(),
      status: null,
      location: null,
      error: null,
      refusal: null,
      path: "relay",
    };
    requests.push(record);
    let withheld: Cookie[] = [];
    let answerSets: string[] = [];
    try {
      const cookies = await page.cookies(record.url);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers()))
        if (!NOT_FORWARDED.has(k.toLowerCase())) headers.set(k, v);
      if (cookies.length) headers.set("cookie", cookies.map((c) => `${c.name}=${c.value}`).join("; "));
      const body = req.hasPostData() ? (req.postData() ?? (await req.fetchPostData())) : undefined;
      // If this fails the browser may still send its own copy: then ours must not go out.
      withheld = await withhold(page, cookies);
      const res = await transport(record.url, {
        method: record.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        redirect: "manual",
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      const payload = new Uint8Array(await res.arrayBuffer());
      record.status = res.status;
      record.location = res.headers.get("location");
      record.refusal = classifyRefusal({
        status: res.status,
        headers: Object.fromEntries(res.headers),
        body: new TextDecoder().decode(payload.subarray(0, SNIFF_LIMIT * 4)),
      });
      const back: Record<string, string | string[]> = {};
      res.headers.forEach((value, name) => {
        if (!NOT_RETURNED.has(name) && name !== "set-cookie") back[name] = value;
      });
      answerSets = res.headers.getSetCookie();
      // The withheld cookies come back with the answer itself, so that the request the browser
      // makes next (a redirect it follows at once) already carries them; the site's own
      // cookies come after them and win.
      const setCookies = [...withheld.map(asSetCookie), ...answerSets];
      if (setCookies.length) back["set-cookie"] = setCookies;
      await req.respond({ status: res.status, headers: back, body: payload });
      withheld = [];
    } catch (err) {
      record.error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 160) : String(err);
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      // The page sees what a browser would: the connection failed. Nothing is sent again.
      await req.abort(timedOut ? "timedout" : "connectionreset").catch(() => undefined);
    } finally {
      if (withheld.length) await restore(page, withheld, answerSets).catch(() => undefined);
    }
  };

  const onRequest = (req: HTTPRequest) => {
    if (req.isInterceptResolutionHandled()) return;
    // While a reply is being submitted, nothing that carries a body leaves for another site
    // (a form whose action a page pointed elsewhere): the reply goes to the site or nowhere.
    if (relaying && !KEEPS_NOTHING.has(req.method().toUpperCase()) && !sameSite(req.url(), opts.origin)) {
      void req.abort("blockedbyclient").catch(() => undefined);
      return;
    }
    if (!relaying || KEEPS_NOTHING.has(req.method().toUpperCase())) {
      void req.continue().catch(() => undefined);
      return;
    }
    const p = relay(req).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  await page.setRequestInterception(true);
  page.on("request", onRequest);

  return {
    requests,
    async settled({ firstWithinMs, doneWithinMs }) {
      await waitUntil(() => requests.length > 0, firstWithinMs);
      const done = Promise.all([...inFlight]);
      await Promise.race([done, new Promise((r) => setTimeout(r, doneWithinMs))]);
    },
    async disarm() {
      if (!relaying) return;
      relaying = false;
      // Interception off lets every still-paused request go on its own: wait until every one we
      // hold has its answer (their transport times out by itself).
      const deadline = Date.now() + opts.timeoutMs + 5000;
      while (inFlight.size > 0 && Date.now() < deadline)
        await Promise.race([Promise.all([...inFlight]), new Promise((r) => setTimeout(r, 1000))]);
      await page.setRequestInterception(false).catch(() => undefined);
      page.off("request", onRequest);
    },
  };
}
