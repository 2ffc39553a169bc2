// Generic site engine: sessions, auth gate, fault handling, counters, inbox/thread/listings routing and
// submit handling. Everything a site shows comes from its markup module (sites/<platform>/markup.ts).

import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  badGatewayPage,
  blockedPage,
  captchaPage,
  challengePage,
  rateLimitedPage,
  unavailablePage,
} from "../fault-pages.ts";
import type { FaultEffects, World } from "../state.ts";
import type { Listing, Message, PageKind, Platform, RequestRecord, Session, Thread } from "../types.ts";
import { sleep } from "../util.ts";

export const PAGE_SIZE = 10;
const RETRY_WINDOW_MS = 1000;

export type RowView = {
  thread: Thread;
  listing: Listing | null;
  latest: Message;
  count: number;
  unread: boolean;
};

export type InboxView = {
  account: string;
  rows: RowView[];
  page: number;
  totalPages: number;
  prevHref: string | null;
  nextHref: string | null;
  now: number;
  drift: boolean;
  unreadOnly: boolean;
};

export type ThreadView = {
  account: string;
  thread: Thread;
  listing: Listing | null;
  messages: Message[];
  now: number;
  drift: boolean;
  error: string | null;
  draft: string;
};

export type ListingsView = {
  account: string;
  listings: Listing[];
  page: number;
  totalPages: number;
  prevHref: string | null;
  nextHref: string | null;
  now: number;
  drift: boolean;
};

export type LoginView = { error: string | null; next: string; drift: boolean; username: string };

export type SiteMarkup = {
  loginPage(v: LoginView): string;
  /** SpareRoom-style "log in or register" copy page, shown instead of a redirect. */
  authGatePage?(v: { next: string; drift: boolean }): string;
  inboxPage(v: InboxView): string;
  threadPage(v: ThreadView): string;
  listingsPage?(v: ListingsView): string;
  captchaWidget(): string;
  challengeWidget(): string;
  /** JSON shape of a message for client-side (fetch) sites. */
  messageJson?(m: Message, thread: Thread, now: number): unknown;
  /** Default validation error copy (submit_rejected without a message, or an empty body). */
  rejectCopy: string;
};

export type SiteDef = {
  platform: Platform;
  host: string;
  cookieName: string;
  loginPath: string;
  loginFields: { username: string; password: string; remember?: string };
  logoutPath: string;
  inboxPath: string;
  inboxPageParam: "page" | "offset";
  /** SpareRoom: same path as the inbox with ?thread_id=; others: a Hono path pattern with :id */
  threadRoute: { kind: "query"; param: string } | { kind: "path"; pattern: string };
  threadUrl(id: string): string;
  submit: { kind: "form" | "json"; route: string; field: string };
  listings?: { path: string; pageParam: "page" | "offset" };
  gate: "copy" | "redirect";
  headlessGate: boolean;
  sortByInbound: boolean;
  markup: SiteMarkup;
  extraRoutes?(app: SiteApp, rt: SiteRuntime): void;
};

export type SiteEnv = { Bindings: HttpBindings; Variables: { rec: RequestRecord } };
export type SiteApp = Hono<SiteEnv>;
export type SiteContext = Context<SiteEnv>;

type Gate = { response: Response } | { response: null; fx: FaultEffects; session: Session | null };

export type SiteRuntime = {
  world: World;
  def: SiteDef;
  session(c: SiteContext): Session | null;
  gate(c: SiteContext, kind: PageKind, accountHint?: string | null): Promise<Gate>;
};

function html(c: SiteContext, body: string, status: 200 | 403 | 404 | 422 | 429 | 502 | 503 = 200): Response {
  c.header("Cache-Control", "no-store");
  return c.html(body, status);
}

export function createSiteApp(world: World, def: SiteDef): SiteApp {
  const app: SiteApp = new Hono<SiteEnv>();
  const m = def.markup;

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

  const gate = async (c: SiteContext, kind: PageKind, accountHint?: string | null): Promise<Gate> => {
    const rec = c.get("rec");
    rec.kind = kind;
    let s = session(c);
    const account = accountHint ?? s?.account ?? null;
    if (account && !rec.account) rec.account = account;
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

  const rt: SiteRuntime = { world, def, session, gate };
  const droppedAt = new Map<string, number>();

  // ------------------------------------------------------------------ login / logout

  const safeNext = (v: unknown): string => {
    const s = typeof v === "string" ? v : "";
    return s.startsWith("/") && !s.startsWith("//") ? s : "";
  };

  app.get(def.loginPath, async (c) => {
    const g = await gate(c, "login");
    if (g.response) return g.response;
    const next = safeNext(c.req.query("next"));
    if (session(c) && !isHeadless(c)) return c.redirect(next || def.inboxPath, 302);
    return html(c, m.loginPage({ error: null, next, drift: g.fx.drift, username: "" }));
  });

  app.post(def.loginPath, async (c) => {
    const form = await c.req.parseBody();
    const username = String(form[def.loginFields.username] ?? "").trim();
    const password = String(form[def.loginFields.password] ?? "");
    const account = world.findByUsername(def.platform, username);
    const g = await gate(c, "login", account?.name ?? null);
    if (g.response) return g.response;
    const next = safeNext(form.next ?? c.req.query("next"));
    if (!account || account.password !== password) {
      return html(
        c,
        m.loginPage({ error: "invalid", next, drift: g.fx.drift, username }),
        def.platform === "leasebreak" ? 422 : 200,
      );
    }
    const s = world.createSession(account);
    const remember = def.loginFields.remember ? String(form[def.loginFields.remember] ?? "") : "";
    const persistent = remember === "Y" || remember === "1" || remember === "on" || remember === "true";
    setCookie(c, def.cookieName, s.token, {
      path: "/",
      httpOnly: true,
      sameSite: "Lax",
      ...(persistent ? { maxAge: account.sessionTtlSeconds } : {}),
    });
    world.recordLogin(def.platform, account.name);
    return c.redirect(next || def.inboxPath, 302);
  });

  const logout = (c: SiteContext) => {
    world.endSession(getCookie(c, def.cookieName));
    deleteCookie(c, def.cookieName, { path: "/" });
    return c.redirect(def.loginPath, 302);
  };
  app.get(def.logoutPath, logout);
  app.post(def.logoutPath, logout);

  app.get("/", (c) => c.redirect(def.inboxPath, 302));

  // ------------------------------------------------------------------ inbox and thread pages

  const pageOf = (c: SiteContext, param: "page" | "offset"): number => {
    const raw = Number(c.req.query(param) ?? (param === "offset" ? 0 : 1));
    if (!Number.isFinite(raw)) return 1;
    return param === "offset" ? Math.floor(Math.max(0, raw) / PAGE_SIZE) + 1 : Math.max(1, Math.floor(raw));
  };
  const pageHref = (path: string, param: "page" | "offset", page: number, extra = ""): string => {
    if (param === "offset") return `${path}?offset=${(page - 1) * PAGE_SIZE}&${extra}`;
    return `${path}?page=${page}${extra ? `&${extra}` : ""}`;
  };

  const renderInbox = async (c: SiteContext) => {
    const g = await gate(c, "inbox");
    if (g.response) return g.response;
    const account = g.session?.account ?? "";
    const now = Date.now();
    const unreadOnly = c.req.query("unread") === "1";
    const rows: (RowView & { sortKey: number })[] = [];
    for (const t of world.threadsOf(def.platform, account)) {
      const visible = world.visibleMessages(t, now);
      const latest = visible[visible.length - 1];
      if (!latest) continue;
      const inbound = visible.filter((x) => x.direction === "inbound");
      const lastIn = inbound[inbound.length - 1];
      const unread = !!lastIn && lastIn.at > t.readAt;
      if (unreadOnly && !unread) continue;
      rows.push({
        thread: t,
        listing: world.getListing(def.platform, t.listingId),
        latest,
        count: visible.length,
        unread,
        sortKey: def.sortByInbound ? (lastIn?.at ?? 0) : latest.at,
      });
    }
    rows.sort((a, b) => b.sortKey - a.sortKey || (a.thread.id < b.thread.id ? 1 : -1));
    const totalPages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(pageOf(c, def.inboxPageParam), totalPages);
    const extra = unreadOnly ? "unread=1" : "";
    return html(
      c,
      m.inboxPage({
        account,
        rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
        page,
        totalPages,
        prevHref: page > 1 ? pageHref(def.inboxPath, def.inboxPageParam, page - 1, extra) : null,
        nextHref: page < totalPages ? pageHref(def.inboxPath, def.inboxPageParam, page + 1, extra) : null,
        now,
        drift: g.fx.drift,
        unreadOnly,
      }),
    );
  };

  const renderThread = async (c: SiteContext, id: string, error: string | null = null, draft = "") => {
    const g = await gate(c, "thread");
    if (g.response) return g.response;
    const account = g.session?.account ?? "";
    const thread = world.getThread(def.platform, account, id);
    if (!thread) return html(c, notFound(), 404);
    const now = Date.now();
    thread.readAt = now;
    return html(
      c,
      m.threadPage({
        account,
        thread,
        listing: world.getListing(def.platform, thread.listingId),
        messages: world.visibleMessages(thread, now),
        now,
        drift: g.fx.drift,
        error,
        draft,
      }),
    );
  };

  if (def.threadRoute.kind === "query") {
    const param = def.threadRoute.param;
    app.get(def.inboxPath, (c) => {
      const id = c.req.query(param);
      return id ? renderThread(c, id) : renderInbox(c);
    });
  } else {
    app.get(def.inboxPath, renderInbox);
    app.get(def.threadRoute.pattern, (c) => renderThread(c, c.req.param("id") ?? ""));
  }

  // ------------------------------------------------------------------ submit

  app.post(def.submit.route, async (c) => {
    const isJson = def.submit.kind === "json";
    let body = "";
    let id = c.req.param("id") ?? "";
    if (isJson) {
      const data: unknown = await c.req.json().catch(() => ({}));
      if (data && typeof data === "object") {
        const v = (data as Record<string, unknown>)[def.submit.field];
        body = typeof v === "string" ? v : "";
      }
    } else {
      const form = await c.req.parseBody();
      const v = form[def.submit.field];
      body = typeof v === "string" ? v : "";
      if (!id) id = String(c.req.query("thread_id") ?? form.thread_id ?? "");
    }
    const g = await gate(c, "submit");
    if (g.response) return g.response;
    const account = g.session?.account ?? "";
    const thread = world.getThread(def.platform, account, id);
    if (!thread) return isJson ? c.json({ error: "Not found" }, 404) : html(c, notFound(), 404);
    const fx = g.fx;
    if (fx.rejected !== null || body.trim() === "") {
      const copy = fx.rejected || m.rejectCopy;
      if (isJson) return c.json({ message: copy, errors: { [def.submit.field]: [copy] } }, 422);
      return renderThreadAfterReject(c, thread, copy, body, fx.drift);
    }
    const now = Date.now();
    // Chromium transparently re-sends a POST when a reused (or preconnected) connection is dropped before any
    // response byte arrives. The drop fault models "stored once, then the connection died", so that automatic
    // transport-level retry (same session, thread and body, within RETRY_WINDOW_MS) is dropped again unstored.
    const retryKey = `${getCookie(c, def.cookieName) ?? ""}|${thread.id}|${body}`;
    const lastDrop = droppedAt.get(retryKey);
    if (lastDrop !== undefined && now - lastDrop < RETRY_WINDOW_MS) {
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    const acc = world.getAccount(def.platform, account);
    const screening = def.platform === "spareroom" ? (acc?.screeningDelaySeconds ?? 0) : 0;
    const hide = Math.max(screening, fx.hideSeconds);
    const msg = world.storeOutbound(thread, body, {
      at: now,
      visibleFrom: hide > 0 ? now + hide * 1000 : null,
    });
    if (fx.dropped === "reset") {
      droppedAt.set(retryKey, now);
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    if (fx.dropped === "502") return html(c, badGatewayPage(), 502);
    if (isJson) {
      const visible = msg.visibleFrom === null;
      return c.json(
        { message: visible && m.messageJson ? m.messageJson(msg, thread, now) : null, queued: !visible },
        201,
      );
    }
    return c.redirect(def.threadUrl(thread.id), 302);
  });

  const renderThreadAfterReject = (
    c: SiteContext,
    thread: Thread,
    error: string,
    draft: string,
    drift: boolean,
  ) => {
    const now = Date.now();
    return html(
      c,
      m.threadPage({
        account: thread.account,
        thread,
        listing: world.getListing(def.platform, thread.listingId),
        messages: world.visibleMessages(thread, now),
        now,
        drift,
        error,
        draft,
      }),
      def.platform === "spareroom" ? 200 : 422,
    );
  };

  // ------------------------------------------------------------------ listings

  const listingsDef = def.listings;
  const renderListings = m.listingsPage;
  if (listingsDef && renderListings) {
    app.get(listingsDef.path, async (c) => {
      const g = await gate(c, "listings");
      if (g.response) return g.response;
      const account = g.session?.account ?? "";
      const all = world.listingsOf(def.platform, account).sort((a, b) => b.createdAt - a.createdAt);
      const totalPages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
      const requested = pageOf(c, listingsDef.pageParam);
      // Past the last page: an empty page (crawlers stop on "no cards").
      const slice = all.slice((requested - 1) * PAGE_SIZE, requested * PAGE_SIZE);
      return html(
        c,
        renderListings({
          account,
          listings: slice,
          page: requested,
          totalPages,
          prevHref: requested > 1 ? pageHref(listingsDef.path, listingsDef.pageParam, requested - 1) : null,
          nextHref:
            requested < totalPages ? pageHref(listingsDef.path, listingsDef.pageParam, requested + 1) : null,
          now: Date.now(),
          drift: g.fx.drift,
        }),
      );
    });
  }

  def.extraRoutes?.(app, rt);

  app.notFound((c) => html(c, notFound(), 404));
  return app;
}

function notFound(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page not found</title></head><body><h1>Page not found</h1><p>Sorry, we couldn't find that page.</p></body></html>`;
}
