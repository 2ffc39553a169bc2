// The gate every page passes: the request log, the session, fault injection (captcha,
// challenge, block, 429/503, session expiry, slowness, drift) and the auth gate.

import { deleteCookie, getCookie } from "hono/cookie";
import { type DefenceStyle, refusedBy } from "../bot-defence.ts";
import {
  akamaiDeniedPage,
  blockedPage,
  captchaPage,
  challengePage,
  dataDomePage,
  rateLimitedPage,
  unavailablePage,
} from "../fault-pages.ts";
import type { World } from "../state.ts";
import type { PageKind, RequestRecord, Session } from "../types.ts";
import { sleep } from "../util.ts";
import type { Gate, SiteApp, SiteContext, SiteDef, SiteRuntime } from "./site-types.ts";

export function html(
  c: SiteContext,
  body: string,
  status: 200 | 403 | 404 | 422 | 429 | 502 | 503 = 200,
): Response {
  c.header("Cache-Control", "no-store");
  return c.html(body, status);
}

export function notFound(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page not found</title></head><body><h1>Page not found</h1><p>Sorry, we couldn't find that page.</p></body></html>`;
}

/** Records every request (with the account its session belongs to) for the control API. */
export function recordRequests(app: SiteApp, world: World, def: SiteDef): void {
  app.use("*", async (c, next) => {
    const token = getCookie(c, def.cookieName);
    const s = token ? world.sessions.get(token) : undefined;
    const rec: RequestRecord = {
      at: Date.now(),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      platform: def.platform,
      account: s && s.platform === def.platform ? s.account : null,
      kind: null,
    };
    world.requests.push(rec);
    if (world.requests.length > 50_000) world.requests.splice(0, 10_000);
    c.set("rec", rec);
    await next();
  });
}

/** The site's runtime: session lookup and the gate, shared by every route module. */
export function siteRuntime(world: World, def: SiteDef): SiteRuntime {
  const m = def.markup;
  const isHeadless = (c: SiteContext) =>
    def.headlessGate && (c.req.header("user-agent") ?? "").includes("HeadlessChrome");

  const session = (c: SiteContext): Session | null =>
    world.getSession(def.platform, getCookie(c, def.cookieName));

  const loginRedirect = (c: SiteContext) => {
    const here = new URL(c.req.url);
    const next = c.req.method === "GET" ? `${here.pathname}${here.search}` : "";
    const target = next ? `${def.loginPath}?next=${encodeURIComponent(next)}` : def.loginPath;
    return c.redirect(target, 302);
  };

  /** The defence's refusal in its vendor's style (bot-defence.ts). */
  const defenceAnswer = (c: SiteContext, style: DefenceStyle): Response => {
    if (style === "datadome") {
      c.header("x-datadome", "protected");
      return html(c, dataDomePage(def.host), 403);
    }
    if (style === "akamai") {
      c.header("server", "AkamaiGHost");
      return html(c, akamaiDeniedPage(def.host, new URL(c.req.url).pathname), 403);
    }
    c.header("cf-mitigated", "challenge");
    c.header("server", "cloudflare");
    return html(c, challengePage(def.host, m.challengeWidget()), 403);
  };

  const gate = async (c: SiteContext, kind: PageKind, accountHint?: string | null): Promise<Gate> => {
    const rec = c.get("rec");
    rec.kind = kind;
    let s = session(c);
    const account = accountHint ?? s?.account ?? null;
    if (account && !rec.account) rec.account = account;
    // A bot defence answers before anything else looks at the request (and before anything is
    // stored): a login defines the session's client, so the client check skips it.
    const refused = refusedBy(
      world.defences.get(def.platform, account),
      c.env.incoming.rawHeaders,
      kind === "login" ? null : s?.client,
    );
    if (refused) {
      rec.refusedBy = refused;
      return { response: defenceAnswer(c, world.defences.get(def.platform, account).style) };
    }
    const fx = world.evaluateFaults(def.platform, account, kind);
    if (fx.delayMs > 0) await sleep(fx.delayMs);
    if (fx.block) {
      switch (fx.block.kind) {
        case "captcha":
          return { response: html(c, captchaPage(def.host, m.captchaWidget())) };
        case "challenge":
          c.header("cf-mitigated", "challenge");
          c.header("server", "cloudflare");
          return { response: html(c, challengePage(def.host, m.challengeWidget()), 403) };
        case "blocked":
          c.header("server", "cloudflare");
          return { response: html(c, blockedPage(def.host), 403) };
        case "rate_limited":
          c.header("Retry-After", "60");
          return { response: html(c, rateLimitedPage(), 429) };
        case "unavailable":
          c.header("Retry-After", "120");
          return { response: html(c, unavailablePage(), 503) };
        case "session_expired": {
          const token = getCookie(c, def.cookieName);
          world.endSession(token);
          deleteCookie(c, def.cookieName, { path: "/" });
          return { response: loginRedirect(c) };
        }
        default:
          break;
      }
    }
    if (kind !== "login") {
      if (s && isHeadless(c)) s = null;
      if (!s) {
        if (def.gate === "copy" && c.req.method === "GET" && m.authGatePage) {
          return { response: html(c, m.authGatePage({ next: c.req.url, drift: fx.drift })) };
        }
        return { response: loginRedirect(c) };
      }
    }
    return { response: null, fx, session: s };
  };

  return { world, def, session, gate, isHeadless, loginRedirect };
}
