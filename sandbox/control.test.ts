// Control API: reset, accounts, listings, leads, truth, counters, traffic, faults listing, health.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "./server.ts";
import { api, CONTROL, httpGet, httpLogin, reset, SITE, TEST_BASE_PORT, truth } from "./test-helpers.ts";
import { PLATFORMS } from "./types.ts";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, basePort: TEST_BASE_PORT });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  await reset();
});

type Counters = {
  pageLoads: Record<string, number>;
  logins: number;
  submits: number;
  resends: number;
  requests: { at: number; method: string; path: string; platform: string; account: string | null }[];
};

describe("control API", () => {
  it("startSandbox reports the documented URLs; health is ok", async () => {
    expect(sandbox.controlUrl).toBe(CONTROL);
    expect(sandbox.siteUrls).toEqual(SITE);
    expect(await api("GET", "/__sandbox/health")).toEqual({ ok: true });
  });

  it("seeded state: demo account on every site, 3 waiting leads with tour/price/availability texts", async () => {
    for (const p of PLATFORMS) {
      const threads = await truth(p);
      expect(threads.length).toBe(3);
      for (const t of threads) {
        expect(t.messages.at(-1)?.direction).toBe("inbound");
        for (const m of t.messages) expect(m.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      const texts = threads.flatMap((t) => t.messages.map((m) => m.text)).join("\n");
      expect(texts).toMatch(/tour/i);
      expect(texts).toMatch(/negotiable|utilities/i);
      expect(texts).toMatch(/available/i);
      await httpLogin(p, "demo", "demo-password");
    }
    // Same seed -> same ids and names.
    const a = await truth("roomies");
    await reset(1);
    const b = await truth("roomies");
    expect(b.map((t) => [t.threadId, t.leadName])).toEqual(a.map((t) => [t.threadId, t.leadName]));
    await reset(99);
    expect((await truth("roomies")).map((t) => t.threadId)).not.toEqual(a.map((t) => t.threadId));
  });

  it("reset empty keeps accounts only; accounts, listings and leads can be created", async () => {
    await api("POST", "/__sandbox/reset", { empty: true });
    expect(await truth("leasebreak")).toEqual([]);
    await api("POST", "/__sandbox/accounts", {
      platform: "leasebreak",
      account: "acme",
      username: "acme@example.com",
      password: "s3cret",
    });
    const { listingId } = await api<{ listingId: string }>("POST", "/__sandbox/listings", {
      platform: "leasebreak",
      account: "acme",
      title: "Loft in SoHo",
      price: 4200,
      location: "SoHo, Manhattan",
      availableFrom: "2026-12-01",
    });
    const first = await api<{ threadId: string; messageId: string }>("POST", "/__sandbox/leads", {
      platform: "leasebreak",
      account: "acme",
      leadName: "Ana",
      text: "Is it available?",
      listingId,
    });
    const second = await api<{ threadId: string; messageId: string }>("POST", "/__sandbox/leads", {
      platform: "leasebreak",
      account: "acme",
      leadName: "Ana",
      text: "Also, pets?",
    });
    expect(second.threadId).toBe(first.threadId);
    expect(second.messageId).not.toBe(first.messageId);
    const t = await truth("leasebreak", "acme");
    expect(t).toEqual([
      {
        threadId: first.threadId,
        leadName: "Ana",
        listingId,
        messages: [
          expect.objectContaining({
            id: first.messageId,
            direction: "inbound",
            text: "Is it available?",
            visibleFrom: null,
          }),
          expect.objectContaining({
            id: second.messageId,
            direction: "inbound",
            text: "Also, pets?",
            visibleFrom: null,
          }),
        ],
        deliveries: {},
      },
    ]);
    const cookie = await httpLogin("leasebreak", "acme@example.com", "s3cret");
    const listings = await httpGet("leasebreak", "/my/listings", cookie);
    expect(listings.text).toContain("Loft in SoHo");
    expect(listings.text).toContain("$4,200");
    const res = await fetch(`${CONTROL}/__sandbox/leads`, {
      method: "POST",
      body: JSON.stringify({ platform: "nope" }),
    });
    expect(res.status).toBe(400);
  });

  it("counters: page loads by path, logins, submits, request log; DELETE resets", async () => {
    await api("DELETE", "/__sandbox/counters");
    const cookie = await httpLogin("renthop");
    await httpGet("renthop", "/account/messages", cookie);
    await httpGet("renthop", "/account/messages?page=1", cookie);
    const [t] = await truth("renthop");
    await httpGet("renthop", `/account/messages/${t?.threadId}`, cookie);
    await fetch(`${SITE.renthop}/account/messages/${t?.threadId}`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ message: "hello from counters" }),
      redirect: "manual",
    });
    const c = await api<Counters>("GET", "/__sandbox/counters?platform=renthop&account=demo");
    expect(c.logins).toBe(1);
    expect(c.submits).toBe(1);
    expect(c.pageLoads["/account/messages"]).toBe(2);
    expect(c.pageLoads[`/account/messages/${t?.threadId}`]).toBe(1);
    expect(c.requests.length).toBeGreaterThanOrEqual(4);
    for (const r of c.requests) expect(r).toMatchObject({ platform: "renthop", account: "demo" });
    const times = c.requests.map((r) => r.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((await api<Counters>("GET", "/__sandbox/counters?platform=spareroom")).logins).toBe(0);
    await api("DELETE", "/__sandbox/counters");
    const z = await api<Counters>("GET", "/__sandbox/counters");
    expect(z).toEqual({
      pageLoads: {},
      logins: 0,
      submits: 0,
      resends: 0,
      resendsBy: { browser: 0, other: 0 },
      defenceRefusals: { automation: 0, client: 0 },
      requests: [],
    });
  });

  it("faults can be listed and cleared one by one", async () => {
    const a = await api<{ id: string }>("POST", "/__sandbox/faults", {
      platform: "roomies",
      kind: "slow",
      delayMs: 10,
    });
    const b = await api<{ id: string }>("POST", "/__sandbox/faults", {
      platform: "roomies",
      kind: "captcha",
      times: 3,
      pages: ["inbox"],
    });
    const list = await api<{ faults: { id: string; kind: string; remaining: number | null }[] }>(
      "GET",
      "/__sandbox/faults",
    );
    expect(list.faults.map((f) => [f.id, f.kind, f.remaining])).toEqual([
      [a.id, "slow", null],
      [b.id, "captcha", 3],
    ]);
    await api("DELETE", `/__sandbox/faults?id=${a.id}`);
    expect((await api<{ faults: unknown[] }>("GET", "/__sandbox/faults")).faults.length).toBe(1);
    const bad = await fetch(`${CONTROL}/__sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({ platform: "roomies", kind: "meteor" }),
    });
    expect(bad.status).toBe(400);
    await api("POST", "/__sandbox/reset", {});
    expect((await api<{ faults: unknown[] }>("GET", "/__sandbox/faults")).faults.length).toBe(0);
  });

  it("traffic generator: immediate and rate-spread leads with an intent mix", async () => {
    const now = await api<{ threadIds: string[] }>("POST", "/__sandbox/traffic", {
      platform: "furnishedfinder",
      count: 6,
      mix: { pets: 1, optout: 1, risky: 1 },
    });
    expect(now.threadIds.length).toBe(6);
    const ts = await truth("furnishedfinder");
    for (const id of now.threadIds) expect(ts.find((t) => t.threadId === id)).toBeDefined();
    const all = ts.filter((t) => now.threadIds.includes(t.threadId)).map((t) => t.messages[0]?.text ?? "");
    for (const text of all) expect(text).toMatch(/cat|dog|stop|interested|wire|instructions/i);
    const spread = await api<{ threadIds: string[] }>("POST", "/__sandbox/traffic", {
      platform: "spareroom",
      count: 3,
      ratePerMinute: 300,
    });
    expect(spread.threadIds.every((id) => /^\d+_\d+$/.test(id))).toBe(true);
    const early = (await truth("spareroom")).filter((t) => spread.threadIds.includes(t.threadId)).length;
    expect(early).toBeLessThan(3);
    await new Promise((r) => setTimeout(r, 500));
    expect((await truth("spareroom")).filter((t) => spread.threadIds.includes(t.threadId)).length).toBe(3);
    // Without a platform: spread over all five sites.
    const every = await api<{ threadIds: string[] }>("POST", "/__sandbox/traffic", { count: 5 });
    expect(every.threadIds.length).toBe(5);
  });
});
