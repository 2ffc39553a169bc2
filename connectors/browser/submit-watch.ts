/**
 * The in-browser send path: the page's own request leaves from Chromium, on the browser's own
 * connection, with everything the browser's network stack adds (sec-fetch-*, accept-encoding,
 * accept-language, client hints) in the browser's own order, from the browser's egress. A site
 * whose bot defence ties the session to the client that logged in accepts this where it
 * refuses the submit relay's copy (docs/anti-bot.md).
 *
 * Nothing is intercepted; the request is only watched (CDP network events), so the connector
 * learns the site's answer just as the relay reports it. The price is the one the relay exists
 * to avoid: when the connection dies after the site stored the request and before any answer
 * byte, Chromium may send the request again by itself, and CDP shows the two as one. That copy
 * cannot be prevented from here — only seen: the confirm or the read-back counts our copies new
 * since the baseline (reply-evidence.ts `copiesSince`), an alert says so, and nothing is sent
 * again without a read-back (invariant 3).
 */
import type { HTTPRequest, HTTPResponse, Page } from "@cloudflare/puppeteer";
import { sleep, waitUntil } from "../../domain/util/sleep.ts";
import { classifyRefusal } from "../core/bot-refusal.ts";
import { KEEPS_NOTHING, type RelayedRequest, type SubmitRelay, sameSite } from "./submit-relay.ts";

export async function watchSubmit(page: Page, opts: { origin: string }): Promise<SubmitRelay> {
  const requests: RelayedRequest[] = [];
  const tracked = new Map<HTTPRequest, RelayedRequest>();
  const answered = (r: RelayedRequest) => r.status !== null || r.error !== null;

  const onRequest = (req: HTTPRequest) => {
    if (KEEPS_NOTHING.has(req.method().toUpperCase()) || !sameSite(req.url(), opts.origin)) return;
    const record: RelayedRequest = {
      method: req.method(),
      url: req.url(),
      status: null,
      location: null,
      error: null,
      refusal: null,
      path: "browser",
    };
    requests.push(record);
    tracked.set(req, record);
  };
  // Body sniffs still reading: `settled` waits for them, so a refusal is known before it returns.
  const sniffs = new Set<Promise<void>>();
  // A redirect answer arrives as the response of the request that was redirected.
  const onResponse = (res: HTTPResponse) => {
    const record = tracked.get(res.request());
    if (!record || answered(record)) return;
    const headers = res.headers();
    record.status = res.status();
    record.location = headers.location ?? null;
    record.refusal = classifyRefusal({ status: record.status, headers });
    // The headers did not say it; a refusal status may still carry a vendor's page (bot-refusal.ts).
    if (record.refusal || record.status < 400) return;
    const p = res
      .text()
      .then((body) => {
        record.refusal = classifyRefusal({ status: record.status, headers, body });
      })
      .catch(() => undefined) // the body may be gone (a navigation replaced it): headers stand
      .finally(() => sniffs.delete(p));
    sniffs.add(p);
  };
  const onFailed = (req: HTTPRequest) => {
    const record = tracked.get(req);
    if (!record || answered(record)) return;
    record.error = (req.failure()?.errorText ?? "request failed").slice(0, 160);
  };

  page.on("request", onRequest);
  page.on("response", onResponse);
  page.on("requestfailed", onFailed);

  return {
    requests,
    async settled({ firstWithinMs, doneWithinMs }) {
      await waitUntil(() => requests.length > 0, firstWithinMs);
      const first = requests[0];
      if (first) await waitUntil(() => answered(first), doneWithinMs);
      if (sniffs.size) await Promise.race([Promise.all([...sniffs]), sleep(2000)]);
    },
    async disarm() {
      page.off("request", onRequest);
      page.off("response", onResponse);
      page.off("requestfailed", onFailed);
    },
  };
}
