// Generic site engine: one Hono app per site, assembled from the gate (sessions, faults, auth),
// the login, page and submit routes, and the site's extra routes. Everything a site shows comes
// from its markup module (sites/<platform>/markup.ts).

import { Hono } from "hono";
import type { World } from "../state.ts";
import { html, notFound, recordRequests, siteRuntime } from "./site-gate.ts";
import { loginRoutes } from "./site-login.ts";
import { pageRoutes } from "./site-pages.ts";
import { submitRoutes } from "./site-submit.ts";
import type { SiteApp, SiteDef, SiteEnv } from "./site-types.ts";

export * from "./site-types.ts";

export function createSiteApp(world: World, def: SiteDef): SiteApp {
  const app: SiteApp = new Hono<SiteEnv>();
  recordRequests(app, world, def);
  const rt = siteRuntime(world, def);
  loginRoutes(app, rt);
  app.get("/", (c) => c.redirect(def.inboxPath, 302));
  pageRoutes(app, rt);
  submitRoutes(app, rt);
  def.extraRoutes?.(app, rt);
  app.notFound((c) => html(c, notFound(), 404));
  return app;
}
