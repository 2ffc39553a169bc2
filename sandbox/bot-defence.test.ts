// Bot defences: the pure prints and verdicts, the control API's switches, and both defences
// against a real Chromium (what a browser sends) and plain HTTP (what a relay or script sends).

import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { automationMarks, clientPrint, NO_DEFENCES, refusedBy } from "./bot-defence.ts";
import { type Sandbox, startSandbox } from "./server.ts";
import { SITE_DEFS } from "./sites/defs.ts";
import {
  api,
  browserLogin,
  CONTROL,
  httpGet,
  httpLogin,
  launch,
  newPage,
  reset,
  SITE,
  TEST_BASE_PORT,
  truth,
  UA,
} from "./test-helpers.ts";

type Counters = { submits: number; defenceRefusals: { automation: number; client: number } };

const BROWSER_FORM_POST = [
  "Host",
  "127.0.0.1",
  "Connection",
  "keep-alive",
  "Content-Length",
  "9",
  "Cache-Control",
  "max-age=0",
  "Content-Type",
  "application/x-www-form-urlencoded",
  "User-Agent",
  UA,
  "Origin",
  "http://127.0.0.1",
  "Accept",
  "text/html",
  "Sec-Fetch-Site",
  "same-origin",
  "Sec-Fetch-Mode",
  "navigate",
  "Sec-Fetch-User",
  "?1",
  "Sec-Fetch-Dest",
  "document",
  "Accept-Encoding",
  "gzip, deflate",
  "Accept-Language",
  "en-US,en;q=0.9",
];
const BROWSER_FETCH = [
  "Host",
  "127.0.0.1",
  "User-Agent",
  UA,
  "Content-Type",
  "application/json",
  "Accept",
  "*/*",
  "Sec-Fetch-Site",
  "same-origin",
  "Sec-Fetch-Mode",
  "cors",
  "Sec-Fetch-Dest",
  "empty",
  "Accept-Encoding",
  "gzip, deflate",
  "Accept-Language",
  "en-US,en;q=0.9",
];
// What CDP interception shows of the same form POST (the relay's starting point): no network-stack headers.
const RELAYED = [
  "accept",
  "text/html",
  "content-type",
  "application/x-www-form-urlencoded",
  "cookie",
  "s=1",
  "origin",
  "http://127.0.0.1",
  "user-agent",
  UA,
];

describe("prints and verdicts (pure)", () => {
  it("a browser's form POST and its script's fetch share one print; the relayed copy does not", () => {
    expect(clientPrint(BROWSER_FORM_POST)).toBe(clientPrint(BROWSER_FETCH));
    expect(clientPrint(RELAYED)).not.toBe(clientPrint(BROWSER_FORM_POST));
    // Another browser's User-Agent is another client, even with the same header order.
    const other = BROWSER_FETCH.map((v) => (v === UA ? "Mozilla/5.0 Firefox/140.0" : v));
    expect(clientPrint(other)).not.toBe(clientPrint(BROWSER_FETCH));
  });

  it("automation marks: Browser Run's header names, in any case", () => {
    expect(automationMarks(["CF-Brapi-Devtools", "abc", "cf-biso-devtools", "1"])).toEqual([
      "cf-brapi-devtools",
      "cf-biso-devtools",
    ]);
    expect(automationMarks(["Signature-Agent", '"https://web-bot-auth.cloudflare.com"'])).toEqual([
      "signature-agent",
    ]);
    expect(automationMarks(BROWSER_FORM_POST)).toEqual([]);
  });

  it("refusedBy: nothing while off; each defence only for its own signal", () => {
    const marked = [...BROWSER_FETCH, "cf-brapi-devtools", "x"];
    const login = clientPrint(BROWSER_FORM_POST);
    expect(refusedBy(NO_DEFENCES, marked, login)).toBeNull();
    expect(refusedBy(NO_DEFENCES, RELAYED, login)).toBeNull();
    expect(refusedBy({ automation: true, client: false }, marked, login)).toBe("automation");
    expect(refusedBy({ automation: true, client: false }, RELAYED, login)).toBeNull();
    expect(refusedBy({ automation: false, client: true }, RELAYED, login)).toBe("client");
    expect(refusedBy({ automation: false, client: true }, BROWSER_FETCH, login)).toBeNull();
    // A session nobody recorded a client for (no login seen) is not refused.
    expect(refusedBy({ automation: false, client: true }, RELAYED, undefined)).toBeNull();
  });
});

let sandbox: Sandbox;
let browser: Browser;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, basePort: TEST_BASE_PORT });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});
beforeEach(async () => {
  await reset();
});

const counters = (platform: string) =>
  api<Counters>("GET", `/__sandbox/counters?platform=${platform}&account=demo`);

describe("control API", () => {
  it("switches per site or per account, lists them, refuses bad input; reset turns them off", async () => {
    const on = await api("POST", "/__sandbox/defences", { platform: "renthop", client: true });
    expect(on).toMatchObject({ defences: { automation: false, client: true }, account: null });
    await api("POST", "/__sandbox/defences", { platform: "renthop", account: "demo", automation: true });
    const listed = await api<{ defences: unknown[] }>("GET", "/__sandbox/defences");
    expect(listed.defences).toHaveLength(2);
    const bad = await fetch(`${CONTROL}/__sandbox/defences`, {
      method: "POST",
      body: JSON.stringify({ platform: "renthop", client: "yes" }),
    });
    expect(bad.status).toBe(400);
    const noAccount = await fetch(`${CONTROL}/__sandbox/defences`, {
      method: "POST",
      body: JSON.stringify({ platform: "renthop", account: "ghost", client: true }),
    });
    expect(noAccount.status).toBe(400);
    await reset();
    expect((await api<{ defences: unknown[] }>("GET", "/__sandbox/defences")).defences).toEqual([]);
  });
});

describe("defence styles", () => {
  it("answers in the chosen vendor's style (DataDome, Akamai), and refuses a style it does not know", async () => {
    const marked = { "user-agent": UA, "cf-brapi-devtools": "session-1" };
    const path = SITE_DEFS.roomies.loginPath;
    await api("POST", "/__sandbox/defences", { platform: "roomies", automation: true, style: "datadome" });
    const dd = await fetch(`${SITE.roomies}${path}`, { headers: marked });
    expect(dd.status).toBe(403);
    expect(dd.headers.get("x-datadome")).toBe("protected");
    expect(dd.headers.get("cf-mitigated")).toBeNull();
    expect(await dd.text()).toContain("captcha-delivery.com");
    await api("POST", "/__sandbox/defences", { platform: "roomies", style: "akamai" });
    const ak = await fetch(`${SITE.roomies}${path}`, { headers: marked });
    expect(ak.status).toBe(403);
    expect(ak.headers.get("server")).toBe("AkamaiGHost");
    expect(await ak.text()).toMatch(/Access Denied[\s\S]*Reference #/);
    const bad = await fetch(`${CONTROL}/__sandbox/defences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ platform: "roomies", style: "kasada" }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("automation defence", () => {
  it("off by default: Browser Run's headers pass; on: they get the challenge, other requests pass", async () => {
    const marked = { "user-agent": UA, "cf-brapi-devtools": "session-1", "cf-biso-devtools": "1" };
    const path = SITE_DEFS.leasebreak.loginPath;
    expect((await fetch(`${SITE.leasebreak}${path}`, { headers: marked })).status).toBe(200);
    await api("POST", "/__sandbox/defences", { platform: "leasebreak", automation: true });
    const refused = await fetch(`${SITE.leasebreak}${path}`, { headers: marked });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("cf-mitigated")).toBe("challenge");
    expect(await refused.text()).toContain("Just a moment...");
    expect((await httpGet("leasebreak", path)).status).toBe(200);
    // Another site is untouched.
    expect((await fetch(`${SITE.renthop}${SITE_DEFS.renthop.loginPath}`, { headers: marked })).status).toBe(
      200,
    );
    // A login page has no session: the refusal is counted for the site, not an account.
    const site = await api<Counters>("GET", "/__sandbox/counters?platform=leasebreak");
    expect(site.defenceRefusals).toEqual({ automation: 1, client: 0 });
  });

  it("a Chromium that sends the headers cannot even reach the login form", async () => {
    await api("POST", "/__sandbox/defences", { platform: "spareroom", automation: true });
    const page = await newPage(browser);
    await page.setExtraHTTPHeaders({ "cf-brapi-devtools": "session-1" });
    const res = await page.goto(`${SITE.spareroom}${SITE_DEFS.spareroom.loginPath}`);
    expect(res?.status()).toBe(403);
    expect(await page.title()).toBe("Just a moment...");
    await page.browserContext().close();
  });
});

describe("client defence", () => {
  it("the browser that logged in reads and sends; the same request from another client stores nothing", async () => {
    await api("POST", "/__sandbox/defences", { platform: "leasebreak", client: true });
    const page = await newPage(browser);
    await browserLogin(page, "leasebreak");
    const [t] = await truth("leasebreak");
    const threadUrl = `${SITE.leasebreak}/messages/${t?.threadId}`;
    await page.goto(threadUrl, { waitUntil: "domcontentloaded" });
    expect(await page.title()).not.toBe("Just a moment...");

    // Another client with the browser's own session cookie and the same form.
    const cookie = (await page.cookies())
      .filter((c) => c.name === SITE_DEFS.leasebreak.cookieName)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const form = new URLSearchParams({ [SITE_DEFS.leasebreak.submit.field]: "From elsewhere" });
    const relayed = await fetch(`${SITE.leasebreak}/messages/${t?.threadId}`, {
      method: "POST",
      headers: { cookie, "user-agent": UA, "content-type": "application/x-www-form-urlencoded" },
      body: form,
      redirect: "manual",
    });
    expect(relayed.status).toBe(403);
    expect(relayed.headers.get("cf-mitigated")).toBe("challenge");

    // The browser's own send of the same text goes through, once.
    await page.locator("textarea[name='message']").fill("From elsewhere");
    await Promise.all([
      page.waitForNavigation({ waitUntil: "domcontentloaded" }),
      page.click("button[type='submit']"),
    ]);
    const after = (await truth("leasebreak")).find((x) => x.threadId === t?.threadId);
    expect(after?.deliveries["From elsewhere"]).toBe(1);
    expect((await counters("leasebreak")).defenceRefusals).toEqual({ automation: 0, client: 1 });
    await page.browserContext().close();
  });

  it("a session logged in over plain HTTP is held to that client too (a browser with its cookie is refused)", async () => {
    await api("POST", "/__sandbox/defences", { platform: "renthop", client: true });
    const cookie = await httpLogin("renthop");
    const page = await newPage(browser);
    const [name, value] = cookie.split("=");
    await page.setCookie({ name: name ?? "", value: value ?? "", domain: "127.0.0.1", path: "/" });
    const res = await page.goto(`${SITE.renthop}${SITE_DEFS.renthop.inboxPath}`);
    expect(res?.status()).toBe(403);
    await page.browserContext().close();
  });
});
