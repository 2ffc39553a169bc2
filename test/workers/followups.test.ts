/**
 * Follow-ups against the sandbox (docs/followups.md): a lead who went quiet after our reply gets
 * step 1 at its time and step 2 later, one copy each on the site; a lead who wrote between the
 * enqueue and the send, or opted out, gets none; draft_only makes a draft. Time passes by moving
 * the conversation's stored messages back (the rule reads when we stored them), so the real
 * delays apply; the site's ground truth counts what it stored.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { settle } from "./dispatch-harness.ts";
import { ADMIN, AGENT, call, freshSandboxWithTourTemplate, json, seedAccounts } from "./helpers.ts";

const P = "spareroom" as const;
const H = 3_600_000;
const TOUR_TEMPLATE =
  "Hi {{first_name}}, thanks for your interest in {{listing_title}}! Viewings are on Saturdays between 10am and noon. Reply with a time that suits you.";

let n = 0;
/** The test's account: its runs are left to finish before the next test resets the sandbox. */
let last: ReturnType<typeof accountStub> | null = null;
const policy = (tag: string) => ({
  enabled: true,
  steps: [
    { afterHours: 24, body: `Hi {lead_name}, just checking in about {listing} (${tag} one).` },
    { afterHours: 72, body: `Hi {lead_name}, {listing} is still available (${tag} two).` },
  ],
  maxPerConversation: 2,
  quietHours: null,
});

/** A lead asks for a viewing, the bot answers on the site, and follow-ups are switched on. */
async function quietLead(tag: string) {
  n++;
  const ref: AccountRef = { accountId: `fu-${n}-${Date.now()}`, platform: P };
  await seedAccounts([
    { id: ref.accountId, platform: P, label: ref.accountId, sendMode: "auto_send", baseUrl: siteOrigin(P) },
  ]);
  const stub = accountStub(env, ref);
  last = stub;
  const name = `Maria ${tag}`;
  const { listingId } = await sandbox.listing(P, {
    title: "Sunny double room in Park Slope",
    price: "$1,450",
    location: "Park Slope, Brooklyn",
  });
  const { threadId } = await sandbox.lead(
    P,
    name,
    "Hi! Could I come and see the room this Saturday afternoon?",
    {
      listingId,
    },
  );
  await stub.checkInbox(ref);
  await settle(stub);
  expect(await outbound(threadId)).toHaveLength(1);
  const conv = await env.DB.prepare("SELECT id FROM conversations WHERE account_id = ?")
    .bind(ref.accountId)
    .first<{ id: string }>();
  const res = await call("PUT", `/api/platforms/${ref.accountId}/followup-policy`, {
    as: ADMIN,
    body: { override: policy(tag) },
  });
  expect(res.status).toBe(200);
  return {
    ref,
    stub,
    threadId,
    name,
    conversationId: conv!.id,
    step1: `Hi Maria, just checking in about Sunny double room in Park Slope (${tag} one).`,
    step2: `Hi Maria, Sunny double room in Park Slope is still available (${tag} two).`,
  };
}

async function outbound(threadId: string) {
  const t = (await sandbox.truth(P)).find((x) => x.threadId === threadId);
  return (t?.messages ?? []).filter((m) => m.direction === "outbound");
}

async function copies(threadId: string, body: string): Promise<number> {
  return (await sandbox.truth(P)).find((x) => x.threadId === threadId)?.deliveries[body] ?? 0;
}

/** Time passes for the conversation: its stored messages move `hours` into the past. */
async function age(conversationId: string, hours: number) {
  const { results } = await env.DB.prepare("SELECT id, created_at FROM messages WHERE conversation_id = ?")
    .bind(conversationId)
    .all<{ id: string; created_at: string }>();
  await env.DB.batch(
    results.map((m) =>
      env.DB.prepare("UPDATE messages SET created_at = ? WHERE id = ?").bind(
        new Date(Date.parse(m.created_at) - hours * H).toISOString(),
        m.id,
      ),
    ),
  );
}

async function plan(conversationId: string) {
  return env.DB.prepare("SELECT step, due_at, stop_reason FROM followup_plans WHERE conversation_id = ?")
    .bind(conversationId)
    .first<{ step: number | null; due_at: string | null; stop_reason: string | null }>();
}

const followupItems = async (stub: ReturnType<typeof accountStub>) =>
  (await stub.outbox()).filter((i) => i.replyId.startsWith("followup-"));

afterEach(async () => {
  if (last) await settle(last, { timeoutMs: 30_000 }).catch(() => undefined);
  last = null;
});

beforeEach(() => freshSandboxWithTourTemplate(TOUR_TEMPLATE));

describe("follow-ups against the sandbox", () => {
  it("a quiet lead gets step 1 at its time and step 2 later, one copy each", async () => {
    const { ref, stub, threadId, conversationId, step1, step2 } = await quietLead("quiet");
    // Just answered: nothing due yet; the plan says step 1 in about a day.
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 0 });
    const p0 = await plan(conversationId);
    expect(p0?.step).toBe(1);
    expect(Date.parse(p0!.due_at!) - Date.now()).toBeGreaterThan(23 * H);

    await age(conversationId, 25);
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 1 });
    // Planning again before the run changes nothing: one key per step.
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 0 });
    await settle(stub);
    expect(await copies(threadId, step1)).toBe(1);
    // Step 2 is not due a moment after step 1, however often the account runs.
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 0 });
    await stub.runNow();
    await stub.runNow();
    expect(await copies(threadId, step2)).toBe(0);
    expect((await plan(conversationId))?.step).toBe(2);

    await age(conversationId, 49);
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 1 });
    await settle(stub);
    expect(await copies(threadId, step2)).toBe(1);

    await age(conversationId, 200);
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 0 });
    expect((await plan(conversationId))?.stop_reason).toBe("exhausted");
    await stub.runNow();
    const out = await outbound(threadId);
    expect(out.map((m) => m.text)).toEqual([expect.stringMatching(/^Hi Maria, thanks/), step1, step2]);
    expect(await copies(threadId, step1)).toBe(1);
    expect((await followupItems(stub)).map((i) => i.state)).toEqual(["delivered", "delivered"]);

    const figures = await json<{ followups: { accountId: string; step: number; sent: number }[] }>(
      await call("GET", "/api/metrics?hours=1", { as: AGENT }),
    );
    expect(figures.followups.filter((f) => f.accountId === ref.accountId)).toEqual([
      expect.objectContaining({ step: 1, sent: 1, answered: 0, optedOut: 0 }),
      expect.objectContaining({ step: 2, sent: 1, answered: 0, optedOut: 0 }),
    ]);
  });

  it("a lead who writes between the enqueue and the send gets no follow-up", async () => {
    const { ref, stub, threadId, name, conversationId, step1 } = await quietLead("replied");
    await age(conversationId, 25);
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 1 });
    // The lead writes on the site; D1 does not know yet (no inbox read since).
    await sandbox.lead(P, name, "Sorry for the delay — is parking included?");
    await settle(stub);
    expect((await followupItems(stub))[0]).toMatchObject({
      state: "cancelled",
      lastError: expect.stringMatching(/^followup_lead_/),
    });
    // The withheld send asked for an inbox read: the next run learns the lead's message, and
    // the step is not planned again.
    await stub.runNow();
    await stub.runNow();
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 0 });
    await settle(stub);
    expect(await copies(threadId, step1)).toBe(0);
    expect((await followupItems(stub)).map((i) => i.state)).toEqual(["cancelled"]);
    const inbound = await env.DB.prepare(
      "SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND direction = 'inbound'",
    )
      .bind(conversationId)
      .first<{ n: number }>();
    expect(inbound?.n).toBe(2);
  });

  it("a lead who opts out after the enqueue gets none, and none is planned again", async () => {
    const { ref, stub, threadId, conversationId, step1 } = await quietLead("optout");
    await age(conversationId, 25);
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 1 });
    const res = await call("PUT", `/api/conversations/${conversationId}/opt-out`, {
      as: AGENT,
      body: { optedOut: true },
    });
    expect(res.status).toBe(200);
    await settle(stub);
    expect(await copies(threadId, step1)).toBe(0);
    expect((await followupItems(stub))[0]).toMatchObject({ state: "cancelled" });
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 0 });
    expect((await plan(conversationId))?.stop_reason).toBe("opted_out");
  });

  it("draft_only makes the follow-up a draft for a person", async () => {
    const { ref, stub, threadId, conversationId, step1 } = await quietLead("draft");
    await env.DB.prepare("UPDATE platform_accounts SET send_mode = 'draft_only' WHERE id = ?")
      .bind(ref.accountId)
      .run();
    await age(conversationId, 25);
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 1 });
    await settle(stub);
    expect(await copies(threadId, step1)).toBe(0);
    const reply = await env.DB.prepare(
      "SELECT status, body FROM replies WHERE conversation_id = ? AND id LIKE 'followup-%'",
    )
      .bind(conversationId)
      .first<{ status: string; body: string }>();
    expect(reply).toEqual({ status: "draft", body: step1 });
    // The draft waits for a person: no further step is planned meanwhile.
    await age(conversationId, 100);
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 0 });
    expect((await plan(conversationId))?.stop_reason).toBe("step_open");
  });

  it("the panel's API: next follow-up, the inbox filter, send now, cancel — audited", async () => {
    const { ref, stub, threadId, conversationId, step1, step2 } = await quietLead("api");
    const view = await json<{ next: { step: number; dueAt: string } | null }>(
      await call("GET", `/api/conversations/${conversationId}/followup`, { as: AGENT }),
    );
    expect(view.next?.step).toBe(1);
    const due = await json<{ items: { id: string }[] }>(
      await call("GET", `/api/conversations?accountId=${ref.accountId}&filter=followup_due`, { as: AGENT }),
    );
    expect(due.items.map((i) => i.id)).toEqual([conversationId]);
    // A person sends step 1 now, before its time.
    const now = await call("POST", `/api/conversations/${conversationId}/followup/send-now`, { as: AGENT });
    expect(now.status).toBe(200);
    await settle(stub);
    expect(await copies(threadId, step1)).toBe(1);
    // ... and cancels step 2: it never goes.
    const cancel = await json<{ next: unknown; stopReason: string }>(
      await call("POST", `/api/conversations/${conversationId}/followup/cancel`, { as: AGENT }),
    );
    expect(cancel).toMatchObject({ next: null, stopReason: "cancelled_by_person" });
    await age(conversationId, 200);
    expect(await stub.followupPlan(ref)).toMatchObject({ enqueued: 0 });
    await stub.runNow();
    expect(await copies(threadId, step2)).toBe(0);
    const again = await call("POST", `/api/conversations/${conversationId}/followup/send-now`, { as: AGENT });
    expect(again.status).toBe(409);
    const audit = await env.DB.prepare(
      "SELECT action, actor FROM audit_log WHERE entity_id IN (?, ?) AND action LIKE 'followup_%' ORDER BY id",
    )
      .bind(conversationId, ref.accountId)
      .all<{ action: string; actor: string }>();
    expect(audit.results).toEqual([
      { action: "followup_policy_updated", actor: ADMIN },
      { action: "followup_queued", actor: AGENT },
      { action: "followup_cancelled", actor: AGENT },
    ]);
    // Bad input is a 400 with the issues.
    const bad = await call("PUT", `/api/platforms/${ref.accountId}/followup-policy`, {
      as: ADMIN,
      body: { override: { ...policy("x"), quietHours: { start: "9pm", end: "08:00" } } },
    });
    expect(bad.status).toBe(400);
    const agentPut = await call("PUT", "/api/settings/followup-policy", { as: AGENT, body: policy("x") });
    expect(agentPut.status).toBe(403);
  });
});
