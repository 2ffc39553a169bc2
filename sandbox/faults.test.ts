// Fault injection: every kind behaves as described, over HTTP and in a real Chromium.

import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "./server.ts";
import { SITE_DEFS } from "./sites/defs.ts";
import {
  api,
  browserLogin,
  httpGet,
  httpLogin,
  launch,
  newPage,
  reset,
  SITE,
  TEST_BASE_PORT,
  truth,
} from "./test-helpers.ts";
import { PLATFORMS, type Platform } from "./types.ts";

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

const fault = (body: Record<string, unknown>) => api<{ id: string }>("POST", "/__sandbox/faults", body);

const CAPTCHA: Record<Platform, string[]> = {
  spareroom: ["iframe[title*='captcha']", "[data-sitekey]", "#g-recaptcha-response"],
  roomies: ["iframe[src*='recaptcha']", "[name='cf-turnstile-response']"],
  leasebreak: ["iframe[src*='hcaptcha']", "[name='cf-turnstile-response']", "[data-sitekey]"],
  renthop: ["iframe[src*='recaptcha']", "[name='cf-turnstile-response']"],
  furnishedfinder: ["iframe[src*='captcha']", "[data-testid='captcha-frame']"],
};
const CHALLENGE: Record<Platform, string[]> = {
  spareroom: ["iframe[src*='challenge']", "#challenge-form", "[data-cy='bot-check']"],
  roomies: ["#challenge-stage", "[data-testid='challenge-page']"],
  leasebreak: [
    "#cf-challenge-running",
    ".challenge-form",
    "#challenge-stage",
    "[data-testid='challenge-page']",
  ],
  renthop: ["#challenge-form", "[data-testid='challenge-screen']"],
  furnishedfinder: ["#challenge-stage", "[data-testid='bot-challenge']"],
};

async function loggedInPage(platform: Platform): Promise<Page> {
  const page = await newPage(browser);
  const cookie = await httpLogin(platform);
  const [name, value] = cookie.split("=");
  await page
    .browserContext()
    .setCookie({ name: name ?? "", value: value ?? "", domain: "127.0.0.1", path: "/", httpOnly: true });
  return page;
}

describe("blocking faults", () => {
  it("captcha: status 200 page carrying the site's captcha selectors", async () => {
    for (const p of PLATFORMS) {
      await fault({ platform: p, kind: "captcha", pages: ["inbox"] });
      const page = await loggedInPage(p);
      const res = await page.goto(`${SITE[p]}${SITE_DEFS[p].inboxPath}`, { waitUntil: "domcontentloaded" });
      expect(res?.status()).toBe(200);
      for (const sel of CAPTCHA[p]) expect(await page.$(sel), `${p} ${sel}`).not.toBeNull();
      await page.browserContext().close();
    }
  });

  it("challenge: 403, 'Just a moment...', Cloudflare markers and the site's challenge selector", async () => {
    for (const p of PLATFORMS) {
      const page = await loggedInPage(p);
      await fault({ platform: p, kind: "challenge" });
      const res = await page.goto(`${SITE[p]}${SITE_DEFS[p].inboxPath}`, { waitUntil: "domcontentloaded" });
      expect(res?.status()).toBe(403);
      expect(await page.title()).toBe("Just a moment...");
      // biome-ignore lint/performance/useDomNodeTextContent: connectors read rendered innerText
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain("Verifying you are human");
      expect(text).toContain("Performance & security by Cloudflare");
      expect(text).toMatch(/Ray ID: [0-9a-f]{16}/);
      for (const sel of CHALLENGE[p]) expect(await page.$(sel), `${p} ${sel}`).not.toBeNull();
      await page.browserContext().close();
    }
  });

  it("blocked: 403 'Sorry, you have been blocked' with Cloudflare and a Ray ID", async () => {
    const cookie = await httpLogin("roomies");
    await fault({ platform: "roomies", kind: "blocked" });
    const r = await httpGet("roomies", "/inbox", cookie);
    expect(r.status).toBe(403);
    expect(r.text).toContain("Sorry, you have been blocked");
    expect(r.text).toContain("Cloudflare");
    expect(r.text).toContain("Ray ID");
  });

  it("rate_limited (429) and unavailable (503) are plain pages without Cloudflare markers", async () => {
    const cookie = await httpLogin("leasebreak");
    const f = await fault({ platform: "leasebreak", kind: "rate_limited", times: 1 });
    const r1 = await httpGet("leasebreak", "/messages", cookie);
    expect(r1.status).toBe(429);
    expect(r1.text.toLowerCase()).not.toMatch(/cloudflare|ray id|verifying you are human/);
    // times: 1 -> expired
    expect((await httpGet("leasebreak", "/messages", cookie)).status).toBe(200);
    const list = await api<{ faults: { id: string }[] }>("GET", "/__sandbox/faults");
    expect(list.faults.map((x) => x.id)).not.toContain(f.id);
    await fault({ platform: "leasebreak", kind: "unavailable" });
    const r2 = await httpGet("leasebreak", "/messages", cookie);
    expect(r2.status).toBe(503);
    expect(r2.text.toLowerCase()).not.toMatch(/cloudflare|ray id/);
  });

  it("session_expired invalidates the session and redirects to the login page", async () => {
    for (const p of PLATFORMS) {
      const cookie = await httpLogin(p);
      await fault({ platform: p, account: "demo", kind: "session_expired", times: 1 });
      const r = await httpGet(p, SITE_DEFS[p].inboxPath, cookie);
      expect(r.status).toBe(302);
      expect(r.location?.startsWith(SITE_DEFS[p].loginPath)).toBe(true);
      // The session is gone for good (not just one redirect).
      const again = await httpGet(p, SITE_DEFS[p].inboxPath, cookie);
      if (p === "spareroom") expect(again.text).toContain("To view this content you will need to either");
      else expect(again.status).toBe(302);
    }
  });

  it("faults are scoped by platform, account and page kind", async () => {
    await api("POST", "/__sandbox/accounts", {
      platform: "renthop",
      account: "other",
      username: "other",
      password: "pw",
    });
    const demo = await httpLogin("renthop");
    const other = await httpLogin("renthop", "other", "pw");
    await fault({ platform: "renthop", account: "other", kind: "unavailable" });
    await fault({ platform: "renthop", kind: "rate_limited", pages: ["thread"] });
    expect((await httpGet("renthop", "/account/messages", demo)).status).toBe(200);
    expect((await httpGet("renthop", "/account/messages", other)).status).toBe(503);
    const [t] = await truth("renthop");
    expect((await httpGet("renthop", `/account/messages/${t?.threadId}`, demo)).status).toBe(429);
    expect((await httpGet("leasebreak", "/messages", await httpLogin("leasebreak"))).status).toBe(200);
    await api("DELETE", "/__sandbox/faults");
    expect((await httpGet("renthop", `/account/messages/${t?.threadId}`, demo)).status).toBe(200);
  });

  it("slow adds the delay", async () => {
    const cookie = await httpLogin("furnishedfinder");
    await fault({ platform: "furnishedfinder", kind: "slow", delayMs: 700, pages: ["inbox"] });
    const t0 = Date.now();
    const r = await httpGet("furnishedfinder", "/messaging/inbox", cookie);
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(690);
  });

  it("random is deterministic for a seed", async () => {
    const run = async (seed: number) => {
      await reset(seed);
      const cookie = await httpLogin("spareroom");
      await fault({ platform: "spareroom", kind: "random", rates: { rate_limited: 0.3, unavailable: 0.2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1)
        statuses.push((await httpGet("spareroom", "/roommate/mythreads_beta.pl", cookie)).status);
      return statuses;
    };
    const a = await run(42);
    const b = await run(42);
    const c = await run(7);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set([200, 429, 503]));
  });
});

describe("submit faults (Chromium)", () => {
  it("submit_dropped 502: the message is stored once, the browser sees a 502", async () => {
    const page = await newPage(browser);
    await browserLogin(page, "leasebreak");
    const [t] = await truth("leasebreak");
    await fault({ platform: "leasebreak", kind: "submit_dropped", mode: "502", times: 1 });
    await page.goto(`${SITE.leasebreak}/messages/${t?.threadId}`, { waitUntil: "domcontentloaded" });
    await page.locator("textarea[name='message']").fill("Dropped but delivered (502)");
    const [res] = await Promise.all([
      page.waitForNavigation({ waitUntil: "domcontentloaded" }),
      page.click("button[type='submit']"),
    ]);
    expect(res?.status()).toBe(502);
    const after = (await truth("leasebreak")).find((x) => x.threadId === t?.threadId);
    expect(after?.deliveries["Dropped but delivered (502)"]).toBe(1);
    const counters = await api<{ submits: number }>(
      "GET",
      "/__sandbox/counters?platform=leasebreak&account=demo",
    );
    expect(counters.submits).toBe(1);
    await page.browserContext().close();
  });

  it("submit_dropped reset: the socket is destroyed after the message is stored, and Chromium's re-send is stored again", async () => {
    const page = await newPage(browser);
    await browserLogin(page, "spareroom");
    const [t] = await truth("spareroom");
    await fault({ platform: "spareroom", kind: "submit_dropped", mode: "reset", times: 1 });
    await page.goto(`${SITE.spareroom}/roommate/mythreads_beta.pl?thread_id=${t?.threadId}`, {
      waitUntil: "domcontentloaded",
    });
    await page.locator("textarea[name='message']").fill("Dropped but delivered (reset)");
    const nav = page.waitForNavigation({ waitUntil: "domcontentloaded" }).then(
      () => "ok",
      (e: Error) => e.message,
    );
    await page.click("button[name='btnSubmit']");
    expect(await nav).toBe("ok");
    // The form went out on Chromium's preconnected connection; when it died before any answer,
    // Chromium sent the POST again by itself, and the site — like a real one — stored it again.
    const after = (await truth("spareroom")).find((x) => x.threadId === t?.threadId);
    expect(after?.deliveries["Dropped but delivered (reset)"]).toBe(2);
    const counters = await api<{ submits: number; resends: number }>(
      "GET",
      "/__sandbox/counters?platform=spareroom&account=demo",
    );
    // Both copies came from a browser's network stack (Fetch Metadata), as the in-browser path's do.
    expect(counters).toMatchObject({ submits: 2, resends: 1, resendsBy: { browser: 1, other: 0 } });
    await page.browserContext().close();
  });

  it("submit_dropped on a fetch site (roomies): stored, the page shows an error, nothing appended", async () => {
    const page = await newPage(browser);
    await browserLogin(page, "roomies");
    const [t] = await truth("roomies");
    await fault({ platform: "roomies", kind: "submit_dropped", mode: "502" });
    await page.goto(`${SITE.roomies}/inbox/${t?.threadId}`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector("li[x-data*='messageItem']");
    const n = await page.$$eval("li[x-data*='messageItem']", (e) => e.length);
    await page.locator("textarea[name='body']").fill("Roomies dropped");
    await page.click("#send-button");
    await page.waitForSelector("#send-error:not(.hidden)");
    expect(await page.$$eval("li[x-data*='messageItem']", (e) => e.length)).toBe(n);
    const after = (await truth("roomies")).find((x) => x.threadId === t?.threadId);
    expect(after?.deliveries["Roomies dropped"]).toBe(1);
    await page.browserContext().close();
  });

  it("submit_rejected: the site shows its validation error and nothing is stored", async () => {
    const page = await newPage(browser);
    await browserLogin(page, "spareroom");
    const [t] = await truth("spareroom");
    await fault({
      platform: "spareroom",
      kind: "submit_rejected",
      message: "Please don't include contact details.",
    });
    await page.goto(`${SITE.spareroom}/roommate/mythreads_beta.pl?thread_id=${t?.threadId}`, {
      waitUntil: "domcontentloaded",
    });
    await page.locator("textarea[name='message']").fill("Call me on 555-0100");
    await Promise.all([
      page.waitForNavigation({ waitUntil: "domcontentloaded" }),
      page.click("button[name='btnSubmit']"),
    ]);
    expect(await page.$eval("[role='alert']", (e) => e.textContent)).toBe(
      "Please don't include contact details.",
    );
    const after = (await truth("spareroom")).find((x) => x.threadId === t?.threadId);
    expect(after?.messages.length).toBe(t?.messages.length);
    expect(after?.deliveries["Call me on 555-0100"]).toBeUndefined();
    // FF (fetch): 422 + error text, message marked failed.
    await browserLogin(page, "furnishedfinder");
    const [ft] = await truth("furnishedfinder");
    await fault({ platform: "furnishedfinder", kind: "submit_rejected" });
    await page.goto(`${SITE.furnishedfinder}/messaging/thread/${ft?.threadId}`, {
      waitUntil: "domcontentloaded",
    });
    await page.locator("textarea[name='messageBody']").fill("rejected on FF");
    await page.click("button[data-testid='thread-send']");
    await page.waitForSelector("[data-status='failed']");
    expect(await page.$eval("#send-error", (e) => e.textContent)).toBe("Message cannot be empty.");
    expect(
      (await truth("furnishedfinder")).find((x) => x.threadId === ft?.threadId)?.deliveries["rejected on FF"],
    ).toBeUndefined();
    await page.browserContext().close();
  });

  it("delayed_appearance hides a sent message for N seconds, then shows it", async () => {
    const page = await newPage(browser);
    await browserLogin(page, "renthop");
    const [t] = await truth("renthop");
    await fault({ platform: "renthop", kind: "delayed_appearance", seconds: 2 });
    const url = `${SITE.renthop}/account/messages/${t?.threadId}`;
    await page.goto(url, { waitUntil: "domcontentloaded" });
    const n = await page.$$eval("[data-message-id]", (e) => e.length);
    await page.locator("textarea[name='message']").fill("Appears later");
    await Promise.all([
      page.waitForNavigation({ waitUntil: "domcontentloaded" }),
      page.click("button[data-testid='send-button']"),
    ]);
    expect(await page.$$eval("[data-message-id]", (e) => e.length)).toBe(n);
    const stored = (await truth("renthop")).find((x) => x.threadId === t?.threadId)?.messages.at(-1);
    expect(stored?.text).toBe("Appears later");
    expect(stored?.visibleFrom).not.toBeNull();
    expect(Date.parse(stored?.visibleFrom ?? "") - Date.parse(stored?.at ?? "")).toBe(2000);
    await new Promise((r) => setTimeout(r, 2100));
    await page.goto(url, { waitUntil: "domcontentloaded" });
    expect(await page.$$eval("[data-message-id]", (e) => e.length)).toBe(n + 1);
    await page.browserContext().close();
  });

  it("spareroom screening delay (site setting) hides a new message, inbox id follows once visible", async () => {
    await api("POST", "/__sandbox/settings", {
      platform: "spareroom",
      account: "demo",
      screeningDelaySeconds: 2,
    });
    const page = await newPage(browser);
    await browserLogin(page, "spareroom");
    const [t] = await truth("spareroom");
    const url = `${SITE.spareroom}/roommate/mythreads_beta.pl?thread_id=${t?.threadId}`;
    await page.goto(url, { waitUntil: "domcontentloaded" });
    const ids = await page.$$eval("li.message[id^='msg_']", (e) => e.map((x) => x.id));
    await page.locator("textarea[name='message']").fill("Screened reply");
    await Promise.all([
      page.waitForNavigation({ waitUntil: "domcontentloaded" }),
      page.click("button[name='btnSubmit']"),
    ]);
    expect(await page.$$eval("li.message[id^='msg_']", (e) => e.map((x) => x.id))).toEqual(ids);
    const stored = (await truth("spareroom")).find((x) => x.threadId === t?.threadId)?.messages.at(-1);
    expect(stored?.visibleFrom).not.toBeNull();
    await new Promise((r) => setTimeout(r, 2100));
    await page.goto(url, { waitUntil: "domcontentloaded" });
    expect(await page.$eval("li.message:last-of-type", (e) => e.id)).toBe(`msg_${stored?.id}`);
    await page.goto(`${SITE.spareroom}/roommate/mythreads_beta.pl`, { waitUntil: "domcontentloaded" });
    expect(
      await page.$eval(`a.thread_item[data-thread-id='${t?.threadId}']`, (e) =>
        e.getAttribute("data-message-id"),
      ),
    ).toBe(stored?.id);
    await page.browserContext().close();
  });
});

describe("markup_drift", () => {
  it("renames the documented selectors on every site", async () => {
    const checks: Record<Platform, { inbox: string[]; thread: string[] }> = {
      spareroom: {
        inbox: ["a.thread_item[data-thread-id][data-message-id]", "span.snippet", "i.threadDate"],
        thread: ["li.message[id^='msg_']", "dd.message_body", "button[type='submit'][name='btnSubmit']"],
      },
      roomies: {
        inbox: [
          "a[href*='/inbox/'][class*='hover:bg-teal-lightest']",
          "div.font-semibold.text-gray-800",
          "div.text-gray-700.text-sm.truncate",
        ],
        thread: ["li[x-data*='messageItem']", "textarea[name='body']", "button[class*='bg-brand-orange']"],
      },
      leasebreak: {
        inbox: ["[data-thread-id][data-message-id]", ".message-preview"],
        thread: ["[data-message-id]", ".message-body"],
      },
      renthop: {
        inbox: [
          "[data-thread-id][data-message-id]",
          "[data-testid='message-item']",
          "[data-testid='message-snippet']",
        ],
        thread: ["[data-message-id]", "button[data-testid='send-button']"],
      },
      furnishedfinder: {
        inbox: ["[data-thread-id][data-message-id]", "[data-testid='thread-preview']"],
        thread: ["[data-message-id]", "button[data-testid='thread-send']"],
      },
    };
    for (const p of PLATFORMS) {
      const page = await loggedInPage(p);
      const [t] = await truth(p);
      const inboxUrl = `${SITE[p]}${SITE_DEFS[p].inboxPath}`;
      const threadUrl = `${SITE[p]}${SITE_DEFS[p].threadUrl(t?.threadId ?? "")}`;
      // Without drift the selectors match.
      await page.goto(inboxUrl, { waitUntil: "domcontentloaded" });
      for (const sel of checks[p].inbox) expect(await page.$(sel), `${p} ${sel}`).not.toBeNull();
      const f = await fault({ platform: p, kind: "markup_drift" });
      await page.goto(inboxUrl, { waitUntil: "domcontentloaded" });
      for (const sel of checks[p].inbox) expect(await page.$(sel), `${p} drift ${sel}`).toBeNull();
      await page.goto(threadUrl, { waitUntil: "domcontentloaded" });
      if (p === "roomies")
        // biome-ignore lint/performance/useDomNodeTextContent: connectors read rendered innerText
        await page.waitForFunction(() => !document.body.innerText.includes("Loading messages"));
      for (const sel of checks[p].thread) expect(await page.$(sel), `${p} drift ${sel}`).toBeNull();
      // Same content is still there.
      // biome-ignore lint/performance/useDomNodeTextContent: connectors read rendered innerText
      expect(await page.evaluate(() => document.body.innerText)).toContain(
        t?.messages.at(-1)?.text.slice(0, 20),
      );
      await api("DELETE", `/__sandbox/faults?id=${f.id}`);
      await page.browserContext().close();
    }
  });
});
