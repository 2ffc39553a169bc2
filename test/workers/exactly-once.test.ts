/**
 * Exactly once on sites that look like the real ones: the holes a friendlier sandbox hid.
 * Every test drives the account object (or the connector) against the sandbox sites and judges
 * by the sandbox's ground truth — how many copies of a body the site stored in the thread.
 * The "Exactly once" section of docs/architecture.md gives the argument these tests hold up.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import puppeteer, { type Browser, type Page } from "@cloudflare/puppeteer";
import { beforeEach, describe, expect, it } from "vitest";
import { armSubmitRelay } from "../../connectors/browser/submit-relay.ts";
import type { ThreadBaseline } from "../../connectors/core/contract.ts";
import { createSiteConnector } from "../../connectors/core/site-connector.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { storedKey } from "../../durable-objects/account/meta-store.ts";
import type { PlatformAccount } from "../../durable-objects/platform-account.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { withSite } from "./connector-harness.ts";
import { deliveriesOf, firstThread, queuedReply, settle, setupAccount } from "./dispatch-harness.ts";
import { seedUsers } from "./helpers.ts";

const P = "spareroom" as const;
const body = (tag: string) =>
  `Hi! The room is available from December 1st; viewings Saturday 10-12. (${tag})`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the outbox (without running the object) until the predicate holds. */
async function waitFor(
  stub: { outbox(): Promise<{ state: string }[]> },
  done: (items: { state: string }[]) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done(await stub.outbox())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the outbox");
    await sleep(100);
  }
}

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 13 });
  await seedUsers();
});

describe("read-back confirms only a message that is new since the first submit", () => {
  it.each(["spareroom", "roomies"] as const)(
    "%s: the same template sent earlier to the same lead never confirms a later copy the site refused",
    async (platform) => {
      const { ref, stub } = await setupAccount(platform);
      const t = await firstThread(platform);
      // Templates render the same text for different questions: no tag tells the copies apart.
      const text = "Yes, pets are welcome with a small deposit. Viewings are on Saturday mornings.";
      const first = await queuedReply(ref, t.threadId, text);
      await stub.enqueue(first);
      expect((await settle(stub))[0]).toMatchObject({ state: "delivered" });
      expect(await deliveriesOf(platform, t.threadId, text)).toBe(1);

      // A second reply with the same words; the site answers its submit with a 503 and stores nothing.
      const second = await queuedReply(ref, t.threadId, text);
      await sandbox.fault({ platform, kind: "unavailable", pages: ["submit"], times: 1 });
      await stub.enqueue(second);
      const items = await settle(stub);
      const [a, b] = [first, second].map((r) => items.find((i) => i.dispatchKey === r.dispatchKey)!);
      expect(b!.state).toBe("delivered");
      // Delivered means on the site: the lead now has both copies…
      expect(await deliveriesOf(platform, t.threadId, text)).toBe(2);
      // …and one message on the site confirms one reply, never two.
      expect(b!.platformMessageId).not.toBeNull();
      expect(b!.platformMessageId).not.toBe(a!.platformMessageId);
    },
  );
});

describe("read-back does not lean on the site's clock", () => {
  it("a reply that appears late is found even when the site's times are read in the wrong zone", async () => {
    const t = await firstThread(P);
    const text = body("wrong-zone");
    // The site's local times misread (a wrong guess of its time zone): every message looks 19
    // hours older than it is.
    const spec = connectorFor(P).spec;
    const connector = createSiteConnector({
      ...spec,
      parseThread: (doc, id, ctx) => {
        const d = spec.parseThread(doc, id, ctx);
        const shift = (at: string | null) =>
          at ? new Date(Date.parse(at) - 19 * 3_600_000).toISOString() : at;
        return { ...d, messages: d.messages.map((m) => ({ ...m, sentAt: shift(m.sentAt) })) };
      },
    });
    await withSite(P, async ({ session }) => {
      await sandbox.fault({
        platform: P,
        kind: "delayed_appearance",
        seconds: 3,
        pages: ["submit"],
        times: 1,
      });
      let baseline: ThreadBaseline | null = null;
      const reply = { threadId: t.threadId, body: text, baseline, claimed: [], deliveredSameWords: 0 };
      const sent = await connector.sendReply(session, reply, {
        beforeSubmit: (b) => {
          baseline = b;
        },
      });
      expect(sent).toMatchObject({ ok: true, value: { status: "unknown" } });
      await sleep(3500);
      const back = await connector.findReply(session, { ...reply, baseline });
      expect(back).toMatchObject({ ok: true, value: { found: true } });
    });
    expect(await deliveriesOf(P, t.threadId, text)).toBe(1);
  });
});

describe("a send the site may have taken is never sent again on its own", () => {
  it("a reply the site shows only after 2.5 times its appearance window is found, not resent", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = await firstThread(P);
    const req = await queuedReply(ref, t.threadId, body("late"));
    // The test sites' appearance window is 6 s; this one shows after 15 s.
    await sandbox.fault({
      platform: P,
      kind: "delayed_appearance",
      seconds: 15,
      pages: ["submit"],
      times: 1,
    });
    await stub.enqueue(req);
    expect((await settle(stub, { timeoutMs: 45_000 }))[0]).toMatchObject({ state: "delivered", attempts: 1 });
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
  });

  it("one that never shows within the settle window goes to a person as unconfirmed, still sent once", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = await firstThread(P);
    const req = await queuedReply(ref, t.threadId, body("never-shows"));
    await sandbox.fault({
      platform: P,
      kind: "delayed_appearance",
      seconds: 600,
      pages: ["submit"],
      times: 1,
    });
    await stub.enqueue(req);
    const [item] = await settle(stub, { timeoutMs: 60_000 });
    expect(item).toMatchObject({ state: "dead", lastClass: "unconfirmed", attempts: 1 });
    const dl = await env.DB.prepare("SELECT failure_class FROM dead_letters WHERE dispatch_key = ?")
      .bind(req.dispatchKey)
      .first();
    expect(dl).toEqual({ failure_class: "unconfirmed" });
    // On the site exactly once (hidden): the dead letter says "may have been sent", and it was.
    const stored = (await sandbox.truth(P)).find((x) => x.threadId === t.threadId)!;
    expect(stored.deliveries[req.body]).toBe(1);
  });
});

describe("an inactive account sends nothing, and still settles what may have gone out", () => {
  it("every pending reply goes back to a draft; the one that may have been submitted is read back", async () => {
    const { ref, stub } = await setupAccount(P);
    const [t1, t2] = await sandbox.truth(P);
    const maybe = await queuedReply(ref, t1!.threadId, body("maybe-sent"));
    // Stored, but the site shows it only after 5 s: the send ends unknown.
    await sandbox.fault({ platform: P, kind: "delayed_appearance", seconds: 5, pages: ["submit"], times: 1 });
    await stub.enqueue(maybe);
    await settle(stub, { until: (items) => items[0]?.state === "unknown" });

    await env.DB.prepare("UPDATE platform_accounts SET is_active = 0 WHERE id = ?").bind(ref.accountId).run();
    const later = [
      await queuedReply(ref, t1!.threadId, body("later-1")),
      await queuedReply(ref, t2!.threadId, body("later-2")),
    ];
    for (const r of later) await stub.enqueue(r);
    const items = await settle(stub, { timeoutMs: 45_000 });
    const state = (key: string) => items.find((i) => i.dispatchKey === key)?.state;
    expect(state(maybe.dispatchKey)).toBe("delivered");
    expect(await deliveriesOf(P, t1!.threadId, maybe.body)).toBe(1);
    for (const r of later) {
      expect(state(r.dispatchKey)).toBe("cancelled");
      const row = await env.DB.prepare("SELECT status, reason FROM replies WHERE id = ?")
        .bind(r.replyId)
        .first();
      expect(row).toEqual({ status: "draft", reason: "account_inactive" });
      expect(await deliveriesOf(P, r.threadId, r.body)).toBe(0);
    }
  });

  it("an automatic reply queued longer than AUTO_REPLY_MAX_AGE_HOURS waits for a person; an approved one goes", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = await firstThread(P);
    const auto = await queuedReply(ref, t.threadId, body("stale-auto"));
    const approved = await queuedReply(ref, t.threadId, body("stale-approved"), "approved");
    const hours = Number(env.AUTO_REPLY_MAX_AGE_HOURS);
    // Both were queued days ago (an account off, a circuit open, a login lost since then). The
    // enqueue and the back-dating happen in one turn of the object, before any run can start.
    await runInDurableObject(stub, async (instance: PlatformAccount, state) => {
      await instance.enqueue(auto);
      await instance.enqueue(approved);
      state.storage.sql.exec("UPDATE outbox SET created_at = ?", Date.now() - (hours + 1) * 3_600_000);
    });
    const items = await settle(stub);
    const byKey = (key: string) => items.find((i) => i.dispatchKey === key)!;
    expect(byKey(auto.dispatchKey)).toMatchObject({ state: "cancelled", lastError: "stale_queued" });
    expect(byKey(approved.dispatchKey).state).toBe("delivered");
    const row = await env.DB.prepare("SELECT status, reason FROM replies WHERE id = ?")
      .bind(auto.replyId)
      .first();
    expect(row).toEqual({ status: "draft", reason: "stale_queued" });
    expect(await deliveriesOf(P, t.threadId, auto.body)).toBe(0);
    expect(await deliveriesOf(P, t.threadId, approved.body)).toBe(1);
  });
});

/** A browser of our own, logged in to SpareRoom by hand, with `text` typed into a thread's reply box. */
async function composeByHand(browser: Browser, threadId: string, text: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setUserAgent(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36",
  );
  const origin = siteOrigin(P);
  await page.goto(`${origin}/roommate/logon.pl`);
  await page.type("input[name='loginemail']", env.LEASEBOT_ACCOUNT_SANDBOX_USERNAME);
  await page.type("input[name='loginpass']", env.LEASEBOT_ACCOUNT_SANDBOX_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("button[type='submit']")]);
  await page.goto(`${origin}/roommate/mythreads_beta.pl?thread_id=${threadId}`);
  await page.type("textarea[name='message']", text);
  return page;
}

describe("the browser never re-sends a submit behind the connector's back", () => {
  it("the sandbox stores Chromium's automatic re-send after a dropped connection, as a real site would", async () => {
    const t = await firstThread(P);
    const text = body("plain-click");
    await sandbox.fault({ platform: P, kind: "submit_dropped", mode: "reset", pages: ["submit"], times: 1 });
    const browser = await puppeteer.launch(env.BROWSER);
    try {
      const page = await composeByHand(browser, t.threadId, text);
      // A plain click: the form posts on the browser's own (preconnected) connection.
      await Promise.all([page.waitForNavigation().catch(() => null), page.click("button[name='btnSubmit']")]);
    } finally {
      await browser.close().catch(() => undefined);
    }
    expect(await deliveriesOf(P, t.threadId, text)).toBe(2);
    expect((await sandbox.counters(P)).resends).toBe(1);
  });

  it("a paused submit that outlives the object's end of the browser connection stores nothing", async () => {
    const t = await firstThread(P);
    const text = body("released");
    const browser = await puppeteer.launch(env.BROWSER);
    const sessionId = browser.sessionId();
    try {
      const page = await composeByHand(browser, t.threadId, text);
      const origin = siteOrigin(P);
      await sandbox.clearCounters();
      // The object dies while its own copy is on the way: its end of the browser connection
      // goes, and its copy never reaches the site. Chromium lets the paused request go itself.
      await armSubmitRelay(page, {
        origin,
        timeoutMs: 10_000,
        transport: async () => {
          await browser.disconnect();
          await sleep(3000);
          throw new Error("the object is gone");
        },
      });
      await page.click("button[name='btnSubmit']").catch(() => undefined);
      await sleep(4000);
    } finally {
      const again = await puppeteer.connect(env.BROWSER, sessionId).catch(() => null);
      await again?.close().catch(() => undefined);
    }
    // The browser did send its copy (one submit reached the site), without the login session.
    expect((await sandbox.counters(P, "")).submits).toBe(1);
    expect(await deliveriesOf(P, t.threadId, text)).toBe(0);
  });

  it("a submit whose connection the site drops after storing it is stored once and reconciled", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = await firstThread(P);
    const req = await queuedReply(ref, t.threadId, body("dropped"));
    await sandbox.fault({ platform: P, kind: "submit_dropped", mode: "reset", pages: ["submit"], times: 1 });
    await stub.enqueue(req);
    expect((await settle(stub))[0]).toMatchObject({ state: "delivered", attempts: 1 });
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
    expect((await sandbox.counters(P)).resends).toBe(0);
  });
});

describe("a run that lost its lease cannot act", () => {
  it("a run hung in the browser past its lease never clicks once another run took over", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = await firstThread(P);
    const req = await queuedReply(ref, t.threadId, body("hung"));
    // The first run's read of the thread before its submit hangs for 6 s.
    await sandbox.fault({ platform: P, kind: "slow", delayMs: 6000, pages: ["thread"], times: 1 });
    await stub.enqueue(req);
    await waitFor(stub, (items) => items[0]?.state === "sending");
    // Its lease runs out while it waits (as a 14-minute hang would), and a new run takes over.
    await runInDurableObject(stub, (_: PlatformAccount, state) => {
      const key = storedKey("runLease");
      const row = state.storage.sql
        .exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key)
        .one();
      const lease = JSON.parse(row.value) as { started: number; heartbeat?: number };
      const old = Date.now() - 60 * 60_000;
      state.storage.sql.exec(
        "UPDATE meta SET value = ? WHERE key = ?",
        JSON.stringify({ ...lease, started: old, heartbeat: old }),
        key,
      );
    });
    await stub.runNow();
    expect((await stub.outbox())[0]).toMatchObject({ state: "delivered" });
    // The hung run wakes up with its page ready and the text typed: it must not submit.
    await sleep(8000);
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
    expect((await stub.outbox())[0]).toMatchObject({ state: "delivered" });
  });
});
