/**
 * The admin panel in a real Chromium against the real local stack (`npm start`: workerd, local
 * D1 and Durable Objects, the Browser binding, the sandbox sites). The plan's acceptance checks
 * are driven through the panel; the sandbox's ground truth says what reached the sites.
 * The tests run in order and share one stack: later ones use what earlier ones left (a
 * draft, a dead letter), as a person's session would. Screenshots of every screen land in
 * docs/screens/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SandboxPlatform, sandbox } from "../support/sandbox-client.ts";
import { ADMIN, AGENT, api, launch, open, pageAs, waitForText } from "./browser.ts";
import { type Stack, startStack } from "./stack.ts";

const SHOTS = join(import.meta.dirname, "..", "..", "docs", "screens");
const TOUR_TEMPLATE =
  "Hi {{first_name}}, thanks for asking! Viewings are on Saturdays between 10am and noon.";

let stack: Stack;
let browser: Browser;
let admin: Page;
const cspViolations: string[] = [];
// Left by earlier tests for later ones: the leasebreak conversation with the draft, the dead letter.
let draftConversation = "";
let deadKey = "";

interface AccountDto {
  id: string;
  isActive: boolean;
  sendMode: string | null;
  effectiveSendMode: string;
  notifyAddress: string | null;
  pushEnabled: boolean;
  timeZone: string | null;
  health: { lastIngestAt: string | null };
}

const accountId = (p: SandboxPlatform) => `local-${p}`;

async function accounts(): Promise<AccountDto[]> {
  return (await api<{ items: AccountDto[] }>(stack.url, ADMIN, "GET", "/platforms")).body.items;
}

/**
 * Fires the cron once and waits until each named account has finished an ingest after it (its
 * alarm's poll falls due about a minute apart with push off).
 */
async function tickAndWait(platforms: SandboxPlatform[], timeoutMs = 150_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const firedAt = new Date().toISOString();
    await fetch(`${stack.url}/__scheduled?cron=*+*+*+*+*`);
    // A tick can be skipped (browser governor busy); fire again after a while if so.
    const again = Date.now() + 45_000;
    while (Date.now() < again) {
      const list = await accounts();
      const done = platforms.every((p) => {
        const at = list.find((a) => a.id === accountId(p))?.health.lastIngestAt;
        return at !== null && at !== undefined && at > firedAt;
      });
      if (done) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new Error(`no ingest on ${platforms.join(", ")} within ${timeoutMs / 1000} s`);
}

/**
 * Reads each account's inbox now, as the panel's "Check inbox now" does (`POST /run`), and
 * waits for the run. Retries while another run holds the account or the browser governor is full.
 */
async function checkInbox(platforms: SandboxPlatform[], timeoutMs = 150_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const p of platforms) {
    for (;;) {
      const r = await api<{ ran: boolean; skipped: string | null; failure: unknown }>(
        stack.url,
        ADMIN,
        "POST",
        `/platforms/${accountId(p)}/run`,
      );
      if (r.status === 200 && r.body.ran && r.body.skipped === null) break;
      if (Date.now() > until)
        throw new Error(`no inbox check on ${p} within ${timeoutMs / 1000} s: ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 2000));
    }
  }
}

/** Checks the inbox until `check` holds (a send paced behind another can take a run or two). */
async function checkUntil<T>(
  platform: SandboxPlatform,
  check: () => Promise<T | null>,
  what: string,
): Promise<T> {
  for (let i = 0; i < 8; i++) {
    await checkInbox([platform]);
    const settleUntil = Date.now() + 10_000;
    while (Date.now() < settleUntil) {
      const v = await check();
      if (v !== null) return v;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Waits until the site has had no request for a few seconds. */
async function quiet(platform: SandboxPlatform, forMs = 5000, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < until) {
    const n = (await sandbox.counters(platform)).requests.length;
    if (n !== seen) {
      seen = n;
      since = Date.now();
    } else if (Date.now() - since >= forMs) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${platform} did not go quiet within ${timeoutMs / 1000} s`);
}

async function outbound(platform: SandboxPlatform, threadId: string) {
  const t = (await sandbox.truth(platform)).find((x) => x.threadId === threadId);
  return t?.messages.filter((m) => m.direction === "outbound") ?? [];
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) as `${string}.png`, fullPage: false });
}

function watchCsp(page: Page): Page {
  page.on("console", (m) => {
    // The evidence frame (about:srcdoc) is meant to have its page's inline styles and scripts
    // refused; only the panel's own documents must never break the policy.
    const where = m.location()?.url ?? "";
    if (/Content.Security.Policy/i.test(m.text()) && !where.startsWith("about:srcdoc"))
      cspViolations.push(`${where}: ${m.text()}`);
  });
  return page;
}

async function clickButton(page: Page, text: string): Promise<void> {
  const handle = await page.waitForFunction(
    (t) =>
      [...document.querySelectorAll("button")].find(
        (b) => b.textContent?.trim().startsWith(t) && !b.disabled,
      ) ?? null,
    { timeout: 15_000 },
    text,
  );
  await (handle as unknown as { click(): Promise<void> }).click();
}

/** Form controls on the screen that no label names (every control must have one). */
async function unlabeled(page: Page): Promise<string[]> {
  return page.$$eval("main input:not([type=hidden]), main select, main textarea", (els) =>
    els
      .filter((e) => {
        const c = e as HTMLInputElement;
        return !(c.labels && c.labels.length > 0) && !c.getAttribute("aria-label");
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
}

async function buttonTexts(page: Page): Promise<string[]> {
  return page.$$eval("main button", (bs) => bs.map((b) => b.textContent?.trim() ?? ""));
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launch();
  // Only the leads each test writes: an empty sandbox (its accounts stay).
  await sandbox.reset({ seed: 11, empty: true });
  await sandbox.clearFaults();
  // `npm start` turns push on; these tests drive ingests with the cron, which with push on only
  // re-arms a safety-net poll minutes away. Push off, each account polls about every minute.
  for (const a of await accounts()) {
    const r = await api(stack.url, ADMIN, "PATCH", `/platforms/${a.id}`, { pushEnabled: false });
    expect(r.status).toBe(200);
  }
  const t = await api(stack.url, ADMIN, "POST", "/templates", {
    intent: "tour_request",
    name: "Tour invite",
    body: TOUR_TEMPLATE,
  });
  expect(t.status).toBe(201);
  admin = watchCsp(await pageAs(browser, stack.url, ADMIN));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the panel is served safely", () => {
  it("sends a strict CSP with index.html, deep links and assets", async () => {
    const index = await fetch(`${stack.url}/`);
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    for (const path of ["/", "/inbox/some-conversation", "/dead-letters/abc", asset!]) {
      const res = await fetch(`${stack.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).not.toContain("unsafe-inline");
    }
    // The API keeps its JSON 404 rather than the panel's fallback.
    const nope = await fetch(`${stack.url}/api/nope`, { headers: { "X-Dev-Identity": ADMIN } });
    expect(nope.status).toBe(404);
    expect(((await nope.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("acceptance through the panel", () => {
  it("signs in with the development picker", async () => {
    const ctx = await browser.createBrowserContext();
    const page = watchCsp(await ctx.newPage());
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${stack.url}/`);
    await waitForText(page, "button", `Sign in as ${ADMIN}`);
    await shot(page, "sign-in");
    await clickButton(page, `Sign in as ${ADMIN}`);
    await waitForText(page, "main h1", "Overview");
    await waitForText(page, ".who", ADMIN);
    await ctx.close();
  });

  it("switching a platform off is persisted, audited, and the next tick loads no page of that site", async () => {
    await open(admin, stack.url, `/platforms/${accountId("spareroom")}`);
    await admin.waitForSelector(`#active-${accountId("spareroom")}`);
    await admin.click(`#active-${accountId("spareroom")}`);
    await admin.type("input[name=disableReason]", "Listing paused for renovation");
    await clickButton(admin, "Switch off");
    await waitForText(admin, ".outcome", "Switched off");
    await admin.reload();
    await admin.waitForSelector(`#active-${accountId("spareroom")}`);
    expect(
      await admin.$eval(`#active-${accountId("spareroom")}`, (e) => (e as HTMLInputElement).checked),
    ).toBe(false);
    await waitForText(admin, "main", "Switched off: Listing paused for renovation");

    await open(admin, stack.url, `/audit?accountId=${accountId("spareroom")}`);
    await waitForText(admin, "tbody tr", "platform policy updated");
    const row = await admin.$eval("tbody tr", (r) => r.textContent ?? "");
    expect(row).toContain(ADMIN);
    expect(row).toContain("Listing paused for renovation");

    // A run that began before the switch (npm start fires a tick when it starts) may still be
    // finishing; "the next tick" is the first one after the site has gone quiet.
    await quiet("spareroom");
    await sandbox.clearCounters();
    await tickAndWait(["roomies", "leasebreak"]);
    // Give a straggling run of the switched-off account time to show itself, if there were one.
    await new Promise((r) => setTimeout(r, 3000));
    const off = await sandbox.counters("spareroom");
    expect(off.requests).toEqual([]);
    expect(Object.values(off.pageLoads).reduce((a, b) => a + b, 0)).toBe(0);
    // The same tick did load the sites of accounts that are on.
    const on = await sandbox.counters("roomies");
    expect(Object.values(on.pageLoads).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("auto_send: an eligible lead gets exactly one reply stored on the site", async () => {
    await open(admin, stack.url, `/platforms/${accountId("roomies")}`);
    await admin.waitForSelector("select[name=sendMode]");
    await admin.select("select[name=sendMode]", "auto_send");
    await waitForText(admin, ".outcome", "effective: auto send");
    const { threadId } = await sandbox.lead(
      "roomies",
      "Maria Lopez",
      "Hi! Could I come and see the room this Saturday afternoon?",
    );
    // The admin asks for the inbox to be read now instead of waiting for the next poll.
    await clickButton(admin, "Check inbox now");
    await admin.waitForFunction(
      () =>
        [...document.querySelectorAll(".outcome")].some((e) =>
          /Inbox checked: \d+ new message|A run is already going/.test(e.textContent ?? ""),
        ),
      { timeout: 150_000 },
    );
    const out = await checkUntil(
      "roomies",
      async () => {
        const o = await outbound("roomies", threadId);
        return o.length > 0 ? o : null;
      },
      "the automatic reply on roomies",
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toMatch(/^Hi Maria, thanks for asking!/);
    await checkInbox(["roomies"]);
    await checkInbox(["roomies"]);
    expect(await outbound("roomies", threadId)).toHaveLength(1);
  });

  it("push settings: a bad time zone is refused with the API's words; address, zone and push on/off persist", async () => {
    const id = accountId("furnishedfinder");
    const read = async () => (await accounts()).find((a) => a.id === id)!;
    await open(admin, stack.url, `/platforms/${id}`);
    await waitForText(admin, "#push", "Push off");
    await waitForText(admin, "#push", "local-furnishedfinder@notify.lease-bot.example");

    // Select what the field holds so that typing replaces it.
    await admin.$eval("#push input[name=timeZone]", (e) => (e as HTMLInputElement).select());
    await admin.type("#push input[name=timeZone]", "Mars/Olympus_Mons");
    await clickButton(admin, "Save");
    await waitForText(admin, "#push .outcome.error", "time zone");
    expect((await read()).timeZone).toBeNull();

    // Select what the field holds so that typing replaces it.
    await admin.$eval("#push input[name=timeZone]", (e) => (e as HTMLInputElement).select());
    await admin.type("#push input[name=timeZone]", "America/Chicago");
    await clickButton(admin, "Save");
    await waitForText(admin, "#push .outcome", "Push settings saved");
    expect((await read()).timeZone).toBe("America/Chicago");

    await admin.click("#push input[name=pushEnabled]");
    await waitForText(admin, "#push .outcome", "Push on");
    expect((await read()).pushEnabled).toBe(true);
    await admin.click("#push input[name=pushEnabled]");
    await waitForText(admin, "#push .outcome", "Push off");
    const after = await read();
    expect(after.pushEnabled).toBe(false);
    expect(after.notifyAddress).toBe("local-furnishedfinder@notify.lease-bot.example");
    // Leave the account as it was: at night in that zone its polls would slow down fourfold.
    expect((await api(stack.url, ADMIN, "PATCH", `/platforms/${id}`, { timeZone: null })).status).toBe(200);
  });

  it("draft_only: a draft appears in the inbox and nothing is stored on the site", async () => {
    await open(admin, stack.url, `/platforms/${accountId("leasebreak")}`);
    await admin.waitForSelector("select[name=sendMode]");
    await admin.select("select[name=sendMode]", "draft_only");
    await waitForText(admin, ".outcome", "effective: draft only");
    const { threadId } = await sandbox.lead(
      "leasebreak",
      "Sam Carter",
      "Hello, can I book a viewing for Sunday?",
    );
    await open(admin, stack.url, `/inbox?filter=draft_waiting&accountId=${accountId("leasebreak")}`);
    await checkUntil(
      "leasebreak",
      async () =>
        (await admin.$$eval(".rows .lead", (ls) => ls.map((l) => l.textContent))).includes("Sam Carter")
          ? true
          : null,
      "the draft in the inbox",
    );
    expect(await outbound("leasebreak", threadId)).toEqual([]);
    const href = await admin.$eval(
      ".rows a.row-main",
      (a) => (a as HTMLAnchorElement).getAttribute("href") ?? "",
    );
    draftConversation = href.split("/").pop() ?? "";
    expect(draftConversation).not.toBe("");
    // Another run changes nothing on the site.
    await checkInbox(["leasebreak"]);
    expect(await outbound("leasebreak", threadId)).toEqual([]);
  });

  it("approving a draft stores it on the site exactly once, even when the button is clicked twice", async () => {
    await open(admin, stack.url, `/inbox/${draftConversation}`);
    await admin.waitForSelector("button[data-action=approve]");
    await shot(admin, "conversation");
    expect(await unlabeled(admin)).toEqual([]);
    const draftText = await admin.$eval("[data-reply-status=draft] .text", (e) => e.textContent ?? "");
    let approveCalls = 0;
    admin.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/approve")) approveCalls++;
    });
    // Two clicks in the same task: the second lands before any re-render could disable the button.
    await admin.$eval("button[data-action=approve]", (b) => {
      (b as HTMLButtonElement).click();
      (b as HTMLButtonElement).click();
    });
    await waitForText(admin, ".outcome", "Approved");
    expect(approveCalls).toBe(1);
    const threadId = (await sandbox.truth("leasebreak")).find((t) => t.leadName === "Sam Carter")!.threadId;
    const out = await checkUntil(
      "leasebreak",
      async () => {
        const o = await outbound("leasebreak", threadId);
        return o.length > 0 ? o : null;
      },
      "the approved reply on leasebreak",
    );
    expect(out.map((m) => m.text)).toEqual([draftText]);
    await checkInbox(["leasebreak"]);
    expect(await outbound("leasebreak", threadId)).toHaveLength(1);
  });

  it("a lead whose text contains markup and script shows the text and runs nothing", async () => {
    const hostile =
      'Is it free? <script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"><b>thanks</b>';
    await sandbox.lead("furnishedfinder", "Eve <i>Hacker</i>", hostile);
    const found = await checkUntil(
      "furnishedfinder",
      async () => {
        const list = await api<{ items: { id: string; lead: { name: string } }[] }>(
          stack.url,
          ADMIN,
          "GET",
          `/conversations?accountId=${accountId("furnishedfinder")}`,
        );
        return list.body.items.find((c) => c.lead.name?.includes("Eve")) ?? null;
      },
      "the hostile lead's conversation",
    );
    let dialogs = 0;
    admin.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await open(admin, stack.url, `/inbox/${found.id}`);
    await admin.waitForSelector(".thread .msg.inbound .text");
    const shown = await admin.$eval(".thread .msg.inbound .text", (e) => e.textContent ?? "");
    expect(shown).toContain("<script>window.__pwned = 1</script>");
    expect(shown).toContain('<img src="x"');
    expect(await admin.$eval("main h1", (e) => e.textContent)).toBe("Eve <i>Hacker</i>");
    expect(await admin.$$eval("main script, main img, main b, main i", (es) => es.length)).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await admin.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    await open(admin, stack.url, `/inbox?accountId=${accountId("furnishedfinder")}`);
    await waitForText(admin, ".rows .lead", "Eve <i>Hacker</i>");
    expect(await admin.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it("redrives a dead letter from the panel, with the failure evidence in a sandboxed frame", async () => {
    // A draft first (nothing is sent), then the site's pages change under it: the approved
    // reply fails with selector drift and lands in the dead-letter queue with evidence.
    await api(stack.url, ADMIN, "PATCH", `/platforms/${accountId("renthop")}`, { sendMode: "draft_only" });
    const { threadId } = await sandbox.lead(
      "renthop",
      "Lee Park",
      "Hi, could I see the apartment on Saturday?",
    );
    const draft = await checkUntil(
      "renthop",
      async () => {
        const list = await api<{ items: { id: string }[] }>(
          stack.url,
          ADMIN,
          "GET",
          `/conversations?accountId=${accountId("renthop")}&filter=draft_waiting`,
        );
        const id = list.body.items[0]?.id;
        if (!id) return null;
        const detail = await api<{ replies: { id: string; status: string }[] }>(
          stack.url,
          ADMIN,
          "GET",
          `/conversations/${id}`,
        );
        return detail.body.replies.find((r) => r.status === "draft") ?? null;
      },
      "the renthop draft",
    );
    await sandbox.fault({ platform: "renthop", kind: "markup_drift", pages: ["thread"] });
    expect((await api(stack.url, ADMIN, "POST", `/replies/${draft.id}/approve`)).status).toBe(200);
    const dead = await checkUntil(
      "renthop",
      async () => {
        const r = await api<{ items: { dispatchKey: string }[] }>(
          stack.url,
          ADMIN,
          "GET",
          `/dead-letters?accountId=${accountId("renthop")}&status=open`,
        );
        return r.body.items[0] ?? null;
      },
      "the dead letter",
    );
    await sandbox.clearFaults();
    deadKey = dead.dispatchKey;
    expect(await outbound("renthop", threadId)).toEqual([]);

    await open(admin, stack.url, `/dead-letters?accountId=${accountId("renthop")}`);
    await admin.waitForSelector(".rows a.row-main");
    await shot(admin, "dead-letters");
    await admin.click(".rows a.row-main");
    await waitForText(admin, "main h1", "Dead letter");
    await waitForText(admin, "main", "selector drift");
    // The page's HTML is shown in a frame with every sandbox flag off: no script, no forms, no links out.
    const frame = await admin.waitForSelector("iframe.evidence");
    expect(await frame!.evaluate((f) => f.getAttribute("sandbox"))).toBe("");
    expect(await frame!.evaluate((f) => (f as HTMLIFrameElement).srcdoc.length)).toBeGreaterThan(100);
    await shot(admin, "dead-letter");
    await clickButton(admin, "Redrive…");
    await admin.type("main form input", "The site accepts messages again");
    await clickButton(admin, "Confirm redrive");
    await waitForText(admin, ".outcome", "Redriven");
    const out = await checkUntil(
      "renthop",
      async () => {
        const o = await outbound("renthop", threadId);
        return o.length > 0 ? o : null;
      },
      "the redriven reply on renthop",
    );
    expect(out).toHaveLength(1);
    const after = await api<{ status: string }>(stack.url, ADMIN, "GET", `/dead-letters/${deadKey}`);
    expect(["redriven", "delivered"]).toContain(after.body.status);
    const audit = await api<{ items: { after: { reason?: string } }[] }>(
      stack.url,
      ADMIN,
      "GET",
      "/audit?action=dead_letter_redriven",
    );
    expect(audit.body.items[0]?.after.reason).toBe("The site accepts messages again");
  });
});

describe("agents", () => {
  it("see no policy controls, and the API refuses the request when forced", async () => {
    const ctx = await browser.createBrowserContext();
    const page = watchCsp(await ctx.newPage());
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${stack.url}/platforms`);
    await clickButton(page, `Sign in as ${AGENT}`);
    await waitForText(page, "main h2", "Roomies");
    expect(
      await page.$$("main input[type=checkbox], main select[name=sendMode], main textarea"),
    ).toHaveLength(0);
    const buttons = await buttonTexts(page);
    for (const b of [
      "Reset circuit",
      "Check inbox now",
      "Retry login now",
      "Import session",
      "Save default",
      "Edit references",
    ])
      expect(buttons).not.toContain(b);
    await open(page, stack.url, "/settings");
    await waitForText(page, "main", "Default send mode");
    expect(await page.$$("main select")).toHaveLength(0);
    if (deadKey) {
      await open(page, stack.url, `/dead-letters/${deadKey}`);
      await waitForText(page, "main", "Attempts");
      expect(await buttonTexts(page)).not.toContain("Redrive…");
    }
    // Agents do work the inbox: the conversation screen offers them the reply composer.
    await open(page, stack.url, `/inbox/${draftConversation || "x"}`);
    // Forced: the same requests the admin's controls make, sent as the agent.
    const forced = await page.evaluate(async (who) => {
      const h = { "X-Dev-Identity": who, "content-type": "application/json" };
      const patch = await fetch("/api/platforms/local-roomies", {
        method: "PATCH",
        headers: h,
        body: JSON.stringify({ isActive: false, disableReason: "agent" }),
      });
      const put = await fetch("/api/settings", {
        method: "PUT",
        headers: h,
        body: JSON.stringify({ defaultSendMode: "auto_send" }),
      });
      return {
        patch: patch.status,
        put: put.status,
        message: ((await patch.json()) as { error: { message: string } }).error.message,
      };
    }, AGENT);
    expect(forced).toEqual({ patch: 403, put: 403, message: "Only admins may change this" });
    const roomies = (await accounts()).find((a) => a.id === accountId("roomies"));
    expect(roomies?.isActive).toBe(true);
    await ctx.close();
  });
});

describe("every screen", () => {
  it("renders each screen by URL, fits a 360 px phone, and breaks no CSP rule", async () => {
    // [file, path, heading, what shows the screen's data has arrived]
    const screens: [string, string, string, string][] = [
      ["overview", "/", "Overview", ".card .sparks"],
      ["platforms", "/platforms", "Platforms", ".card #credentials"],
      ["inbox", "/inbox", "Inbox", ".rows .row"],
      ["templates", "/templates", "Templates & listings", ".rows .row"],
      ["audit", "/audit", "Audit log", "tbody tr"],
      ["settings", "/settings", "Settings", ".card select"],
    ];
    const settled = (page: Page, ready: string) =>
      page.waitForFunction(
        (sel) => document.querySelector(sel) && !document.querySelector("main")?.textContent?.includes("…"),
        { timeout: 15_000 },
        ready,
      );
    for (const [name, path, title, ready] of screens) {
      await open(admin, stack.url, path);
      await waitForText(admin, "main h1", title);
      await settled(admin, ready);
      expect(await unlabeled(admin), `${name} has unlabelled controls`).toEqual([]);
      await shot(admin, name);
    }
    // A change made elsewhere shows without a reload (the poll's conditional GET sees it).
    await open(admin, stack.url, `/platforms/${accountId("furnishedfinder")}`);
    await waitForText(admin, ".badges", "effective: draft only");
    let navigations = 0;
    admin.on("framenavigated", () => navigations++);
    await api(stack.url, ADMIN, "PATCH", `/platforms/${accountId("furnishedfinder")}`, {
      sendMode: "auto_send",
    });
    await waitForText(admin, ".badges", "effective: auto send", 15_000);
    await api(stack.url, ADMIN, "PATCH", `/platforms/${accountId("furnishedfinder")}`, { sendMode: null });
    await waitForText(admin, ".badges", "effective: draft only (inherited)", 15_000);
    expect(navigations).toBe(0);
    // In-app navigation (no reload): screens come back with their data from the poll cache.
    await open(admin, stack.url, "/");
    await admin.waitForSelector(".card .facts");
    const hops: [string, string, string][] = [
      ["Inbox", "Inbox", ".rows .row"],
      ["Overview", "Overview", ".card .facts"],
      ["Platforms", "Platforms", ".card #credentials"],
      ["Overview", "Overview", ".card .facts"],
    ];
    for (const [label, heading, ready] of hops) {
      await admin.$$eval(
        "nav a",
        (as, l) => (as.find((a) => a.textContent === l) as HTMLAnchorElement | undefined)?.click(),
        label,
      );
      await waitForText(admin, "main h1", heading);
      await admin.waitForSelector(ready, { timeout: 10_000 });
    }
    const phone = watchCsp(await pageAs(browser, stack.url, ADMIN, 360));
    for (const [name, path, title, ready] of screens) {
      await open(phone, stack.url, path);
      await waitForText(phone, "main h1", title);
      await settled(phone, ready);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} is wider than the phone`).toBeLessThanOrEqual(0);
      if (name === "overview") await shot(phone, "overview-phone");
    }
    // Keyboard: the first Tab lands on the skip link and focus is visible.
    await open(phone, stack.url, "/");
    await phone.keyboard.press("Tab");
    const focused = await phone.evaluate(() => ({
      text: document.activeElement?.textContent,
      outline: getComputedStyle(document.activeElement as Element).outlineStyle,
    }));
    expect(focused.text).toBe("Skip to content");
    expect(focused.outline).not.toBe("none");
    expect(cspViolations).toEqual([]);
  });
});

describe("the in-browser path's one duplicate, on the conversation", () => {
  it("a reply the browser sent twice shows 'sent 2×' on its card, with the page as evidence", async () => {
    const id = accountId("furnishedfinder");
    // In-browser and automatic; the site drops the first submit's connection after storing it,
    // so Chromium sends it again by itself and the confirm counts both copies.
    expect(
      (
        await api(stack.url, ADMIN, "PATCH", `/platforms/${id}`, {
          sendMode: "auto_send",
          sendPath: "browser",
        })
      ).status,
    ).toBe(200);
    await sandbox.fault({
      platform: "furnishedfinder",
      kind: "submit_dropped",
      mode: "reset",
      pages: ["submit"],
      times: 1,
    });
    const { threadId } = await sandbox.lead(
      "furnishedfinder",
      "Dana Re-send",
      "Hi! Could I come and see the room this Saturday afternoon?",
    );
    const out = await checkUntil(
      "furnishedfinder",
      async () => {
        const o = await outbound("furnishedfinder", threadId);
        return o.length > 1 ? o : null;
      },
      "the re-sent reply on furnishedfinder",
    );
    expect(out).toHaveLength(2);
    const list = await api<{ items: { id: string; threadId: string }[] }>(
      stack.url,
      ADMIN,
      "GET",
      `/conversations?accountId=${id}`,
    );
    const conv = list.body.items.find((c) => c.threadId === threadId)!;
    await open(admin, stack.url, `/inbox/${conv.id}`);
    await waitForText(admin, "[data-copy-check=duplicate]", "sent 2×", 30_000);
    await admin.$eval("[data-copy-check=duplicate] summary", (s) => (s as HTMLElement).click());
    await admin.waitForSelector("[data-copy-check=duplicate] iframe.evidence", { timeout: 15_000 });
    await api(stack.url, ADMIN, "PATCH", `/platforms/${id}`, { sendMode: null, sendPath: "relay" });
  });
});
