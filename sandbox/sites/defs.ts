// Per-site routing definitions. URL paths and field names come from each site's markup module.

import type { Platform } from "../types.ts";
import * as ff from "./furnishedfinder/markup.ts";
import * as lb from "./leasebreak/markup.ts";
import * as rh from "./renthop/markup.ts";
import * as rm from "./roomies/markup.ts";
import type { SiteDef } from "./site.ts";
import * as sr from "./spareroom/markup.ts";

export const SITE_DEFS: Record<Platform, SiteDef> = {
  spareroom: {
    platform: "spareroom",
    host: "www.spareroom.com",
    cookieName: "sr_session", // [G]
    loginPath: sr.PATHS.login,
    loginFields: sr.LOGIN_FIELDS,
    logoutPath: sr.PATHS.logout,
    inboxPath: sr.PATHS.inbox,
    inboxPageParam: "offset", // [G] mirrors mylistings.pl
    threadRoute: { kind: "query", param: "thread_id" },
    threadUrl: sr.PATHS.thread,
    submit: { kind: "form", route: sr.PATHS.inbox, field: "message" },
    listings: { path: sr.PATHS.listings, pageParam: "offset" },
    gate: "copy",
    headlessGate: true,
    sortByInbound: true,
    markup: sr.spareroomMarkup,
  },
  roomies: {
    platform: "roomies",
    host: "www.roomies.com",
    cookieName: "roomies_session", // [G]
    loginPath: rm.PATHS.login,
    loginFields: rm.LOGIN_FIELDS,
    logoutPath: rm.PATHS.logout,
    inboxPath: rm.PATHS.inbox,
    inboxPageParam: "page",
    threadRoute: { kind: "path", pattern: "/inbox/:id" },
    threadUrl: rm.PATHS.thread,
    submit: { kind: "json", route: "/inbox/:id/messages", field: "body" },
    listings: { path: rm.PATHS.listings, pageParam: "page" },
    gate: "redirect",
    headlessGate: true,
    sortByInbound: false,
    markup: rm.roomiesMarkup,
  },
  leasebreak: {
    platform: "leasebreak",
    host: "www.leasebreak.com",
    cookieName: "_leasebreak_session", // [G]
    loginPath: lb.PATHS.login,
    loginFields: lb.LOGIN_FIELDS,
    logoutPath: lb.PATHS.logout,
    inboxPath: lb.PATHS.inbox,
    inboxPageParam: "page",
    threadRoute: { kind: "path", pattern: "/messages/:id" },
    threadUrl: lb.PATHS.thread,
    submit: { kind: "form", route: "/messages/:id", field: "message" },
    listings: { path: lb.PATHS.listings, pageParam: "page" },
    gate: "redirect",
    headlessGate: true,
    sortByInbound: false,
    markup: lb.leasebreakMarkup,
  },
  renthop: {
    platform: "renthop",
    host: "www.renthop.com",
    cookieName: "rh_session", // [G]
    loginPath: rh.PATHS.login,
    loginFields: rh.LOGIN_FIELDS,
    logoutPath: rh.PATHS.logout,
    inboxPath: rh.PATHS.inbox,
    inboxPageParam: "page",
    threadRoute: { kind: "path", pattern: "/account/messages/:id" },
    threadUrl: rh.PATHS.thread,
    submit: { kind: "form", route: "/account/messages/:id", field: "message" },
    gate: "redirect",
    headlessGate: false,
    sortByInbound: false,
    markup: rh.renthopMarkup,
  },
  furnishedfinder: {
    platform: "furnishedfinder",
    host: "www.furnishedfinder.com",
    cookieName: "ff_session", // [G]
    loginPath: ff.PATHS.login,
    loginFields: ff.LOGIN_FIELDS,
    logoutPath: ff.PATHS.logout,
    inboxPath: ff.PATHS.inbox,
    inboxPageParam: "page",
    threadRoute: { kind: "path", pattern: "/messaging/thread/:id" },
    threadUrl: ff.PATHS.thread,
    submit: { kind: "json", route: "/messaging/api/threads/:id/messages", field: "messageBody" },
    gate: "redirect",
    headlessGate: false,
    sortByInbound: false,
    markup: ff.furnishedfinderMarkup,
    extraRoutes(app, rt) {
      app.get(ff.PATHS.status, (c) => {
        const s = rt.session(c);
        if (!s) return c.json({ error: "unauthenticated" }, 401);
        const ids = new Set((c.req.query("ids") ?? "").split(",").filter(Boolean));
        const now = Date.now();
        const statuses: Record<string, ff.DeliveryStatus> = {};
        for (const t of rt.world.threadsOf("furnishedfinder", s.account)) {
          for (const m of rt.world.visibleMessages(t, now)) {
            if (m.direction === "outbound" && ids.has(m.id)) statuses[m.id] = ff.deliveryStatus(m, now);
          }
        }
        return c.json({ statuses });
      });
    },
  },
};
