// Login and logout: the site's own form, session cookie ("remember me" makes it persistent).

import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { clientPrint } from "../bot-defence.ts";
import { html } from "./site-gate.ts";
import type { SiteApp, SiteContext, SiteRuntime } from "./site-types.ts";

export function loginRoutes(app: SiteApp, rt: SiteRuntime): void {
  const { world, def, session, gate, isHeadless } = rt;
  const m = def.markup;
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
    // The client that logged in: the `client` bot defence holds the session to it.
    s.client = clientPrint(c.env.incoming.rawHeaders);
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
}
