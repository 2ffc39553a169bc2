// The sandbox's notification e-mails: posted to the Worker's local e-mail endpoint with a delay,
// sometimes lost or late, and only for accounts that were given an address. A local HTTP server on
// an ephemeral port stands in for wrangler dev's endpoint.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOTIFIER_DEFAULTS, Notifier } from "./notifier.ts";
import type { Message, Thread } from "./types.ts";

const received: { url: string; body: string }[] = [];
let server: Server;
let workerUrl = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ url: req.url ?? "", body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  workerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const thread = (account: string): Thread => ({
  id: "777_1",
  platform: "spareroom",
  account,
  leadName: "Maria Lopez",
  leadId: "777",
  listingId: "1",
  messages: [],
  deliveries: {},
  readAt: 0,
});
const message: Message = { id: "m1", direction: "inbound", text: "Hi", at: Date.now(), visibleFrom: null };

/** A notifier whose timers run at once, remembering the delays asked for. */
function notifier() {
  const delays: number[] = [];
  const n = new Notifier((fn, ms) => {
    delays.push(ms);
    fn();
  });
  return { n, delays };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe("sandbox notification e-mails", () => {
  it("are off until configured, and only go to accounts with an address", async () => {
    const { n } = notifier();
    n.leadWrote(thread("demo"), message);
    n.configure({
      ...NOTIFIER_DEFAULTS,
      workerUrl,
      addresses: { "spareroom/other": "o@x.test" },
      lossRate: 0,
      lateRate: 0,
    });
    n.leadWrote(thread("demo"), message);
    await settle();
    expect(received).toHaveLength(0);
    expect(n.log).toHaveLength(0);
  });

  it("post the site's e-mail to the Worker's e-mail endpoint after a delay in the configured range", async () => {
    received.length = 0;
    const { n, delays } = notifier();
    n.configure({
      ...NOTIFIER_DEFAULTS,
      workerUrl,
      addresses: { "spareroom/demo": "demo@notify.test" },
      delayMs: [2000, 3000],
      lossRate: 0,
      lateRate: 0,
    });
    n.leadWrote(thread("demo"), message);
    await settle();
    expect(delays[0]).toBeGreaterThanOrEqual(2000);
    expect(delays[0]).toBeLessThanOrEqual(3000);
    expect(received).toHaveLength(1);
    const url = new URL(received[0]!.url, workerUrl);
    expect(url.pathname).toBe("/cdn-cgi/handler/email");
    expect(url.searchParams.get("to")).toBe("demo@notify.test");
    expect(url.searchParams.get("from")).toBe("messages@spareroom.com");
    expect(received[0]!.body).toMatch(/^ARC-Authentication-Results: i=1; mx\.cloudflare\.net; dkim=pass/);
    expect(received[0]!.body).toContain('From: "SpareRoom" <messages@spareroom.com>');
    expect(n.log[0]).toMatchObject({ fate: "sent", threadId: "777_1", result: "200" });
  });

  it("lose some and hold some back, as configured", async () => {
    received.length = 0;
    const lost = notifier();
    lost.n.configure({
      ...NOTIFIER_DEFAULTS,
      workerUrl,
      addresses: { "spareroom/demo": "d@n.test" },
      lossRate: 1,
      lateRate: 0,
    });
    lost.n.leadWrote(thread("demo"), message);
    const late = notifier();
    late.n.configure({
      ...NOTIFIER_DEFAULTS,
      workerUrl,
      addresses: { "spareroom/demo": "d@n.test" },
      lossRate: 0,
      lateRate: 1,
      delayMs: [1000, 1000],
      lateDelayMs: [60_000, 60_000],
    });
    late.n.leadWrote(thread("demo"), message);
    await settle();
    expect(lost.n.log[0]).toMatchObject({ fate: "lost", postedAt: null });
    expect(lost.delays).toHaveLength(0);
    expect(late.n.log[0]).toMatchObject({ fate: "late" });
    expect(late.delays).toEqual([61_000]);
    expect(received).toHaveLength(1); // only the late one, sent (at once here)
  });
});
