// End-to-end tests of the five sites in a real Chromium: login form, inbox, thread, reply through the real
// composer, exactly-once delivery proven from /__sandbox/truth; plus pagination, listings, escaping, auth gates.

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
import type { Platform } from "./types.ts";

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

type Flow = {
  row: string;
  item: string;
  composer: string;
  submit: string;
  /** how the send completes: a full-page PRG navigation, or an in-place update */
  mode: "navigation" | "inplace";
  threadIdOf(page: Page): Promise<string[]>;
};

const attrIds = (sel: string) => (page: Page) =>
  page.$$eval(sel, (els) => els.map((e) => e.getAttribute("data-thread-id") ?? ""));

const FLOWS: Record<Platform, Flow> = {
  spareroom: {
    row: "a.thread_item[data-thread-id][data-message-id]",
    item: "li.message[id^='msg_']",
    composer: "textarea[name='message']",
    submit: "button[type='submit'][name='btnSubmit']",
    mode: "navigation",
    threadIdOf: attrIds("a.thread_item[data-thread-id][data-message-id]"),
  },
  roomies: {
    row: "a[href*='/inbox/'][class*='hover:bg-teal-lightest']",
    item: "li[x-data*='messageItem']",
    composer: "textarea[name='body']",
    submit: "#send-button.bg-brand-orange:not([role='menuitem'])",
    mode: "inplace",
    threadIdOf: (page) =>
      page.$$eval("a[href*='/inbox/'][class*='hover:bg-teal-lightest']", (els) =>
        els.map((e) => (e.getAttribute("href") ?? "").replace("/inbox/", "")),
      ),
  },
  leasebreak: {
    row: "[data-thread-id][data-message-id]",
    item: "[data-message-id]",
    composer: "textarea[name='message']",
    submit: "button[type='submit']",
    mode: "navigation",
    threadIdOf: attrIds("[data-thread-id][data-message-id]"),
  },
  renthop: {
    row: "[data-testid='message-item'][data-thread-id][data-message-id]",
    item: "[data-message-id]",
    composer: "textarea[name='message']",
    submit: "button[data-testid='send-button']",
    mode: "navigation",
    threadIdOf: attrIds("[data-testid='message-item']"),
  },
  furnishedfinder: {
    row: ".thread-row[data-thread-id][data-message-id]",
    item: "[data-testid='thread-message']",
    composer: "textarea[name='messageBody']",
    submit: "button[data-testid='thread-send']",
    mode: "inplace",
    threadIdOf: attrIds(".thread-row[data-thread-id][data-message-id]"),
  },
};

describe("each site: login, inbox, thread, reply, exactly-once delivery", () => {
  for (const platform of Object.keys(FLOWS) as Platform[]) {
    it(platform, async () => {
      const f = FLOWS[platform];
      const def = SITE_DEFS[platform];
      const page = await newPage(browser);
      await browserLogin(page, platform);
      expect(new URL(page.url()).pathname).toBe(def.inboxPath);

      // Inbox: the seeded threads, in the site's order.
      const ids = await f.threadIdOf(page);
      const seeded = await truth(platform);
      expect(ids.length).toBe(seeded.length);
      expect(new Set(ids)).toEqual(new Set(seeded.map((t) => t.threadId)));
      const threadId = ids[0] ?? "";
      const t0 = seeded.find((t) => t.threadId === threadId);
      expect(t0).toBeDefined();
      // The latest message of the first row is inbound (leads are waiting).
      expect(t0?.messages.at(-1)?.direction).toBe("inbound");

      // Thread page.
      await page.goto(`${SITE[platform]}${def.threadUrl(threadId)}`, { waitUntil: "domcontentloaded" });
      await page.waitForSelector(f.item);
      const before = await page.$$eval(f.item, (els) => els.length);
      expect(before).toBe(t0?.messages.length);

      // Reply through the real composer.
      const body = `Hi! Happy to show you the room on Saturday at 2pm (${platform}).`;
      await page.locator(f.composer).fill(body);
      if (f.mode === "navigation") {
        await Promise.all([page.waitForNavigation({ waitUntil: "domcontentloaded" }), page.click(f.submit)]);
      } else {
        await page.click(f.submit);
      }
      await page.waitForFunction((sel, n) => document.querySelectorAll(sel).length > n, {}, f.item, before);
      const after = await truth(platform);
      const t1 = after.find((t) => t.threadId === threadId);
      expect(t1?.deliveries[body]).toBe(1);
      const sent = t1?.messages.at(-1);
      expect(sent?.direction).toBe("outbound");
      expect(sent?.text).toBe(body);
      expect(sent?.visibleFrom).toBeNull();
      // Every other thread is untouched.
      for (const t of after) {
        if (t.threadId !== threadId)
          expect(t.deliveries).toEqual(seeded.find((x) => x.threadId === t.threadId)?.deliveries);
      }

      // The new message element carries the stored id where the site exposes one.
      if (platform === "spareroom") {
        const last = await page.$eval("li.message:last-of-type", (e) => ({ id: e.id, cls: e.className }));
        expect(last.id).toBe(`msg_${sent?.id}`);
        expect(last.cls).toContain("message_out");
        // Inbox: data-message-id equals the thread's msg_ id; row is now thread_out.
        await page.goto(`${SITE.spareroom}${def.inboxPath}`, { waitUntil: "domcontentloaded" });
        const row = await page.$eval(`a.thread_item[data-thread-id='${threadId}']`, (e) => ({
          mid: e.getAttribute("data-message-id"),
          cls: e.className,
        }));
        expect(row.mid).toBe(sent?.id);
        expect(row.cls).toContain("thread_out");
      }
      if (platform === "roomies") {
        const state = await page.$$eval("li[x-data*='messageItem']", (els) =>
          els.map((e) => {
            const s = (
              e as unknown as {
                _x_dataStack: { message: { id: number; content: string }; isSender: boolean }[];
              }
            )._x_dataStack[0];
            return { id: s?.message.id, content: s?.message.content, isSender: s?.isSender };
          }),
        );
        expect(state.at(-1)).toEqual({ id: Number(sent?.id), content: body, isSender: true });
        expect(await page.$eval("textarea[name='body']", (e) => (e as HTMLTextAreaElement).value)).toBe("");
      }
      if (platform === "leasebreak" || platform === "renthop") {
        const ids2 = await page.$$eval("[data-message-id]", (els) =>
          els.map((e) => e.getAttribute("data-message-id")),
        );
        expect(ids2.at(-1)).toBe(sent?.id);
      }
      if (platform === "furnishedfinder") {
        const sel = `[data-testid='thread-message'][data-message-id='${sent?.id}']`;
        await page.waitForSelector(sel);
        await page.waitForFunction(
          (s) => document.querySelector(s)?.getAttribute("data-status") === "delivered",
          { timeout: 8000 },
          sel,
        );
        await page.waitForFunction(
          (s) => document.querySelector(s)?.getAttribute("data-status") === "read",
          { timeout: 10000 },
          sel,
        );
        const mark = await page.$eval(`${sel} .delivery-mark`, (e) => ({
          text: e.textContent,
          cls: e.className,
        }));
        expect(mark).toEqual({ text: "✓✓", cls: "delivery-mark is-read" });
      }
      // Reload: still exactly one copy.
      await page.reload({ waitUntil: "domcontentloaded" });
      const final = (await truth(platform)).find((t) => t.threadId === threadId);
      expect(final?.deliveries[body]).toBe(1);
      await page.browserContext().close();
    });
  }
});

describe("composer quirks", () => {
  it("roomies: only the visible orange button sends; the hidden and menuitem submits do nothing", async () => {
    const page = await newPage(browser);
    await browserLogin(page, "roomies");
    const [t] = await truth("roomies");
    await page.goto(`${SITE.roomies}/inbox/${t?.threadId}`, { waitUntil: "domcontentloaded" });
    expect(await page.content()).toContain("Loading messages");
    await page.waitForSelector("li[x-data*='messageItem']");
    expect(
      // biome-ignore lint/performance/useDomNodeTextContent: connectors read rendered innerText
      await page.evaluate(() => document.body.innerText.toLowerCase().includes("loading messages")),
    ).toBe(false);
    await page.locator("textarea[name='body']").fill("should not be sent");
    await page.evaluate(() => {
      const form = document.getElementById("composer") as HTMLFormElement;
      form.requestSubmit(form.querySelector("button.hidden[type='submit']") as HTMLButtonElement);
      form.requestSubmit(form.querySelector("button[role='menuitem'][type='submit']") as HTMLButtonElement);
    });
    await new Promise((r) => setTimeout(r, 300));
    const after = (await truth("roomies")).find((x) => x.threadId === t?.threadId);
    expect(after?.deliveries).toEqual(t?.deliveries);
    expect(after?.messages.length).toBe(t?.messages.length);
    // The visible orange button is the first visible match of the documented selector.
    const visible = await page.$$eval("button[class*='bg-brand-orange']:not([role='menuitem'])", (els) =>
      els.filter((e) => (e as HTMLElement).offsetWidth > 0).map((e) => e.id),
    );
    expect(visible).toEqual(["send-button"]);
    // Thread page context: lead name in h1, listing link, plus a "More" /rooms/ link.
    expect(await page.$eval("h1", (e) => e.textContent)).toBe(t?.leadName);
    const rooms = await page.$$eval("a[href*='/rooms/']", (els) => els.map((e) => e.textContent?.trim()));
    expect(rooms).toContain("More");
    await page.browserContext().close();
  });

  it("spareroom: remember-me checkbox toggles the hidden remember_me input and makes the cookie persistent", async () => {
    const page = await newPage(browser);
    await page.goto(`${SITE.spareroom}/roommate/logon.pl`, { waitUntil: "domcontentloaded" });
    expect(await page.$eval("input[name='remember_me']", (e) => (e as HTMLInputElement).value)).toBe("N");
    await page.click("#remember_me_checkbox");
    expect(await page.$eval("input[name='remember_me']", (e) => (e as HTMLInputElement).value)).toBe("Y");
    await page.type("input[name='loginemail']", "demo");
    await page.type("input[name='loginpass']", "demo-password");
    await Promise.all([
      page.waitForNavigation({ waitUntil: "domcontentloaded" }),
      page.click("button[type='submit']"),
    ]);
    const cookies = await page.browserContext().cookies();
    const c = cookies.find((x) => x.name === "sr_session");
    expect(c?.httpOnly).toBe(true);
    expect(c?.expires ?? -1).toBeGreaterThan(Date.now() / 1000);
    await page.browserContext().close();
  });
});

describe("escaping", () => {
  const nasty = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> & "quotes" 'apos' 🏠 Ünïcødé مرحبا ${"long ".repeat(400)}end`;
  const textSel: Record<Platform, string> = {
    spareroom: "li.message:last-of-type dd.message_body",
    roomies: "li[x-data*='messageItem']:last-of-type div.whitespace-pre-line",
    leasebreak: "[data-message-id]:last-of-type [data-testid='message-body']",
    renthop: "[data-message-id]:last-of-type [data-testid='message-body']",
    furnishedfinder: "[data-testid='thread-message']:last-of-type [data-testid='message-body']",
  };
  it("lead text with <script>, HTML, long text and unusual Unicode renders as text on every site", async () => {
    const page = await newPage(browser);
    for (const platform of Object.keys(textSel) as Platform[]) {
      const { threadId } = await api<{ threadId: string }>("POST", "/__sandbox/leads", {
        platform,
        account: "demo",
        leadName: `<b>Eve</b> "X"`,
        text: nasty,
      });
      await browserLogin(page, platform);
      const html = await page.content();
      expect(html).not.toContain("<script>window.__pwned");
      await page.goto(`${SITE[platform]}${SITE_DEFS[platform].threadUrl(threadId)}`, {
        waitUntil: "domcontentloaded",
      });
      await page.waitForSelector(textSel[platform]);
      const text = await page.$eval(textSel[platform], (e) => e.textContent);
      expect(text).toBe(nasty);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    }
    await page.browserContext().close();
  });
});

describe("pagination, listings and auth gates (HTTP)", () => {
  const rowPattern: Record<Platform, RegExp> = {
    spareroom: /class="thread_item /g,
    roomies: /href="\/inbox\/\d{5,}"/g,
    leasebreak: /class="message-row /g,
    renthop: /data-testid="message-item"/g,
    furnishedfinder: /class="thread-row /g,
  };

  it("inboxes page 10 threads at a time", async () => {
    for (const platform of Object.keys(rowPattern) as Platform[]) {
      for (let i = 0; i < 22; i += 1) {
        await api("POST", "/__sandbox/leads", {
          platform,
          account: "demo",
          leadName: `Lead ${i}`,
          text: `Hello ${i}`,
        });
      }
      const cookie = await httpLogin(platform);
      const def = SITE_DEFS[platform];
      const q = (n: number) => (def.inboxPageParam === "offset" ? `?offset=${(n - 1) * 10}&` : `?page=${n}`);
      const counts: number[] = [];
      for (const n of [1, 2, 3]) {
        const r = await httpGet(platform, `${def.inboxPath}${q(n)}`, cookie);
        expect(r.status).toBe(200);
        counts.push(r.text.match(rowPattern[platform])?.length ?? 0);
        expect(r.text.includes('rel="next"')).toBe(n < 3);
      }
      expect(counts).toEqual([10, 10, 5]);
    }
  });

  it("spareroom inbox is sorted by latest inbound message, previews truncated with ...", async () => {
    const cookie = await httpLogin("spareroom");
    const ts = await truth("spareroom");
    const order = [...ts]
      .map((t) => ({
        id: t.threadId,
        at: Math.max(...t.messages.filter((m) => m.direction === "inbound").map((m) => Date.parse(m.at))),
      }))
      .sort((a, b) => b.at - a.at)
      .map((x) => x.id);
    const r = await httpGet("spareroom", "/roommate/mythreads_beta.pl", cookie);
    const ids = [...r.text.matchAll(/data-thread-id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(order);
    for (const id of ids) expect(id).toMatch(/^\d+_\d+$/);
    expect(r.text).toMatch(/<span class="snippet">[^<]*\.\.\.<\/span>/);
    expect(r.text).toMatch(/<i class="threadDate">(Today|Yesterday) \d{1,2}:\d\d [AP]M<\/i>/);
    const t = await httpGet("spareroom", `/roommate/mythreads_beta.pl?thread_id=${ids[0]}`, cookie);
    expect(t.text).toMatch(/<dd class="message_date">\d\d\/\d\d\/\d{4} \d{1,2}:\d\d [AP]M<\/dd>/);
    expect(t.text).toMatch(/<span class="name">[^<]+ \(\d+\)<\/span>|li class="message/);
  });

  it("listings pages: spareroom mylistings (offset), roomies dashboard, leasebreak /my/listings", async () => {
    for (let i = 0; i < 9; i += 1) {
      await api("POST", "/__sandbox/listings", {
        platform: "spareroom",
        account: "demo",
        title: `Room ${i}`,
        price: 1000 + i,
        location: "Queens",
        status: i === 0 ? "inactive" : "active",
      });
    }
    const sr = await httpLogin("spareroom");
    const p1 = await httpGet("spareroom", "/roommate/mylistings.pl?offset=0&", sr);
    const p2 = await httpGet("spareroom", "/roommate/mylistings.pl?offset=10&", sr);
    const p3 = await httpGet("spareroom", "/roommate/mylistings.pl?offset=20&", sr);
    const cards = (s: string) => [
      ...s.matchAll(/<li class="listing-result (listing-result--\w+)" id="advert-(\d+)"/g),
    ];
    expect(cards(p1.text).length).toBe(10);
    expect(cards(p2.text).length).toBe(2);
    expect(cards(p3.text).length).toBe(0);
    expect(p1.text).toContain("listing-result--not_live");
    expect(p1.text).toMatch(/<p class="listing-card__price">\$1,00\d<\/p>/);
    const rm = await httpLogin("roomies");
    const d = await httpGet("roomies", "/dashboard", rm);
    expect(d.text).toContain("Manage your listings");
    expect(d.text.match(/data-listing-id="\d+"/g)?.length).toBe(2);
    expect(d.text).toMatch(/href="\/rooms\/\d+"/);
    const lb = await httpLogin("leasebreak");
    const l = await httpGet("leasebreak", "/my/listings", lb);
    expect(l.text).toContain("My Listings");
    expect(l.text.match(/data-listing-id="\d+"/g)?.length).toBe(3);
    expect(l.text).toMatch(/<p class="listing-price">\$[\d,]+<\/p>/);
  });

  it("auth gates: spareroom copy, others redirect to login; HeadlessChrome UA is gated on spareroom/roomies/leasebreak", async () => {
    const g = await httpGet("spareroom", "/roommate/mythreads_beta.pl");
    expect(g.status).toBe(200);
    expect(g.text.replace(/<[^>]+>/g, "").toLowerCase()).toContain(
      "to view this content you will need to either log in or register",
    );
    for (const p of ["roomies", "leasebreak", "renthop", "furnishedfinder"] as Platform[]) {
      const r = await httpGet(p, SITE_DEFS[p].inboxPath);
      expect(r.status).toBe(302);
      expect(r.location?.startsWith(SITE_DEFS[p].loginPath)).toBe(true);
    }
    const headless =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/145.0.0.0 Safari/537.36";
    for (const p of ["spareroom", "roomies", "leasebreak", "renthop"] as Platform[]) {
      const cookie = await httpLogin(p);
      const res = await fetch(`${SITE[p]}${SITE_DEFS[p].inboxPath}`, {
        headers: { cookie, "user-agent": headless },
        redirect: "manual",
      });
      const text = await res.text();
      if (p === "spareroom") expect(text).toContain("To view this content you will need to either");
      else if (p === "renthop") expect(res.status).toBe(200);
      else expect(res.status).toBe(302);
    }
  });

  it("wrong password, logout and server-side session expiry", async () => {
    const bad = await fetch(`${SITE.leasebreak}/users/sign_in`, {
      method: "POST",
      body: new URLSearchParams({ "user[email]": "demo", "user[password]": "nope" }),
      redirect: "manual",
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Invalid Email or password.");
    const cookie = await httpLogin("renthop");
    expect((await httpGet("renthop", "/account/messages", cookie)).status).toBe(200);
    await httpGet("renthop", "/logout", cookie);
    expect((await httpGet("renthop", "/account/messages", cookie)).status).toBe(302);
    await api("POST", "/__sandbox/settings", {
      platform: "furnishedfinder",
      account: "demo",
      sessionTtlSeconds: 1,
    });
    const ff = await httpLogin("furnishedfinder");
    expect((await httpGet("furnishedfinder", "/messaging/inbox", ff)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await httpGet("furnishedfinder", "/messaging/inbox", ff);
    expect(expired.status).toBe(302);
    expect(expired.location).toContain("/login");
  });
});
