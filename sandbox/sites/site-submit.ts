// Sending a reply: a form POST or a JSON fetch, with the site's validation, screening delay and
// the submit faults (refused, dropped after storing, delayed appearance). A POST the browser
// re-sends on its own after a dropped connection is stored again, as a real site would.

import { getCookie } from "hono/cookie";
import { badGatewayPage } from "../fault-pages.ts";
import type { Thread } from "../types.ts";
import { html, notFound } from "./site-gate.ts";
import type { SiteApp, SiteContext, SiteRuntime } from "./site-types.ts";

const RETRY_WINDOW_MS = 1000;

/** A browser's network stack adds Fetch Metadata to every request; a request rebuilt elsewhere lacks it. */
function sentByBrowser(rawHeaders: readonly string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i]?.toLowerCase() === "sec-fetch-mode") return true;
  return false;
}

export function submitRoutes(app: SiteApp, rt: SiteRuntime): void {
  const { world, def, gate } = rt;
  const m = def.markup;
  const droppedAt = new Map<string, number>();

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
    // Chromium transparently re-sends a POST when the connection it went out on dies before any
    // response byte (a reused or preconnected connection). A real site cannot tell that copy from
    // a second click, so it is stored like any other; it is only marked in the request log
    // (counters' `resends`) so a test or benchmark can say where a duplicate came from.
    const retryKey = `${getCookie(c, def.cookieName) ?? ""}|${thread.id}|${body}`;
    const lastDrop = droppedAt.get(retryKey);
    if (lastDrop !== undefined && now - lastDrop < RETRY_WINDOW_MS) c.get("rec").resend = true;
    c.get("rec").client = sentByBrowser(c.env.incoming.rawHeaders) ? "browser" : "other";
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
}
