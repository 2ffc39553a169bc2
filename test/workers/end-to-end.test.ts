/**
 * The whole loop against the sandbox: a lead writes on the site → the site's notification e-mail
 * reaches the Worker (and the cron ticks) → the account object ingests through the browser → the
 * pipeline decides → replies go out (or wait for a person) → ground truth says what the site
 * stored. Issue 6's send-mode rules, approvals and
 * opt-out, and issue 5's cron-vs-approval race, end to end.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import { notificationEmail } from "../../sandbox/notify-mail.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { settle } from "./dispatch-harness.ts";
import {
  ADMIN,
  AGENT,
  call,
  cronTick,
  deliverEmail,
  freshSandboxWithTourTemplate,
  json,
  seedAccounts,
  verifyViaApi,
} from "./helpers.ts";

const P = "spareroom" as const;
type SitePlatform = "spareroom" | "renthop" | "roomies";
const TOUR_TEMPLATE =
  "Hi {{first_name}}, thanks for your interest in {{listing_title}}! Viewings are on Saturdays between 10am and noon. Reply with a time that suits you.";

let n = 0;
async function setup(sendMode: "auto_send" | "draft_only", platform: SitePlatform = P) {
  n++;
  const ref: AccountRef = { accountId: `e2e-${n}-${Date.now()}`, platform };
  // Only this test's account is active, so a cron tick reaches just it.
  await env.DB.exec("UPDATE platform_accounts SET is_active = 0");
  await seedAccounts([
    {
      id: ref.accountId,
      platform,
      label: ref.accountId,
      sendMode,
      baseUrl: siteOrigin(platform),
      notifyAddress: addressOf(ref.accountId),
      pushEnabled: true,
    },
  ]);
  return { ref, stub: accountStub(env, ref) };
}

const addressOf = (accountId: string) => `${accountId}@notify.lease-bot.test`;

/** A lead writing about a real listing on the site (templates need its title). */
async function lead(platform: SitePlatform, name: string, text: string) {
  const { listingId } = await sandbox.listing(platform, {
    title: "Sunny double room in Park Slope",
    price: "$1,450",
    location: "Park Slope, Brooklyn",
  });
  return { ...(await sandbox.lead(platform, name, text, { listingId })), listingId };
}

/**
 * A cron tick and the site's notification e-mail (the cron alone reads the inbox only when the
 * account's poll is due), then runs until the object has ingested and its outbox is quiet.
 */
async function tickAndSettle(stub: ReturnType<typeof accountStub>) {
  await cronTick();
  const { ref } = await stub.status();
  if (ref) {
    const to = addressOf(ref.accountId);
    await deliverEmail(
      { from: `bounces@${ref.platform}.com`, to },
      notificationEmail({
        platform: ref.platform,
        to,
        leadName: "a lead",
        threadId: "0",
        messageId: "0",
        at: Date.now(),
      }),
    );
  }
  for (let i = 0; i < 150; i++) {
    await stub.runNow();
    const s = await stub.status();
    const busy =
      (s.outbox.pending ?? 0) +
      (s.outbox.sending ?? 0) +
      (s.outbox.unknown ?? 0) +
      (s.outbox.retry_wait ?? 0);
    const ingested =
      s.lastRun !== null &&
      s.lastRun.skipped !== null &&
      !["governor_concurrency"].includes(s.lastRun.skipped);
    if (busy === 0 && ingested) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("account did not settle");
}

async function outbound(threadId: string) {
  const t = (await sandbox.truth(P)).find((x) => x.threadId === threadId)!;
  return t.messages.filter((m) => m.direction === "outbound");
}

async function decisionsFor(accountId: string) {
  return (
    await env.DB.prepare(
      "SELECT action, reason, intent FROM decisions WHERE account_id = ? ORDER BY decided_at",
    )
      .bind(accountId)
      .all<{
        action: string;
        reason: string;
        intent: string;
      }>()
  ).results;
}

beforeEach(() => freshSandboxWithTourTemplate(TOUR_TEMPLATE));

describe("end to end against the sandbox", () => {
  it("auto_send + an eligible message → delivered once; later ticks send nothing more", async () => {
    const { ref, stub } = await setup("auto_send");
    const { threadId } = await lead(
      P,
      "Maria Lopez",
      "Hi! Could I come and see the room this Saturday afternoon?",
    );
    await tickAndSettle(stub);
    const out = await outbound(threadId);
    expect(out).toHaveLength(1);
    expect(out[0]!.text).toMatch(/^Hi Maria, thanks for your interest in .+! Viewings are on Saturdays/);
    expect(await decisionsFor(ref.accountId)).toEqual([
      { action: "send", reason: "auto_send_eligible", intent: "tour_request" },
    ]);
    await tickAndSettle(stub);
    await tickAndSettle(stub);
    expect(await outbound(threadId)).toHaveLength(1);
  });

  it("draft_only → a draft and nothing delivered; approving it delivers it once", async () => {
    const { ref, stub } = await setup("draft_only");
    const { threadId } = await lead(P, "Sam Carter", "Hello, can I book a viewing for Sunday?");
    await tickAndSettle(stub);
    expect(await outbound(threadId)).toHaveLength(0);
    const list = await json<{ items: { id: string }[] }>(
      await call("GET", `/api/conversations?accountId=${ref.accountId}&filter=draft_waiting`, { as: AGENT }),
    );
    expect(list.items).toHaveLength(1);
    const detail = await json<{ replies: { id: string; status: string; body: string }[] }>(
      await call("GET", `/api/conversations/${list.items[0]!.id}`, { as: AGENT }),
    );
    const draft = detail.replies.find((r) => r.status === "draft")!;
    expect(draft.body).toContain("Hi Sam");
    expect((await call("POST", `/api/replies/${draft.id}/approve`, { as: AGENT })).status).toBe(200);
    expect((await call("POST", `/api/replies/${draft.id}/approve`, { as: AGENT })).status).toBe(200);
    await settle(stub);
    const out = await outbound(threadId);
    expect(out.map((m) => m.text)).toEqual([draft.body]);
  });

  it("a risky message under auto_send waits for a person and nothing is delivered", async () => {
    const { ref, stub } = await setup("auto_send");
    const { threadId } = await lead(
      P,
      "Dana Fox",
      "Can I see the room Saturday? Also, are there many families with kids in the building? We have three children.",
    );
    const legal = await lead(
      P,
      "Rob Hill",
      "I want a viewing tomorrow or my lawyer will hear about how you ignored me.",
    );
    await tickAndSettle(stub);
    expect(await outbound(threadId)).toHaveLength(0);
    expect(await outbound(legal.threadId)).toHaveLength(0);
    const decisions = await decisionsFor(ref.accountId);
    expect(decisions.map((d) => [d.action, d.reason])).toEqual([
      ["review", "inbound_guardrail"],
      ["review", "inbound_guardrail"],
    ]);
    const review = await json<{ items: unknown[] }>(
      await call("GET", `/api/conversations?accountId=${ref.accountId}&filter=needs_review`, { as: AGENT }),
    );
    expect(review.items).toHaveLength(2);
  });

  it("after an opt-out nothing is ever delivered to that lead, until they opt back in", async () => {
    const { ref, stub } = await setup("auto_send");
    const { threadId, listingId } = await lead(P, "Lee Park", "STOP");
    await tickAndSettle(stub);
    await sandbox.lead(P, "Lee Park", "Actually, could I see the room on Saturday?", { listingId });
    await tickAndSettle(stub);
    expect(await outbound(threadId)).toHaveLength(0);
    expect((await decisionsFor(ref.accountId)).map((d) => d.reason)).toEqual([
      "opt_out_requested",
      "lead_opted_out",
    ]);
    // A person cannot send to them either.
    const conv = (
      await json<{ items: { id: string }[] }>(
        await call("GET", `/api/conversations?accountId=${ref.accountId}`, { as: AGENT }),
      )
    ).items[0]!;
    const manual = await call("POST", `/api/conversations/${conv.id}/reply`, {
      as: ADMIN,
      body: { body: "Just checking in about the room." },
    });
    expect(manual.status).toBe(409);
    expect(await outbound(threadId)).toHaveLength(0);
  });

  it("switching the account to draft_only while a reply is queued: it is not sent", async () => {
    // RentHop's test budget is 5 page actions an hour: log in (3), inbox, thread — the reply is
    // decided and queued, then the compose page would be the 6th, so it waits in the outbox.
    n++;
    const ref: AccountRef = { accountId: `e2e-rh-${n}-${Date.now()}`, platform: "renthop" };
    await env.DB.exec("UPDATE platform_accounts SET is_active = 0");
    await seedAccounts([
      {
        id: ref.accountId,
        platform: "renthop",
        label: ref.accountId,
        sendMode: "auto_send",
        baseUrl: siteOrigin("renthop"),
      },
    ]);
    const stub = accountStub(env, ref);
    const { threadId } = await lead("renthop", "Ana Ruiz", "Hi, can I view the apartment this weekend?");
    await cronTick();
    let s = await stub.status();
    for (let i = 0; i < 100 && (s.outbox.pending ?? 0) === 0; i++) {
      await stub.runNow();
      await new Promise((r) => setTimeout(r, 200));
      s = await stub.status();
    }
    expect(s.outbox).toEqual({ pending: 1 });
    // Waiting on our own budget, the attempt given back: not the reply's fault.
    expect((await stub.outbox())[0]).toMatchObject({
      state: "pending",
      attempts: 0,
      lastError: "hourly page-load budget used up",
    });

    const res = await call("PATCH", `/api/platforms/${ref.accountId}`, {
      as: ADMIN,
      body: { sendMode: "draft_only" },
    });
    expect(res.status).toBe(200);
    const items = await settle(stub);
    expect(items[0]).toMatchObject({ state: "cancelled", lastError: "draft_only_mode" });
    const t = (await sandbox.truth("renthop")).find((x) => x.threadId === threadId)!;
    expect(t.messages.filter((m) => m.direction === "outbound")).toHaveLength(0);
    const reply = await env.DB.prepare("SELECT status, reason FROM replies WHERE account_id = ?")
      .bind(ref.accountId)
      .first();
    expect(reply).toEqual({ status: "draft", reason: "draft_only_mode" });
  });

  it("a lead who just wrote is answered before the run re-reads the threads we replied to, from the same tab", async () => {
    // Roomies: its thread pages and reply posts name the thread in the path the sandbox logs.
    const R = "roomies" as const;
    const { stub } = await setup("auto_send", R);
    const maria = await lead(R, "Maria Lopez", "Hi! Could I come and see the room this Saturday afternoon?");
    await tickAndSettle(stub);
    await sandbox.clearCounters();
    // Our reply changed Maria's inbox row; now John writes.
    const john = await lead(R, "John Park", "Hello, is a viewing possible on Saturday morning?");
    await tickAndSettle(stub);
    const truth = await sandbox.truth(R);
    const outOf = (id: string) =>
      truth.find((t) => t.threadId === id)!.messages.filter((m) => m.direction === "outbound");
    expect(outOf(john.threadId)).toHaveLength(1);
    expect(outOf(maria.threadId)).toHaveLength(1);
    const reqs = (await sandbox.counters(R)).requests.filter((r) => r.account === "demo");
    const at = (method: string, id: string) =>
      reqs.findIndex((r) => r.method === method && r.path === `/inbox/${encodeURIComponent(id)}`);
    const replyToJohn = reqs.findIndex(
      (r) => r.method === "POST" && r.path === `/inbox/${encodeURIComponent(john.threadId)}/messages`,
    );
    expect(replyToJohn).toBeGreaterThan(-1);
    // Maria's thread was re-read in the same settle, but only after John's reply went out...
    const rereadMaria = at("GET", maria.threadId);
    expect(rereadMaria).toBeGreaterThan(replyToJohn);
    // ...and John's thread was loaded once before the reply: the reply reused the tab.
    const johnLoadsBefore = reqs
      .slice(0, replyToJohn)
      .filter((r) => r.method === "GET" && r.path === `/inbox/${encodeURIComponent(john.threadId)}`);
    expect(johnLoadsBefore).toHaveLength(1);
  });

  it("a cron tick racing a person's approval delivers once", async () => {
    const { ref, stub } = await setup("draft_only");
    const { threadId } = await lead(P, "Kim Young", "Hi, is a viewing possible on Saturday?");
    await tickAndSettle(stub);
    const conv = (
      await json<{ items: { id: string }[] }>(
        await call("GET", `/api/conversations?accountId=${ref.accountId}`, { as: AGENT }),
      )
    ).items[0]!;
    const draft = (
      await json<{ replies: { id: string; status: string }[] }>(
        await call("GET", `/api/conversations/${conv.id}`, { as: AGENT }),
      )
    ).replies.find((r) => r.status === "draft")!;
    // The admin verifies the account (the lead's thread is there to open), then flips it to
    // auto_send while two people approve and the cron ticks.
    await verifyViaApi(ref.accountId);
    expect(
      (await call("PATCH", `/api/platforms/${ref.accountId}`, { as: ADMIN, body: { sendMode: "auto_send" } }))
        .status,
    ).toBe(200);
    await Promise.all([
      call("POST", `/api/replies/${draft.id}/approve`, { as: AGENT }),
      call("POST", `/api/replies/${draft.id}/approve`, { as: ADMIN }),
      cronTick(),
      stub.runNow(),
    ]);
    await tickAndSettle(stub);
    expect(await outbound(threadId)).toHaveLength(1);
  });
});
