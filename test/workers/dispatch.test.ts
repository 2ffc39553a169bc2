/**
 * Exactly-once effect, retries and the dead-letter queue: the account object, real Browser
 * binding and the sandbox's ground truth (how many times each body was stored on the site).
 */
import { abortAllDurableObjects } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { accountStub } from "../../domain/account/address.ts";
import { sandbox } from "../support/sandbox-client.ts";
import {
  deliveriesOf,
  firstThread,
  queuedReply,
  refuseSubmits,
  settle,
  setupAccount,
} from "./dispatch-harness.ts";
import { AGENT, call, json, seedUsers } from "./helpers.ts";

const P = "spareroom" as const;
const body = (tag: string) =>
  `Hi! The room is available from December 1st; viewings Saturday 10-12. (${tag} ${Date.now()})`;

/** A fresh account on the sandbox and one reply (queued in D1, not yet enqueued) to its first thread. */
async function oneReply(tag: string) {
  const { ref, stub } = await setupAccount(P);
  const t = await firstThread(P);
  const req = await queuedReply(ref, t.threadId, body(tag));
  return { ref, stub, t, req };
}

async function alerts(): Promise<{ event: string; reason: string; accountId: string }[]> {
  return (await fetch(env.ALERT_WEBHOOK_URL!)).json();
}

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 11 });
  await fetch(env.ALERT_WEBHOOK_URL!, { method: "DELETE" });
  await seedUsers();
});

describe("dispatch: at most once per key", () => {
  it("the same key enqueued twice, and concurrently, is delivered once", async () => {
    const { stub, t, req } = await oneReply("twice");
    const results = await Promise.all([stub.enqueue(req), stub.enqueue(req), stub.enqueue(req)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const again = await stub.enqueue(req);
    expect(again.created).toBe(false);
    const items = await settle(stub);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ state: "delivered", attempts: 1 });
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
    const reply = await env.DB.prepare("SELECT status, platform_message_id FROM replies WHERE id = ?")
      .bind(req.replyId)
      .first();
    expect(reply).toMatchObject({ status: "delivered" });
    const msg = await env.DB.prepare("SELECT origin, direction FROM messages WHERE dispatch_key = ?")
      .bind(req.dispatchKey)
      .first();
    expect(msg).toEqual({ origin: "bot", direction: "outbound" });
    const dup = await env.DB.prepare(
      "SELECT sum(count) AS n FROM dispatch_metrics WHERE outcome = 'duplicate_suppressed' AND platform = ?",
    )
      .bind(P)
      .first<{ n: number }>();
    expect(dup?.n).toBeGreaterThanOrEqual(3);
  });

  it("a redrive of a delivered key is refused", async () => {
    const { stub, t, req } = await oneReply("redrive");
    await stub.enqueue(req);
    await settle(stub);
    const r = await stub.redrive(req.dispatchKey);
    expect(r).toMatchObject({ ok: false, reason: "already_delivered" });
    await stub.runNow();
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
  });
});

describe("dispatch: unknown outcomes are read back, never resent blindly", () => {
  it("a submit dropped after the site stored it is reconciled with no duplicate", async () => {
    const { stub, t, req } = await oneReply("dropped");
    await sandbox.fault({ platform: P, kind: "submit_dropped", mode: "reset", pages: ["submit"], times: 1 });
    await stub.enqueue(req);
    const items = await settle(stub);
    expect(items[0]).toMatchObject({ state: "delivered", attempts: 1 });
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
  });

  it("a 502 after storing is reconciled with no duplicate", async () => {
    const { stub, t, req } = await oneReply("502");
    await sandbox.fault({ platform: P, kind: "submit_dropped", mode: "502", pages: ["submit"], times: 1 });
    await stub.enqueue(req);
    expect((await settle(stub))[0]).toMatchObject({ state: "delivered", attempts: 1 });
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
  });

  it("a delayed appearance (screening) inside the window is not resent", async () => {
    const { stub, t, req } = await oneReply("delayed");
    await sandbox.fault({ platform: P, kind: "delayed_appearance", seconds: 3, pages: ["submit"], times: 1 });
    await stub.enqueue(req);
    const items = await settle(stub);
    expect(items[0]).toMatchObject({ state: "delivered", attempts: 1 });
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
  });

  // The object dies while the submit relay holds the page's request paused in the browser: the
  // browser lets that request go, without the session cookies (connectors/browser/submit-relay.ts).
  it("the object restarted mid-send resumes from stored state without a duplicate", async () => {
    const { ref, stub, t, req } = await oneReply("restart");
    // The submit hangs 2.5 s at the site; the object is killed while it waits.
    await sandbox.fault({ platform: P, kind: "slow", delayMs: 2500, pages: ["submit"], times: 1 });
    await stub.enqueue(req);
    const inflight = stub.runNow().catch(() => "aborted");
    await new Promise((r) => setTimeout(r, 1800));
    await abortAllDurableObjects();
    await inflight;
    await new Promise((r) => setTimeout(r, 1500));
    // The old stub died with the object; a new one reaches the restarted object by name.
    const fresh = accountStub(env, ref);
    const items = await settle(fresh);
    expect(items[0]!.state).toBe("delivered");
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
  });
});

describe("dispatch: retries and the dead-letter queue", () => {
  it("a site that is down (503s) costs the reply no attempt: it waits and goes out once the site is back", async () => {
    const { stub, t, req } = await oneReply("503");
    await sandbox.fault({ platform: P, kind: "unavailable", pages: ["thread"], times: 2 });
    await stub.enqueue(req);
    const items = await settle(stub);
    expect(items[0]).toMatchObject({ state: "delivered", attempts: 1 });
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
    const errors = await env.DB.prepare(
      "SELECT count(*) AS n FROM account_errors WHERE failure_class = 'transient' AND platform = ?",
    )
      .bind(P)
      .first<{ n: number }>();
    expect(errors?.n).toBeGreaterThanOrEqual(2);
  });

  it("a reply's own transient failure is retried with backoff until its attempts run out → one dead letter with platform and stage, audit and metrics", async () => {
    const { ref, stub } = await setupAccount(P);
    // A thread the site does not have (deleted, or a wrong id): its page answers 404 every time.
    const req = await queuedReply(ref, "99999999_17310001", body("exhausted"));
    await stub.enqueue(req);
    const items = await settle(stub, { timeoutMs: 60_000 });
    expect(items[0]).toMatchObject({ state: "dead", attempts: 3, lastClass: "transient" });
    const dl = await env.DB.prepare("SELECT * FROM dead_letters WHERE dispatch_key = ?")
      .bind(req.dispatchKey)
      .all();
    expect(dl.results).toHaveLength(1);
    expect(dl.results[0]).toMatchObject({
      platform: P,
      account_id: ref.accountId,
      stage: "compose",
      failure_class: "transient",
      attempts: 3,
      status: "open",
    });
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ?")
      .bind(req.replyId)
      .all();
    expect(audit.results.map((r) => r.action)).toContain("reply_dead_lettered");
    const metric = (outcome: string) =>
      env.DB.prepare(
        "SELECT sum(count) AS n FROM dispatch_metrics WHERE outcome = ? AND platform = ? AND stage = 'compose'",
      )
        .bind(outcome, P)
        .first<{ n: number }>();
    expect((await metric("retry"))?.n).toBeGreaterThanOrEqual(2);
    expect((await metric("fail"))?.n).toBeGreaterThanOrEqual(1);
  });

  it("a redrive of a dead letter goes out under the same key once the cause is gone", async () => {
    const { stub, t, req } = await oneReply("redrive-rejected");
    await refuseSubmits(P, "Try again later.");
    await stub.enqueue(req);
    expect((await settle(stub))[0]).toMatchObject({ state: "dead", lastClass: "rejected" });
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(0);
    await sandbox.clearFaults();
    expect(await stub.redrive(req.dispatchKey)).toMatchObject({ ok: true });
    expect((await settle(stub))[0]!.state).toBe("delivered");
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
  });

  it("a refused message goes to the DLQ with the site's words and is not retried", async () => {
    const { stub, req } = await oneReply("rejected");
    await refuseSubmits(P, "Links are not allowed in messages.");
    await stub.enqueue(req);
    expect((await settle(stub))[0]).toMatchObject({ state: "dead", attempts: 1, lastClass: "rejected" });
    const dl = await env.DB.prepare("SELECT stage, last_error FROM dead_letters WHERE dispatch_key = ?")
      .bind(req.dispatchKey)
      .first();
    expect(dl).toMatchObject({
      stage: "submit",
      last_error: expect.stringContaining("Links are not allowed"),
    });
  });

  it("a captcha mid-queue: items wait without burning attempts, the circuit opens, nothing is lost", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = await firstThread(P);
    const reqs = await Promise.all([1, 2, 3].map((i) => queuedReply(ref, t.threadId, body(`captcha-${i}`))));
    await sandbox.fault({ platform: P, kind: "captcha", pages: ["thread"] });
    for (const r of reqs) await stub.enqueue(r);
    // The enqueue's own alarm may already be running; wait for a run to have happened.
    let status = await stub.status();
    for (let i = 0; i < 100 && status.circuit.state !== "open"; i++) {
      await stub.runNow();
      await new Promise((r) => setTimeout(r, 200));
      status = await stub.status();
    }
    expect(status.circuit).toMatchObject({ state: "open", reason: "captcha" });
    const waiting = await stub.outbox();
    expect(waiting.map((i) => [i.state, i.attempts])).toEqual([
      ["pending", 0],
      ["pending", 0],
      ["pending", 0],
    ]);
    const health = await env.DB.prepare(
      "SELECT circuit_state, circuit_reason FROM account_health WHERE account_id = ?",
    )
      .bind(ref.accountId)
      .first();
    expect(health).toEqual({ circuit_state: "open", circuit_reason: "captcha" });
    expect((await alerts()).filter((a) => a.accountId === ref.accountId).map((a) => a.event)).toEqual([
      "circuit_open",
    ]);
    // While open, runs do not touch the site.
    const before = (await sandbox.counters(P)).pageLoads;
    await stub.runNow();
    expect((await sandbox.counters(P)).pageLoads).toEqual(before);
    // After the cooldown one probe runs; the site is fine again, so everything goes out once.
    await sandbox.clearFaults();
    await new Promise((r) => setTimeout(r, 3200));
    const items = await settle(stub);
    expect(items.map((i) => i.state)).toEqual(["delivered", "delivered", "delivered"]);
    for (const r of reqs) expect(await deliveriesOf(P, t.threadId, r.body)).toBe(1);
  });
});

describe("dispatch: policy is read at send time", () => {
  it("switching the account to draft_only while a reply is queued returns it to a draft", async () => {
    const { ref, stub, t, req } = await oneReply("draft-only");
    await env.DB.prepare("UPDATE platform_accounts SET send_mode = 'draft_only' WHERE id = ?")
      .bind(ref.accountId)
      .run();
    await stub.enqueue(req);
    expect((await settle(stub))[0]!.state).toBe("cancelled");
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(0);
    const reply = await env.DB.prepare("SELECT status, reason FROM replies WHERE id = ?")
      .bind(req.replyId)
      .first();
    expect(reply).toEqual({ status: "draft", reason: "draft_only_mode" });
    // A person approving it now sends it (same key), under draft_only.
    const approved = await stub.enqueue({ ...req, origin: "approved" });
    expect(approved.created).toBe(true);
    expect((await settle(stub))[0]!.state).toBe("delivered");
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
  });

  it("an opted-out lead or a paused conversation stops a queued automatic reply", async () => {
    const { ref, stub } = await setupAccount(P);
    const [a, b] = await sandbox.truth(P);
    const optedOut = await queuedReply(ref, a!.threadId, body("optout"));
    const paused = await queuedReply(ref, b!.threadId, body("paused"));
    const now = new Date().toISOString();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO lead_optouts (account_id, lead_key, opted_out, changed_at, changed_by) VALUES (?, ?, 1, ?, 'test')",
      ).bind(ref.accountId, a!.threadId, now),
      env.DB.prepare("UPDATE conversations SET paused = 1 WHERE id = ?").bind(paused.conversationId),
    ]);
    await stub.enqueue(optedOut);
    await stub.enqueue(paused);
    const items = await settle(stub);
    expect(items.map((i) => [i.state, i.lastError])).toEqual([
      ["cancelled", "lead_opted_out"],
      ["cancelled", "conversation_paused"],
    ]);
    expect(await deliveriesOf(P, a!.threadId, optedOut.body)).toBe(0);
    expect(await deliveriesOf(P, b!.threadId, paused.body)).toBe(0);
  });

  it("a deactivated account sends nothing and never opens a browser", async () => {
    const { ref, stub, t, req } = await oneReply("inactive");
    await env.DB.prepare("UPDATE platform_accounts SET is_active = 0 WHERE id = ?").bind(ref.accountId).run();
    await sandbox.clearCounters();
    await stub.enqueue(req);
    expect((await settle(stub))[0]!.state).toBe("cancelled");
    expect((await sandbox.counters(P)).requests).toHaveLength(0);
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(0);
  });
});

describe("dispatch: a person cancels a queued reply", () => {
  const cancel = (replyId: string, reason?: string) =>
    call("POST", `/api/replies/${replyId}/cancel`, { as: AGENT, body: reason ? { reason } : {} });
  const replyRow = (id: string) =>
    env.DB.prepare("SELECT status, reason, updated_by FROM replies WHERE id = ?").bind(id).first();

  it("a reply waiting for the account is never sent once cancelled; nothing brings it back", async () => {
    const { stub, t, req } = await oneReply("cancelled");
    // A captcha opens the circuit: the reply waits in the outbox.
    await sandbox.fault({ platform: P, kind: "captcha", pages: ["thread"] });
    await stub.enqueue(req);
    for (let i = 0; i < 50 && (await stub.status()).circuit.state !== "open"; i++) {
      await stub.runNow();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await stub.outbox())[0]).toMatchObject({ state: "pending", attempts: 0 });

    const res = await cancel(req.replyId, "wrong listing");
    expect(res.status).toBe(200);
    expect(await replyRow(req.replyId)).toEqual({
      status: "cancelled",
      reason: "wrong listing",
      updated_by: AGENT,
    });
    const audit = await env.DB.prepare(
      "SELECT actor FROM audit_log WHERE action = 'reply_cancelled' AND entity_id = ?",
    )
      .bind(req.replyId)
      .all();
    expect(audit.results).toEqual([{ actor: AGENT }]);
    // Cancelling again answers the same; approving it is a conflict (it is not a draft).
    expect((await cancel(req.replyId)).status).toBe(200);
    expect((await call("POST", `/api/replies/${req.replyId}/approve`, { as: AGENT })).status).toBe(409);

    // The site recovers; a stale enqueue of the same key (an old approve, the sweep) changes nothing.
    await sandbox.clearFaults();
    expect(await stub.enqueue({ ...req, origin: "approved" })).toMatchObject({
      created: false,
      item: { state: "cancelled", lastError: "cancelled_by_person" },
    });
    await new Promise((r) => setTimeout(r, 3100)); // past the circuit's cooldown
    await stub.runNow();
    await stub.runNow();
    expect((await stub.outbox())[0]!.state).toBe("cancelled");
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(0);
  });

  it("a queued reply the object never received is cancelled with a tombstone the sweep respects", async () => {
    const { stub, t, req } = await oneReply("never-enqueued");
    expect((await cancel(req.replyId)).status).toBe(200);
    await stub.runNow(); // the run's sweep re-enqueues queued replies the outbox lacks
    expect((await stub.outbox()).map((i) => [i.dispatchKey, i.state])).toEqual([
      [req.dispatchKey, "cancelled"],
    ]);
    expect((await stub.enqueue(req)).created).toBe(false);
    await stub.runNow();
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(0);
  });

  it("a send under way cannot be cancelled: 409 with its state, and it is delivered once", async () => {
    const { stub, t, req } = await oneReply("in-flight");
    await sandbox.fault({ platform: P, kind: "slow", delayMs: 3000, pages: ["submit"], times: 1 });
    await stub.enqueue(req);
    for (let i = 0; i < 100 && (await stub.outbox())[0]?.state !== "sending"; i++)
      await new Promise((r) => setTimeout(r, 50));
    const res = await cancel(req.replyId);
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ error: { code: "conflict", details: { state: "sending" } } });
    expect((await settle(stub))[0]!.state).toBe("delivered");
    expect(await deliveriesOf(P, t.threadId, req.body)).toBe(1);
    const after = await cancel(req.replyId);
    expect(after.status).toBe(409);
  });
});
