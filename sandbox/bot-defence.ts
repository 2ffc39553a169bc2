// Bot defences a real site may put in front of its inbox, per site (or per account), off by
// default and switched through the control API (`/__sandbox/defences`):
//
// (a) `automation`: challenge every request that carries the headers Cloudflare attaches to
//     Browser Run's traffic (Browser Run's documentation, "Automatic request headers":
//     `cf-brapi-devtools` for CDP/Puppeteer sessions, `cf-brapi-request-id` for Quick Actions,
//     `cf-biso-devtools`, and the Web Bot Auth `Signature`, `Signature-Input`, `Signature-Agent`).
//     A site behind Cloudflare Bot Management sees those and may challenge the whole session.
// (b) `client`: tie the login session to the client that logged in. The session remembers the
//     client's print at login — which of the headers only a browser's network stack adds it
//     sent, in which order, and its User-Agent — and a request of that session from a client
//     with another print is challenged. No shared secret: a browser simply sends these headers
//     (sec-fetch-*, accept-encoding, accept-language; sec-ch-ua where client hints are on) in its
//     own order, and a request rebuilt elsewhere from what the page made (the submit relay sees
//     the page's headers before the network stack adds these) does not.
//
// A refused request gets the defence's refusal before anything is stored, and is marked in the
// request log (counters' `defenceRefusals`). Its look is the defence's `style`: Cloudflare's
// challenge page (403, `cf-mitigated: challenge`; the default), DataDome's captcha page (403,
// `X-DataDome: protected`, the captcha-delivery.com script) or Akamai's "Access Denied" (403,
// `Server: AkamaiGHost`, a "Reference #"). The DataDome and Akamai pages are modelled on public
// knowledge of those products, not on any of our five sites (connectors/core/bot-refusal.ts).
// Header names checked on this machine's Chromium by logging what reached a site: a page load,
// a form POST and a script's fetch all carried sec-fetch-site/mode/dest, accept-encoding and
// accept-language; the request as CDP interception shows it carried none of them.

import type { Platform } from "./types.ts";

export type DefenceKind = "automation" | "client";
export const DEFENCE_STYLES = ["cloudflare", "datadome", "akamai"] as const;
export type DefenceStyle = (typeof DEFENCE_STYLES)[number];
export interface Defences {
  automation: boolean;
  client: boolean;
  /** Which vendor's refusal the defence answers with. */
  style: DefenceStyle;
}

export const NO_DEFENCES: Defences = Object.freeze({ automation: false, client: false, style: "cloudflare" });

/** Headers Cloudflare attaches to Browser Run's requests (lower-case). */
export const AUTOMATION_HEADERS = [
  "cf-brapi-request-id",
  "cf-brapi-devtools",
  "cf-biso-devtools",
  "signature",
  "signature-input",
  "signature-agent",
] as const;

/**
 * Headers a Chromium network stack adds to every request of a page (navigation, form, fetch),
 * after the page and any request interception had their say. `sec-fetch-user` and
 * `upgrade-insecure-requests` are left out: only navigations carry them.
 */
const BROWSER_ONLY = [
  "sec-ch-ua",
  "sec-ch-ua-mobile",
  "sec-ch-ua-platform",
  "sec-fetch-site",
  "sec-fetch-mode",
  "sec-fetch-dest",
  "accept-encoding",
  "accept-language",
];

/** The automation headers a request carries (their names), from Node's raw header list. */
export function automationMarks(rawHeaders: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    if ((AUTOMATION_HEADERS as readonly string[]).includes(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

/** A client's print: the browser-only headers in the order it sent them, and its User-Agent. */
export function clientPrint(rawHeaders: readonly string[]): string {
  const order: string[] = [];
  let ua = "";
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    if (name === "user-agent") ua = rawHeaders[i + 1] ?? "";
    if (BROWSER_ONLY.includes(name) && !order.includes(name)) order.push(name);
  }
  return `${order.join(",")}|${ua}`;
}

/** Per-site and per-account switches; an account's own setting beats its site's. */
export class BotDefences {
  private readonly map = new Map<string, Defences>();

  private key(platform: Platform, account: string | null): string {
    return `${platform}/${account ?? "*"}`;
  }

  set(platform: Platform, account: string | null, d: Partial<Defences>): Defences {
    const next = { ...this.get(platform, account), ...d };
    this.map.set(this.key(platform, account), next);
    return next;
  }

  get(platform: Platform, account: string | null): Defences {
    return (
      (account !== null ? this.map.get(this.key(platform, account)) : undefined) ??
      this.map.get(this.key(platform, null)) ??
      NO_DEFENCES
    );
  }

  list(): { platform: string; account: string | null; defences: Defences }[] {
    return [...this.map].map(([k, defences]) => {
      const [platform = "", account = "*"] = k.split("/");
      return { platform, account: account === "*" ? null : account, defences };
    });
  }

  clear(): void {
    this.map.clear();
  }
}

/**
 * Which defence refuses a request, if any: `automation` when it carries Browser Run's headers
 * and the defence is on; `client` when its session was logged in by a client with another print.
 */
export function refusedBy(
  d: Pick<Defences, "automation" | "client">,
  rawHeaders: readonly string[],
  sessionClient: string | null | undefined,
): DefenceKind | null {
  if (d.automation && automationMarks(rawHeaders).length > 0) return "automation";
  if (d.client && sessionClient && clientPrint(rawHeaders) !== sessionClient) return "client";
  return null;
}
