/**
 * The recount after an in-browser send (durable-objects/account/recount.ts): Chromium's own
 * re-send stores a second copy, but the first copy shows late, so the send's confirm sees one.
 * The account reads the thread again after delivery — on its alarm, under its run lease — and
 * the recount sees two: one `duplicate_seen` alert and one record with the page as evidence,
 * and nothing sent again. Without a duplicate the recounts see one copy and stay quiet; a thread
 * that cannot be read is recorded as not recounted. Judged by the sandbox's own store.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { AccountRef } from "../../domain/account/address.ts";
import { accountStub } from "../../domain/account/address.ts";
import { sandbox } from "../support/sandbox-client.ts";
import { deliveriesOf, firstThread, queuedReply, settle, setupAccount } from "./dispatch-harness.ts";
import { ADMIN, call, json, seedUsers } from "./helpers.ts";

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 24 });
  await seedUsers();
  await fetch(env.ALERT_WEBHOOK_URL!, { method: "DELETE" });
});

interface CheckRow {
  outcome: string;
  copies: number | null;
  seen_by: string;
  path: string;
  provider: string;
  recounts: number;
  evidence_id: string | null;
  reason: string | null;
}

async function checksOf(accountId: string): Promise<CheckRow[]> {
  const r = await env.DB.prepare("SELECT * FROM send_copy_checks WHERE account_id = ?")
    .bind(accountId)
    .all<CheckRow>();
  return r.results;
}

async function duplicateAlerts(accountId: string) {
  const all = (await (await fetch(env.ALERT_WEBHOOK_URL!)).json()) as {
    event: string;
    accountId: string;
    reason: string;
    evidenceId?: string;
  }[];
  return all.filter((a) => a.event === "duplicate_seen" && a.accountId === accountId);
}

/** Lets the object's alarm and runs do the recounts; waits until none is left (or times out). */
async function recounted(ref: AccountRef, timeoutMs = 60_000) {
  const stub = accountStub(env, ref);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await stub.status();
    if (status.recountsPending === 0) return status;
    if (Date.now() > deadline) throw new Error(`recounts still pending: ${status.recountsPending}`);
    await stub.runNow();
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function inBrowserAccount(platform: "spareroom" | "furnishedfinder") {
  const { ref, stub } = await setupAccount(platform);
  await env.DB.prepare("UPDATE platform_accounts SET send_path = 'browser' WHERE id = ?")
    .bind(ref.accountId)
    .run();
  return { ref, stub };
}

describe("the recount after an in-browser send", () => {
  it.each(["furnishedfinder", "spareroom"] as const)(
    "%s: a re-sent copy the confirm could not see (the first copy showed late) is seen by the recount: one alert, one record",
    async (platform) => {
      const { ref, stub } = await inBrowserAccount(platform);
      const t = await firstThread(platform);
      const text = `Viewings are on Saturday mornings; bring a photo ID. (${platform} late copy)`;
      // The first submit is stored, shown only 4 s later, and its connection dropped before any
      // answer: Chromium sends the POST again by itself, and that copy shows at once.
      await sandbox.fault({ platform, kind: "submit_dropped", mode: "reset", pages: ["submit"], times: 1 });
      await sandbox.fault({ platform, kind: "delayed_appearance", seconds: 4, pages: ["submit"], times: 1 });
      const req = await queuedReply(ref, t.threadId, text);
      await stub.enqueue(req);
      const [item] = await settle(stub);
      expect(item).toMatchObject({ state: "delivered", attempts: 1 });
      // The site stored two copies, one of them the browser's re-send …
      expect(await deliveriesOf(platform, t.threadId, text)).toBe(2);
      expect((await sandbox.counters(platform)).resendsBy).toEqual({ browser: 1, other: 0 });
      // … and the confirm saw one: nothing recorded or alerted yet, a recount planned.
      const after = await stub.status();
      expect(after.counters.resend_seen_browser ?? 0).toBe(0);
      expect(after.recountsPending).toBe(1);
      expect(await checksOf(ref.accountId)).toEqual([]);
      expect(await duplicateAlerts(ref.accountId)).toEqual([]);
      const submitsBefore = (await sandbox.counters(platform)).submits;

      const status = await recounted(ref);
      const [check, ...more] = await checksOf(ref.accountId);
      expect(more).toEqual([]);
      expect(check).toMatchObject({
        outcome: "duplicate",
        copies: 2,
        seen_by: "recount",
        path: "browser",
        provider: "browser_run",
      });
      expect(check?.evidence_id).toBeTruthy();
      const alerts = await duplicateAlerts(ref.accountId);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ evidenceId: check?.evidence_id });
      expect(alerts[0]?.reason).toContain(req.replyId);
      expect(status.counters.resend_seen_browser).toBe(1);
      // The evidence page is the thread as the recount read it.
      const ev = (await accountStub(env, ref).evidence(check!.evidence_id!)) as { message: string } | null;
      expect(ev?.message).toContain("duplicate seen: 2 copies");
      // The recount sent nothing: the site took no further submit, and still holds two copies.
      expect((await sandbox.counters(platform)).submits).toBe(submitsBefore);
      expect(await deliveriesOf(platform, t.threadId, text)).toBe(2);
      // Nothing more happens on later runs: one record, one alert.
      await stub.runNow();
      expect(await duplicateAlerts(ref.accountId)).toHaveLength(1);
      expect(await checksOf(ref.accountId)).toHaveLength(1);

      // The panel shows it on the reply.
      const res = await call("GET", `/api/conversations/${encodeURIComponent(req.conversationId)}`, {
        as: ADMIN,
      });
      const detail = await json<{
        replies: { id: string; copyCheck: { outcome: string; copies: number } | null }[];
      }>(res);
      expect(detail.replies.find((r) => r.id === req.replyId)?.copyCheck).toMatchObject({
        outcome: "duplicate",
        copies: 2,
      });
    },
  );

  it("a duplicate the confirm already saw is recorded and alerted at once; no recount is planned", async () => {
    const { ref, stub } = await inBrowserAccount("furnishedfinder");
    const t = await firstThread("furnishedfinder");
    const text = "Viewings are on Saturday mornings; bring a photo ID. (confirm sees both)";
    await sandbox.fault({
      platform: "furnishedfinder",
      kind: "submit_dropped",
      mode: "reset",
      pages: ["submit"],
      times: 1,
    });
    await stub.enqueue(await queuedReply(ref, t.threadId, text));
    expect((await settle(stub))[0]).toMatchObject({ state: "delivered" });
    expect(await deliveriesOf("furnishedfinder", t.threadId, text)).toBe(2);
    expect((await stub.status()).recountsPending).toBe(0);
    expect(await checksOf(ref.accountId)).toMatchObject([
      { outcome: "duplicate", copies: 2, seen_by: "confirm", path: "browser" },
    ]);
    expect(await duplicateAlerts(ref.accountId)).toHaveLength(1);
  });

  it("without a duplicate the recounts see one copy: recorded quietly, no alert", async () => {
    const { ref, stub } = await inBrowserAccount("furnishedfinder");
    const t = await firstThread("furnishedfinder");
    const text = "The room is still available from the first of next month. (one copy)";
    await stub.enqueue(await queuedReply(ref, t.threadId, text));
    expect((await settle(stub))[0]).toMatchObject({ state: "delivered" });
    expect((await stub.status()).recountsPending).toBe(1);
    await recounted(ref);
    expect(await deliveriesOf("furnishedfinder", t.threadId, text)).toBe(1);
    const stored = (await sandbox.counters("furnishedfinder")).requests.filter((r) => r.client);
    expect(stored.map((r) => r.client)).toEqual(["browser"]);
    const [check, ...more] = await checksOf(ref.accountId);
    expect(more).toEqual([]);
    // Two recounts: after the appearance window, and after the settle window.
    expect(check).toMatchObject({ outcome: "one_copy", copies: 1, seen_by: "recount", recounts: 2 });
    expect(await duplicateAlerts(ref.accountId)).toEqual([]);
    expect((await stub.status()).counters.resend_seen_browser ?? 0).toBe(0);
  });

  it("a relayed send is not recounted", async () => {
    const { ref, stub } = await setupAccount("leasebreak");
    const t = await firstThread("leasebreak");
    await stub.enqueue(
      await queuedReply(ref, t.threadId, "Yes, all bills are included in the rent. (relay)"),
    );
    expect((await settle(stub))[0]).toMatchObject({ state: "delivered" });
    expect((await stub.status()).recountsPending).toBe(0);
    expect(await checksOf(ref.accountId)).toEqual([]);
    // The site tells the relay's request from a browser's as a site would: no Fetch Metadata.
    const stored = (await sandbox.counters("leasebreak")).requests.filter((r) => r.client);
    expect(stored.map((r) => r.client)).toEqual(["other"]);
  });

  it("a recount that cannot read the thread is tried again, then recorded as not recounted", async () => {
    const { ref, stub } = await inBrowserAccount("furnishedfinder");
    const t = await firstThread("furnishedfinder");
    const text = "Parking is on the street; permits are easy to get. (site down)";
    await stub.enqueue(await queuedReply(ref, t.threadId, text));
    expect((await settle(stub))[0]).toMatchObject({ state: "delivered" });
    // The site answers every thread page with its "unavailable" page from now on.
    await sandbox.fault({ platform: "furnishedfinder", kind: "unavailable", pages: ["thread"] });
    await recounted(ref);
    const [check] = await checksOf(ref.accountId);
    expect(check).toMatchObject({ outcome: "not_recounted", copies: null });
    expect(check?.reason).toMatch(/could not be read|within the recount's bound/);
    expect(await duplicateAlerts(ref.accountId)).toEqual([]);
  });
});
