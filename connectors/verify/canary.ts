/**
 * `verify:site --canary-thread <id>`: the one step of going live that sends. One fixed text, to a
 * thread the operator owns (their own test inquiry to their own listing), through the connector's
 * real send path (composer, submit relay, confirmation); then a fresh read of the thread says how
 * many copies the site shows — exactly one new copy is the pass — and the report says which send
 * path stored it: the composer's mode and the requests the page sent to the site.
 */
import type { HTTPRequest, HTTPResponse } from "@cloudflare/puppeteer";
import type { SiteSession } from "../browser/site-session.ts";
import type { PlatformConnector } from "../core/contract.ts";
import { normalizeForMatch } from "../core/html.ts";
import type { SiteSpec } from "../core/site-spec.ts";

export const CANARY_TEXT =
  "lease-bot canary: a test message from the account holder to their own listing. Please ignore.";

export interface CanaryReport {
  threadId: string;
  text: string;
  /** The connector's verdict on the send: delivered, unknown or a classified failure. */
  outcome: string;
  sendPath: {
    mode: SiteSpec["composer"]["mode"];
    /** Non-GET requests to the site while sending: method, path and the site's status. */
    requests: { method: string; path: string; status: number | null }[];
  };
  copiesBefore: number;
  copiesAfter: number;
  ok: boolean;
}

async function copies(c: PlatformConnector, s: SiteSession, threadId: string, text: string): Promise<number> {
  const r = await c.readThread(s, threadId);
  if (!r.ok) return -1;
  const want = normalizeForMatch(text);
  return r.value.messages.filter((m) => m.direction === "outbound" && normalizeForMatch(m.text) === want)
    .length;
}

export async function canarySend(
  s: SiteSession,
  entry: { connector: PlatformConnector; spec: SiteSpec },
  threadId: string,
  text = CANARY_TEXT,
): Promise<CanaryReport> {
  const { connector, spec } = entry;
  const copiesBefore = await copies(connector, s, threadId, text);
  const origin = new URL(s.opts.origin).origin;
  const requests: CanaryReport["sendPath"]["requests"] = [];
  const seen = new Map<HTTPRequest, number>();
  const onRequest = (r: HTTPRequest) => {
    if (r.method() === "GET" || !r.url().startsWith(origin)) return;
    seen.set(r, requests.length);
    requests.push({ method: r.method(), path: new URL(r.url()).pathname, status: null });
  };
  const onResponse = (res: HTTPResponse) => {
    const i = seen.get(res.request());
    if (i !== undefined) requests[i]!.status = res.status();
  };
  s.page.on("request", onRequest);
  s.page.on("response", onResponse);
  let outcome: string;
  try {
    const r = await connector.sendReply(s, {
      threadId,
      body: text,
      baseline: null,
      claimed: [],
      deliveredSameWords: 0,
    });
    outcome = r.ok ? r.value.status : `${r.failure.class}: ${r.failure.message}`;
  } finally {
    s.page.off("request", onRequest);
    s.page.off("response", onResponse);
  }
  const copiesAfter = await copies(connector, s, threadId, text);
  return {
    threadId,
    text,
    outcome,
    sendPath: { mode: spec.composer.mode, requests },
    copiesBefore,
    copiesAfter,
    ok: outcome === "delivered" && copiesBefore >= 0 && copiesAfter === copiesBefore + 1,
  };
}

export function canaryMarkdown(c: CanaryReport): string {
  const reqs = c.sendPath.requests
    .map((r) => `${r.method} ${r.path} → ${r.status ?? "no answer"}`)
    .join("; ");
  return [
    `## Canary send: ${c.ok ? "pass" : "FAIL"}`,
    "",
    `- thread ${c.threadId}; outcome: ${c.outcome}`,
    `- copies of the canary text on the thread: ${c.copiesBefore} before, ${c.copiesAfter} after (one new copy passes)`,
    `- send path: ${c.sendPath.mode === "navigation" ? "form POST that loads a new page" : "the page's own script (in place)"}; requests: ${reqs || "none seen"}`,
    "",
  ].join("\n");
}
