/**
 * A browser of the operator's own (docs/anti-bot.md): any Chrome DevTools Protocol endpoint —
 * a Chrome in the office behind a tunnel, a hosted browser service — driven by the same
 * `@cloudflare/puppeteer` over a transport of our own: the Worker's outbound WebSocket
 * (`fetch` with `Upgrade: websocket`). `puppeteer.connect({ transport })` takes any transport;
 * Browser Run's binding is not involved.
 *
 * The address may be the browser's WebSocket URL (`ws(s)://host/devtools/browser/<id>`) or its
 * HTTP root (`http(s)://host:port`), whose `/json/version` names the WebSocket URL; Chrome names
 * it with the host it listens on, so the address's own host replaces it (a tunnel's host is not
 * Chrome's). A token, when given, goes as `Authorization: Bearer`. Both come from Worker
 * secrets named by the account's references and never reach a log or an error message.
 *
 * The browser is the operator's: a run works in a browser context of its own (its cookies stay
 * apart from any other account's on the same browser) and closes that context when done, never
 * the browser.
 */
import puppeteer, { type Browser, type BrowserContext } from "@cloudflare/puppeteer";

interface Transport {
  send(message: string): void;
  close(): void;
  onmessage?: (message: string) => void;
  onclose?: () => void;
}

class WorkerWebSocketTransport implements Transport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private readonly ws: WebSocket;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener("message", (e) => {
      this.onmessage?.(typeof e.data === "string" ? e.data : new TextDecoder().decode(e.data as ArrayBuffer));
    });
    ws.addEventListener("close", () => this.onclose?.());
    ws.addEventListener("error", () => this.onclose?.());
  }

  send(message: string): void {
    this.ws.send(message);
  }

  close(): void {
    try {
      this.ws.close();
    } catch {
      // already closed
    }
  }
}

export class OwnBrowserError extends Error {}

/** `ws(s)://` → `http(s)://`: the Workers runtime opens a WebSocket with an upgrading fetch. */
function httpUrl(u: URL): string {
  const copy = new URL(u.toString());
  if (copy.protocol === "ws:") copy.protocol = "http:";
  if (copy.protocol === "wss:") copy.protocol = "https:";
  return copy.toString();
}

/** The browser's WebSocket URL from the configured address (no secret in any error text). */
export async function resolveEndpoint(address: string, headers: HeadersInit): Promise<URL> {
  let u: URL;
  try {
    u = new URL(address);
  } catch {
    throw new OwnBrowserError("the CDP endpoint secret is not a URL");
  }
  if (!["ws:", "wss:", "http:", "https:"].includes(u.protocol))
    throw new OwnBrowserError("the CDP endpoint must be a ws(s):// or http(s):// address");
  if (u.pathname.startsWith("/devtools/")) return u;
  const res = await fetch(new URL("/json/version", httpUrl(u)).toString(), { headers });
  if (!res.ok) throw new OwnBrowserError(`the CDP endpoint answered ${res.status} to /json/version`);
  const info = (await res.json()) as { webSocketDebuggerUrl?: unknown };
  if (typeof info.webSocketDebuggerUrl !== "string")
    throw new OwnBrowserError("the CDP endpoint's /json/version names no webSocketDebuggerUrl");
  const ws = new URL(info.webSocketDebuggerUrl);
  const out = new URL(u.toString());
  out.protocol = u.protocol === "https:" || u.protocol === "wss:" ? "wss:" : "ws:";
  out.pathname = ws.pathname;
  return out;
}

export interface OwnBrowser {
  browser: Browser;
  context: BrowserContext;
  /** Stands in for Browser Run's session id in logs and the governor: no secret in it. */
  sessionId: string;
}

export async function openOwnBrowser(address: string, token: string | null): Promise<OwnBrowser> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const ws = await resolveEndpoint(address, headers);
  const res = await fetch(httpUrl(ws), { headers: { ...headers, upgrade: "websocket" } });
  const socket = res.webSocket;
  if (!socket) {
    await res.body?.cancel();
    throw new OwnBrowserError(`the CDP endpoint refused the WebSocket (${res.status})`);
  }
  socket.accept();
  const browser = await puppeteer.connect({ transport: new WorkerWebSocketTransport(socket) });
  const context = await browser.createBrowserContext();
  return { browser, context, sessionId: `cdp-${crypto.randomUUID()}` };
}

/** Ends a run's use of the operator's browser: its own context closes, the browser stays. */
export async function releaseOwnBrowser(own: OwnBrowser, timeoutMs = 5000): Promise<void> {
  const done = (async () => {
    await own.context.close().catch(() => undefined);
    await own.browser.disconnect();
  })();
  await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs))]);
}
