// The pages a manager reads: the inbox (paged, unread filter), a thread, and the listings.

import type { Listing, Message } from "../types.ts";
import { html, notFound } from "./site-gate.ts";
import type { RowView, SiteApp, SiteContext, SiteRuntime } from "./site-types.ts";
import { PAGE_SIZE } from "./site-types.ts";

/**
 * The `content_garbled` fault: the selectors still match, the content is nonsense — the date
 * where each message's text goes (what a body selector that slid onto the stamp reads), and
 * listings without titles. For the connectors' plausibility checks.
 */
const garbleMessage = (m: Message): Message => ({ ...m, text: new Date(m.at).toISOString() });
const garbleListing = (l: Listing): Listing => ({ ...l, title: "" });

export function pageRoutes(app: SiteApp, rt: SiteRuntime): void {
  const { world, def, gate } = rt;
  const m = def.markup;
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
      const shown = visible[visible.length - 1];
      const latest = shown && g.fx.garbled ? garbleMessage(shown) : shown;
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
        messages: world.visibleMessages(thread, now).map((x) => (g.fx.garbled ? garbleMessage(x) : x)),
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
          listings: g.fx.garbled ? slice.map(garbleListing) : slice,
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
}
