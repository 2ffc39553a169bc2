/**
 * The D1 side of the decision step (decideNewMessages) and the inbox API. Most API tests hand
 * the Worker a recording stand-in for the account objects so they can count enqueues; one test
 * goes to the real account object and reads its outbox back.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import type { EnqueueRequest, EnqueueResult } from "../../domain/account/rpc.ts";
import { decideNewMessages } from "../../domain/decide/decide-messages.ts";
import { dispatchKey } from "../../domain/dispatch/dispatch-key.ts";
import { siteOrigin } from "../support/sandbox-client.ts";
import { ADMIN, AGENT, call, json, seedAccounts, seedUsers } from "./helpers.ts";

const AUTO: AccountRef = { accountId: "acc-auto", platform: "spareroom" };
const DRAFT: AccountRef = { accountId: "acc-draft", platform: "roomies" };
const TOUR_TEMPLATE =
  "Hi {{first_name}}, thanks for asking about {{listing_title}}. Book a viewing here: {{viewing_link}}";

type Row = Record<string, unknown>;
type ErrorJson = {
  error: { code: string; message: string; issues?: unknown[]; details?: Record<string, unknown> };
};
type ReplyJson = {
  id: string;
  status: string;
  version: number;
  kind: string;
  dispatchKey: string | null;
  body: string;
};
type ActionJson = {
  reply: ReplyJson;
  enqueue: { created: boolean; state: string } | null;
  guardrails: { code: string }[];
};

let seq = 0;
let clock = Date.parse("2025-03-01T10:00:00.000Z");
const tick = () => {
  clock += 1000;
  return new Date(clock).toISOString();
};

async function rows(query: string, ...binds: unknown[]): Promise<Row[]> {
  return (
    await env.DB.prepare(query)
      .bind(...binds)
      .all<Row>()
  ).results;
}

async function seedConversation(ref: AccountRef, opts: { paused?: boolean; leadRef?: string | null } = {}) {
  seq++;
  const id = `conv-${seq}`;
  const now = tick();
  await env.DB.prepare(
    `INSERT INTO conversations (id, account_id, platform, external_thread_id, lead_name, lead_ref, listing_ref, paused, created_at, updated_at, last_message_at)
     VALUES (?, ?, ?, ?, 'jane doe', ?, 'L1', ?, ?, ?, ?)`,
  )
    .bind(
      id,
      ref.accountId,
      ref.platform,
      `thread-${seq}`,
      opts.leadRef ?? null,
      opts.paused ? 1 : 0,
      now,
      now,
      now,
    )
    .run();
  return { id, threadId: `thread-${seq}` };
}

async function seedMessage(ref: AccountRef, conversationId: string, body: string, direction = "inbound") {
  seq++;
  const id = `msg-${seq}`;
  const at = tick();
  await env.DB.prepare(
    `INSERT INTO messages (id, conversation_id, account_id, external_message_id, direction, body, sent_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(id, conversationId, ref.accountId, `ext-${seq}`, direction, body, at, at)
    .run();
  await env.DB.prepare("UPDATE conversations SET last_message_at = ? WHERE id = ?")
    .bind(at, conversationId)
    .run();
  return id;
}

async function seedTemplate(intent: string, body: string, accountId: string | null = null, version = 1) {
  seq++;
  const now = tick();
  await env.DB.prepare(
    `INSERT INTO templates (id, account_id, intent, name, body, version, created_at, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'test')`,
  )
    .bind(`tpl-${seq}`, accountId, intent, `t${seq}`, body, version, now, now)
    .run();
}

async function seedListing(accountId: string, viewingLink: string | null = "https://example.com/view/l1") {
  await env.DB.prepare(
    `INSERT INTO listings (id, account_id, external_id, title, price, viewing_link, source, updated_at, updated_by)
     VALUES (?, ?, 'L1', 'Sunny double room', '$900', ?, 'manual', ?, 'test')`,
  )
    .bind(`lst-${accountId}`, accountId, viewingLink, tick())
    .run();
}

/** A stand-in for the account objects: records every enqueue and dedupes by dispatch key. */
function recordingAccounts() {
  const calls: EnqueueRequest[] = [];
  const known = new Set<string>();
  const stub = {
    async enqueue(req: EnqueueRequest): Promise<EnqueueResult> {
      calls.push(req);
      const created = !known.has(req.dispatchKey);
      known.add(req.dispatchKey);
      return {
        created,
        item: {
          dispatchKey: req.dispatchKey,
          replyId: req.replyId,
          conversationId: req.conversationId,
          origin: req.origin,
          state: "pending",
          attempts: 0,
          nextAt: null,
          lastClass: null,
          lastError: null,
          lastStage: null,
          platformMessageId: null,
          evidenceId: null,
          firstSubmittedAt: null,
          updatedAt: Date.now(),
        },
      };
    },
  };
  const ns = { getByName: (_name: string) => stub } as unknown as Env["PLATFORM_ACCOUNT"];
  return { calls, env: { PLATFORM_ACCOUNT: ns } };
}

beforeEach(async () => {
  await env.DB.exec(
    "DELETE FROM decisions; DELETE FROM replies; DELETE FROM messages; DELETE FROM lead_optouts; DELETE FROM conversations; DELETE FROM templates; DELETE FROM listings; DELETE FROM audit_log; DELETE FROM platform_accounts; DELETE FROM users;",
  );
  await env.DB.prepare("UPDATE settings SET value = 'draft_only' WHERE key = 'default_send_mode'").run();
  await seedUsers();
  await seedAccounts([
    {
      id: AUTO.accountId,
      platform: AUTO.platform,
      label: "auto",
      sendMode: "auto_send",
      baseUrl: siteOrigin("spareroom"),
    },
    {
      id: DRAFT.accountId,
      platform: DRAFT.platform,
      label: "draft",
      sendMode: "draft_only",
      baseUrl: siteOrigin("roomies"),
    },
  ]);
  await seedTemplate("tour_request", TOUR_TEMPLATE);
  await seedListing(AUTO.accountId);
  await seedListing(DRAFT.accountId);
});

const now = () => new Date(clock);

async function decisionOf(messageId: string) {
  return (await rows("SELECT * FROM decisions WHERE message_id = ?", messageId))[0];
}

/** A draft from the pipeline on the draft_only account, ready for the API tests. */
async function pipelineDraft() {
  const conv = await seedConversation(DRAFT);
  const msg = await seedMessage(DRAFT, conv.id, "Can I view it Saturday?");
  expect(await decideNewMessages(env, DRAFT, now())).toEqual([]);
  const [draft] = await rows("SELECT * FROM replies WHERE conversation_id = ?", conv.id);
  return { conv, msg, draftId: String(draft?.id) };
}

describe("decideNewMessages", () => {
  it("auto_send + eligible: a queued auto reply with the v1 inbound key, returned for enqueue", async () => {
    const conv = await seedConversation(AUTO);
    const msg = await seedMessage(AUTO, conv.id, "Hi, can I view it Saturday?");
    const out = await decideNewMessages(env, AUTO, now());
    const key = await dispatchKey(AUTO.accountId, conv.threadId, { inboundMessageId: msg }, 1);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      ref: AUTO,
      dispatchKey: key,
      conversationId: conv.id,
      threadId: conv.threadId,
      origin: "auto",
    });
    expect(out[0]?.body).toBe(
      "Hi Jane, thanks for asking about Sunny double room. Book a viewing here: https://example.com/view/l1",
    );
    expect(await decisionOf(msg)).toMatchObject({
      action: "send",
      reason: "auto_send_eligible",
      intent: "tour_request",
    });
    const replies = await rows("SELECT * FROM replies WHERE conversation_id = ?", conv.id);
    expect(replies).toEqual([
      expect.objectContaining({
        kind: "auto",
        status: "queued",
        dispatch_key: key,
        version: 1,
        inbound_message_id: msg,
      }),
    ]);
    expect(out[0]?.replyId).toBe(replies[0]?.id);
    const audit = await rows(
      "SELECT * FROM audit_log WHERE action = 'message_decided' AND entity_id = ?",
      msg,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe("system:pipeline");
    expect(String(audit[0]?.after_json)).not.toContain("view it Saturday");
  });

  it("draft_only: a draft without a key, nothing to enqueue", async () => {
    const conv = await seedConversation(DRAFT);
    const msg = await seedMessage(DRAFT, conv.id, "Can I view it Saturday?");
    expect(await decideNewMessages(env, DRAFT, now())).toEqual([]);
    expect(await decisionOf(msg)).toMatchObject({ action: "draft", reason: "draft_only_mode" });
    expect(await rows("SELECT kind, status, dispatch_key, reason FROM replies")).toEqual([
      { kind: "draft", status: "draft", dispatch_key: null, reason: "draft_only_mode" },
    ]);
  });

  it("a risky message under auto_send goes to review with its guardrails and no reply", async () => {
    const conv = await seedConversation(AUTO);
    const msg = await seedMessage(AUTO, conv.id, "Are kids ok? I want to view it Saturday");
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    const d = await decisionOf(msg);
    expect(d).toMatchObject({ action: "review", reason: "inbound_guardrail" });
    expect(JSON.parse(String(d?.guardrails))[0].code).toBe("fair_housing");
    expect(await rows("SELECT * FROM replies")).toEqual([]);
  });

  it("an opt-out is persisted and suppresses later messages; an opt-in restores replies", async () => {
    const conv = await seedConversation(AUTO, { leadRef: "lead-7" });
    const stop = await seedMessage(AUTO, conv.id, "STOP");
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    expect(await decisionOf(stop)).toMatchObject({
      action: "suppressed",
      reason: "opt_out_requested",
      opt_change: "opt_out",
    });
    expect(await rows("SELECT lead_key, opted_out, changed_by, source_message_id FROM lead_optouts")).toEqual(
      [{ lead_key: "lead-7", opted_out: 1, changed_by: "system:pipeline", source_message_id: stop }],
    );

    const later = await seedMessage(AUTO, conv.id, "Can I view it Saturday?");
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    expect(await decisionOf(later)).toMatchObject({ action: "suppressed", reason: "lead_opted_out" });

    const start = await seedMessage(AUTO, conv.id, "START");
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    expect(await decisionOf(start)).toMatchObject({
      action: "review",
      reason: "opt_in_received",
      opt_change: "opt_in",
    });
    expect((await rows("SELECT opted_out FROM lead_optouts"))[0]?.opted_out).toBe(0);

    await seedMessage(AUTO, conv.id, "Great, can I view it Sunday?");
    expect(await decideNewMessages(env, AUTO, now())).toHaveLength(1);
  });

  it("a paused conversation is suppressed", async () => {
    const conv = await seedConversation(AUTO, { paused: true });
    const msg = await seedMessage(AUTO, conv.id, "Can I view it Saturday?");
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    expect(await decisionOf(msg)).toMatchObject({ action: "suppressed", reason: "conversation_paused" });
    expect(await rows("SELECT * FROM replies")).toEqual([]);
  });

  it("re-running creates nothing new", async () => {
    const conv = await seedConversation(AUTO);
    await seedMessage(AUTO, conv.id, "Can I view it Saturday?");
    expect(await decideNewMessages(env, AUTO, now())).toHaveLength(1);
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    expect(await rows("SELECT count(*) AS n FROM decisions")).toEqual([{ n: 1 }]);
    expect(await rows("SELECT count(*) AS n FROM replies")).toEqual([{ n: 1 }]);
    expect(await rows("SELECT count(*) AS n FROM audit_log")).toEqual([{ n: 1 }]);
  });

  it("only the newest inbound message of a conversation gets a reply", async () => {
    const conv = await seedConversation(AUTO);
    const older = await seedMessage(AUTO, conv.id, "Is it still available?");
    const newest = await seedMessage(AUTO, conv.id, "Can I view it Saturday?");
    const out = await decideNewMessages(env, AUTO, now());
    expect(out).toHaveLength(1);
    expect(out[0]?.dispatchKey).toBe(
      await dispatchKey(AUTO.accountId, conv.threadId, { inboundMessageId: newest }, 1),
    );
    expect(await decisionOf(older)).toMatchObject({
      action: "suppressed",
      reason: "superseded_by_newer_message",
    });
  });

  it("a guardrail in an older message of the same ingest holds the newest one for review", async () => {
    const conv = await seedConversation(AUTO);
    await seedMessage(AUTO, conv.id, "My lawyer will be in touch");
    const newest = await seedMessage(AUTO, conv.id, "Can I view it Saturday?");
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    expect(await decisionOf(newest)).toMatchObject({ action: "review", reason: "earlier_message_flagged" });
  });

  it("an account's own template beats the global one; missing facts go to review", async () => {
    await seedTemplate(
      "tour_request",
      "Hello {{first_name}}, viewings for {{listing_title}}: {{viewing_link}}",
      AUTO.accountId,
    );
    const conv = await seedConversation(AUTO);
    await seedMessage(AUTO, conv.id, "Can I view it Saturday?");
    const [req] = await decideNewMessages(env, AUTO, now());
    expect(req?.body).toMatch(/^Hello Jane, viewings for Sunny double room/);

    await env.DB.prepare("UPDATE listings SET viewing_link = NULL").run();
    const conv2 = await seedConversation(AUTO);
    const msg = await seedMessage(AUTO, conv2.id, "Can I view it Saturday?");
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    expect(await decisionOf(msg)).toMatchObject({ action: "review", reason: "missing_variables" });
  });
});

describe("replies API", () => {
  it("approve queues the draft with the v1 key and enqueues it once; a second approve repeats the answer", async () => {
    const { conv, msg, draftId } = await pipelineDraft();
    const fake = recordingAccounts();
    const res = await call("POST", `/api/replies/${draftId}/approve`, { as: AGENT, env: fake.env });
    expect(res.status).toBe(200);
    const body = await json<ActionJson>(res);
    const key = await dispatchKey(DRAFT.accountId, conv.threadId, { inboundMessageId: msg }, 1);
    expect(body.reply).toMatchObject({ status: "queued", dispatchKey: key, version: 1 });
    expect(body.enqueue).toEqual({ created: true, state: "pending" });
    expect(fake.calls).toEqual([
      expect.objectContaining({ dispatchKey: key, origin: "approved", replyId: draftId, ref: DRAFT }),
    ]);

    const again = await json<ActionJson>(
      await call("POST", `/api/replies/${draftId}/approve`, { as: ADMIN, env: fake.env }),
    );
    expect(again.reply.dispatchKey).toBe(key);
    expect(again.enqueue).toEqual({ created: false, state: "pending" });
    expect(new Set(fake.calls.map((c) => c.dispatchKey))).toEqual(new Set([key]));
    expect(await rows("SELECT actor FROM audit_log WHERE action = 'reply_approved'")).toEqual([
      { actor: AGENT },
    ]);
  });

  it("approve reaches the real account object's outbox", async () => {
    const { conv, msg, draftId } = await pipelineDraft();
    const res = await call("POST", `/api/replies/${draftId}/approve`, { as: ADMIN });
    expect(res.status).toBe(200);
    const key = await dispatchKey(DRAFT.accountId, conv.threadId, { inboundMessageId: msg }, 1);
    const items = await accountStub(env, DRAFT).outbox();
    expect(items.filter((i) => i.dispatchKey === key)).toEqual([
      expect.objectContaining({ replyId: draftId, origin: "approved" }),
    ]);
  });

  it("edit makes a new version with a new key; saving without approve only stores it", async () => {
    const { conv, msg, draftId } = await pipelineDraft();
    const fake = recordingAccounts();
    const saved = await call("POST", `/api/replies/${draftId}/edit`, {
      as: AGENT,
      env: fake.env,
      body: { body: "Hi Jane, Saturday at 11 works.", approve: false },
    });
    expect(saved.status).toBe(200);
    const v2 = await json<ActionJson>(saved);
    expect(v2.reply).toMatchObject({ id: `${draftId}.v2`, version: 2, status: "draft", dispatchKey: null });
    expect(v2.enqueue).toBeNull();
    expect(fake.calls).toEqual([]);
    // The old version is gone from the queue of work; approving it now is a conflict.
    const stale = await call("POST", `/api/replies/${draftId}/approve`, { as: AGENT, env: fake.env });
    expect(stale.status).toBe(409);
    expect((await json<ErrorJson>(stale)).error.details?.status).toBe("superseded");

    const sent = await json<ActionJson>(
      await call("POST", `/api/replies/${v2.reply.id}/edit`, {
        as: AGENT,
        env: fake.env,
        body: { body: "Hi Jane, Saturday at 11 or 12 works." },
      }),
    );
    const v3Key = await dispatchKey(DRAFT.accountId, conv.threadId, { inboundMessageId: msg }, 3);
    expect(sent.reply).toMatchObject({
      id: `${draftId}.v3`,
      version: 3,
      status: "queued",
      dispatchKey: v3Key,
    });
    expect(fake.calls).toEqual([expect.objectContaining({ dispatchKey: v3Key, origin: "approved" })]);
    expect(await rows("SELECT version, status FROM replies ORDER BY version")).toEqual([
      { version: 1, status: "superseded" },
      { version: 2, status: "superseded" },
      { version: 3, status: "queued" },
    ]);
  });

  it("edit refuses risky text with the reasons; only an admin may override, with a reason, audited", async () => {
    const { draftId } = await pipelineDraft();
    const fake = recordingAccounts();
    const risky = { body: "Perfect for young professionals, call 555-123-4567" };
    const held = await call("POST", `/api/replies/${draftId}/edit`, {
      as: AGENT,
      env: fake.env,
      body: risky,
    });
    expect(held.status).toBe(422);
    const err = await json<ErrorJson>(held);
    expect(err.error.code).toBe("guardrail_blocked");
    const codes = ((err.error.details?.guardrails ?? []) as { code: string }[]).map((g) => g.code);
    expect(codes).toEqual(expect.arrayContaining(["outbound_steering", "outbound_personal_data"]));

    const agentOverride = await call("POST", `/api/replies/${draftId}/edit`, {
      as: AGENT,
      env: fake.env,
      body: { ...risky, override: true, reason: "lead asked" },
    });
    expect(agentOverride.status).toBe(403);
    const noReason = await call("POST", `/api/replies/${draftId}/edit`, {
      as: ADMIN,
      env: fake.env,
      body: { ...risky, override: true },
    });
    expect(noReason.status).toBe(400);
    expect(fake.calls).toEqual([]);

    const ok = await call("POST", `/api/replies/${draftId}/edit`, {
      as: ADMIN,
      env: fake.env,
      body: { ...risky, override: true, reason: "the lead asked for my number" },
    });
    expect(ok.status).toBe(200);
    expect(fake.calls).toHaveLength(1);
    const audit = await rows(
      "SELECT actor, entity_id, after_json FROM audit_log WHERE action = 'guardrail_override'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: ADMIN, entity_id: `${draftId}.v2` });
    expect(String(audit[0]?.after_json)).toContain("the lead asked for my number");
  });

  it("reject closes a draft; approving it afterwards is a conflict", async () => {
    const { draftId } = await pipelineDraft();
    const fake = recordingAccounts();
    const res = await call("POST", `/api/replies/${draftId}/reject`, {
      as: AGENT,
      env: fake.env,
      body: { reason: "wrong listing" },
    });
    expect(res.status).toBe(200);
    expect((await json<ActionJson>(res)).reply.status).toBe("rejected");
    expect((await call("POST", `/api/replies/${draftId}/approve`, { as: AGENT, env: fake.env })).status).toBe(
      409,
    );
    expect(fake.calls).toEqual([]);
    expect(await rows("SELECT count(*) AS n FROM audit_log WHERE action = 'reply_rejected'")).toEqual([
      { n: 1 },
    ]);
    expect((await call("POST", "/api/replies/nope/approve", { as: AGENT })).status).toBe(404);
  });

  it("approve is refused for an opted-out lead", async () => {
    const { conv, draftId } = await pipelineDraft();
    const fake = recordingAccounts();
    expect(
      (await call("PUT", `/api/conversations/${conv.id}/opt-out`, { as: AGENT, body: { optedOut: true } }))
        .status,
    ).toBe(200);
    const res = await call("POST", `/api/replies/${draftId}/approve`, { as: ADMIN, env: fake.env });
    expect(res.status).toBe(409);
    expect(fake.calls).toEqual([]);
  });
});

describe("manual reply", () => {
  it("passes guardrails, pauses the conversation and enqueues once per idempotency key (draft_only allowed)", async () => {
    const conv = await seedConversation(DRAFT);
    await seedMessage(DRAFT, conv.id, "Can I view it Saturday?");
    const fake = recordingAccounts();
    const body = { body: "Hi Jane, Saturday 11am works.", idempotencyKey: "click-0001" };
    const res = await call("POST", `/api/conversations/${conv.id}/reply`, { as: AGENT, env: fake.env, body });
    expect(res.status).toBe(201);
    const first = await json<ActionJson>(res);
    expect(first.reply).toMatchObject({ kind: "manual", status: "queued", version: 1 });
    expect(fake.calls).toEqual([
      expect.objectContaining({ origin: "manual", dispatchKey: first.reply.dispatchKey }),
    ]);
    expect(first.reply.dispatchKey).toBe(
      await dispatchKey(DRAFT.accountId, conv.threadId, { manualReplyId: first.reply.id }, 1),
    );
    expect((await rows("SELECT paused, paused_by FROM conversations WHERE id = ?", conv.id))[0]).toEqual({
      paused: 1,
      paused_by: AGENT,
    });

    const twice = await call("POST", `/api/conversations/${conv.id}/reply`, {
      as: AGENT,
      env: fake.env,
      body,
    });
    expect(twice.status).toBe(200);
    expect((await json<ActionJson>(twice)).reply.id).toBe(first.reply.id);
    expect(await rows("SELECT count(*) AS n FROM replies WHERE kind = 'manual'")).toEqual([{ n: 1 }]);
    expect(new Set(fake.calls.map((c) => c.dispatchKey)).size).toBe(1);

    const reused = await call("POST", `/api/conversations/${conv.id}/reply`, {
      as: AGENT,
      env: fake.env,
      body: { ...body, body: "Something else" },
    });
    expect(reused.status).toBe(409);
  });

  it("the same reply sent twice without an idempotency key (a double click) is one reply; after the lead writes again it is a new one", async () => {
    const conv = await seedConversation(DRAFT);
    await seedMessage(DRAFT, conv.id, "Is parking included?");
    const fake = recordingAccounts();
    const send = (as = AGENT) =>
      call("POST", `/api/conversations/${conv.id}/reply`, {
        as,
        env: fake.env,
        body: { body: "Yes, one parking space is included." },
      });
    // Two clicks at once, then a third a moment later: one reply, one dispatch key.
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send(ADMIN);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(c.status).toBe(200);
    const ids = new Set<string>();
    for (const r of [a, b, c]) ids.add((await json<ActionJson>(r)).reply.id);
    expect(ids.size).toBe(1);
    expect(await rows("SELECT count(*) AS n FROM replies WHERE kind = 'manual'")).toEqual([{ n: 1 }]);
    expect(new Set(fake.calls.map((x) => x.dispatchKey)).size).toBe(1);

    // The lead asks again: the same words are now a new reply to a new message.
    await seedMessage(DRAFT, conv.id, "Sorry, I meant: is there a second space?");
    const again = await send();
    expect(again.status).toBe(201);
    expect(ids.has((await json<ActionJson>(again)).reply.id)).toBe(false);
    expect(new Set(fake.calls.map((x) => x.dispatchKey)).size).toBe(2);
  });

  it("refuses risky text with reasons; an agent cannot override; an admin can, audited", async () => {
    const conv = await seedConversation(AUTO);
    const fake = recordingAccounts();
    const risky = { body: "Sorry, no kids. Email me at owner@example.com" };
    const held = await call("POST", `/api/conversations/${conv.id}/reply`, {
      as: AGENT,
      env: fake.env,
      body: risky,
    });
    expect(held.status).toBe(422);
    expect((await json<ErrorJson>(held)).error.details?.guardrails).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: "outbound_steering" })]),
    );
    const agent = await call("POST", `/api/conversations/${conv.id}/reply`, {
      as: AGENT,
      env: fake.env,
      body: { ...risky, override: true, reason: "really" },
    });
    expect(agent.status).toBe(403);
    expect(fake.calls).toEqual([]);
    expect((await rows("SELECT paused FROM conversations WHERE id = ?", conv.id))[0]?.paused).toBe(0);

    const admin = await call("POST", `/api/conversations/${conv.id}/reply`, {
      as: ADMIN,
      env: fake.env,
      body: { ...risky, override: true, reason: "legal reviewed the wording" },
    });
    expect(admin.status).toBe(201);
    expect(fake.calls).toHaveLength(1);
    expect(await rows("SELECT actor FROM audit_log WHERE action = 'guardrail_override'")).toEqual([
      { actor: ADMIN },
    ]);
  });

  it("reaches the real account object", async () => {
    const conv = await seedConversation(AUTO);
    const res = await call("POST", `/api/conversations/${conv.id}/reply`, {
      as: ADMIN,
      body: { body: "Hello Jane" },
    });
    expect(res.status).toBe(201);
    const { reply } = await json<ActionJson>(res);
    const items = await accountStub(env, AUTO).outbox();
    expect(items.filter((i) => i.dispatchKey === reply.dispatchKey)).toEqual([
      expect.objectContaining({ replyId: reply.id, origin: "manual" }),
    ]);
  });

  it("validates the body", async () => {
    const conv = await seedConversation(AUTO);
    const res = await call("POST", `/api/conversations/${conv.id}/reply`, {
      as: ADMIN,
      body: { body: "  " },
    });
    expect(res.status).toBe(400);
    expect((await json<ErrorJson>(res)).error.issues?.length).toBeGreaterThan(0);
    expect(
      (await call("POST", "/api/conversations/none/reply", { as: ADMIN, body: { body: "hi" } })).status,
    ).toBe(404);
  });
});

describe("conversations API", () => {
  it("pause and resume are audited and stop automatic replies", async () => {
    const conv = await seedConversation(AUTO);
    const paused = await call("POST", `/api/conversations/${conv.id}/pause`, { as: AGENT });
    expect(await json(paused)).toMatchObject({ paused: true, pausedBy: AGENT });
    await call("POST", `/api/conversations/${conv.id}/pause`, { as: AGENT });
    const msg = await seedMessage(AUTO, conv.id, "Can I view it Saturday?");
    expect(await decideNewMessages(env, AUTO, now())).toEqual([]);
    expect((await decisionOf(msg))?.reason).toBe("conversation_paused");
    const resumed = await call("POST", `/api/conversations/${conv.id}/resume`, { as: AGENT });
    expect(await json(resumed)).toMatchObject({ paused: false, pausedBy: null });
    expect(await rows("SELECT action FROM audit_log WHERE entity_type = 'conversation' ORDER BY id")).toEqual(
      [{ action: "conversation_paused" }, { action: "conversation_resumed" }],
    );
  });

  it("opt-out: anyone may set it, only admins clear it, audited", async () => {
    const conv = await seedConversation(AUTO);
    expect(
      await json(
        await call("PUT", `/api/conversations/${conv.id}/opt-out`, { as: AGENT, body: { optedOut: true } }),
      ),
    ).toMatchObject({
      optedOut: true,
      leadKey: conv.threadId,
    });
    expect(
      (await call("PUT", `/api/conversations/${conv.id}/opt-out`, { as: AGENT, body: { optedOut: false } }))
        .status,
    ).toBe(403);
    expect(
      (await call("PUT", `/api/conversations/${conv.id}/opt-out`, { as: ADMIN, body: { optedOut: false } }))
        .status,
    ).toBe(200);
    expect(
      (await call("PUT", `/api/conversations/${conv.id}/opt-out`, { as: ADMIN, body: { optedOut: "no" } }))
        .status,
    ).toBe(400);
    expect(await rows("SELECT action FROM audit_log WHERE entity_type = 'lead' ORDER BY id")).toEqual([
      { action: "lead_opted_out" },
      { action: "lead_opted_in" },
    ]);
  });

  it("lists with filters and pages, and shows the detail with decisions and replies", async () => {
    const review = await seedConversation(AUTO);
    await seedMessage(AUTO, review.id, "My lawyer will be in touch <b>soon</b>");
    const drafted = await seedConversation(DRAFT);
    await seedMessage(DRAFT, drafted.id, "Can I view it Saturday?");
    const paused = await seedConversation(AUTO, { paused: true });
    await decideNewMessages(env, AUTO, now());
    await decideNewMessages(env, DRAFT, now());

    type ListJson = {
      items: {
        id: string;
        lastMessage: { preview: string } | null;
        latestDecision: { action: string; reason: string } | null;
        counts: { drafts: number };
      }[];
      nextCursor: string | null;
    };
    const all = await json<ListJson>(await call("GET", "/api/conversations", { as: AGENT }));
    expect(all.items.map((i) => i.id)).toEqual([paused.id, drafted.id, review.id]);
    const needs = await json<ListJson>(
      await call("GET", "/api/conversations?filter=needs_review", { as: AGENT }),
    );
    expect(needs.items.map((i) => i.id)).toEqual([review.id]);
    expect(needs.items[0]?.latestDecision).toMatchObject({ action: "review", reason: "inbound_guardrail" });
    expect(needs.items[0]?.lastMessage?.preview).toBe("My lawyer will be in touch soon");
    const drafts = await json<ListJson>(
      await call("GET", "/api/conversations?filter=draft_waiting", { as: AGENT }),
    );
    expect(drafts.items.map((i) => [i.id, i.counts.drafts])).toEqual([[drafted.id, 1]]);
    const pausedOnly = await json<ListJson>(
      await call("GET", "/api/conversations?filter=paused&platform=spareroom", { as: AGENT }),
    );
    expect(pausedOnly.items.map((i) => i.id)).toEqual([paused.id]);
    const byAccount = await json<ListJson>(
      await call("GET", `/api/conversations?accountId=${DRAFT.accountId}`, { as: AGENT }),
    );
    expect(byAccount.items.map((i) => i.id)).toEqual([drafted.id]);

    const page1 = await json<ListJson>(await call("GET", "/api/conversations?limit=2", { as: AGENT }));
    expect(page1.items).toHaveLength(2);
    const page2 = await json<ListJson>(
      await call("GET", `/api/conversations?limit=2&cursor=${page1.nextCursor}`, { as: AGENT }),
    );
    expect(page2.items.map((i) => i.id)).toEqual([review.id]);
    expect(page2.nextCursor).toBeNull();
    expect((await call("GET", "/api/conversations?filter=bogus", { as: AGENT })).status).toBe(400);
    expect((await call("GET", "/api/conversations?cursor=xyz", { as: AGENT })).status).toBe(400);

    const detail = await json<{
      messages: { body: string }[];
      decisions: { action: string; reason: string; guardrails: { code: string }[] }[];
      replies: unknown[];
    }>(await call("GET", `/api/conversations/${review.id}`, { as: AGENT }));
    expect(detail.messages[0]?.body).toBe("My lawyer will be in touch <b>soon</b>");
    expect(detail.decisions[0]).toMatchObject({ action: "review", reason: "inbound_guardrail" });
    expect(detail.decisions[0]?.guardrails[0]?.code).toBe("legal_threat");
    expect(detail.replies).toEqual([]);
    expect((await call("GET", "/api/conversations/nope", { as: AGENT })).status).toBe(404);
  });
});

describe("templates and listings", () => {
  it("templates: create, validate variables and wording, new version on body change, admin only", async () => {
    const bad = await call("POST", "/api/templates", {
      as: ADMIN,
      body: { intent: "pets", name: "p", body: "Hi {{firstname}}" },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await json(bad))).toContain("firstname");
    const steering = await call("POST", "/api/templates", {
      as: ADMIN,
      body: { intent: "pets", name: "p", body: "Perfect for young professionals at {{listing_title}}" },
    });
    expect(steering.status).toBe(400);
    expect(
      (
        await call("POST", "/api/templates", {
          as: ADMIN,
          body: { intent: "opt_out", name: "x", body: "ok" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call("POST", "/api/templates", {
          as: AGENT,
          body: { intent: "pets", name: "p", body: "Yes, pets are welcome." },
        })
      ).status,
    ).toBe(403);

    const created = await call("POST", "/api/templates", {
      as: ADMIN,
      body: {
        intent: "pets",
        name: "Pets",
        body: "Hi {{first_name}}, cats are welcome.",
        accountId: AUTO.accountId,
      },
    });
    expect(created.status).toBe(201);
    const t = await json<{ id: string; version: number }>(created);
    expect(t.version).toBe(1);
    const renamed = await json<{ version: number }>(
      await call("PATCH", `/api/templates/${t.id}`, { as: ADMIN, body: { name: "Pets 2" } }),
    );
    expect(renamed.version).toBe(1);
    const edited = await json<{ version: number; body: string }>(
      await call("PATCH", `/api/templates/${t.id}`, {
        as: ADMIN,
        body: { body: "Hi {{first_name}}, dogs and cats are welcome." },
      }),
    );
    expect(edited).toMatchObject({ version: 2, body: "Hi {{first_name}}, dogs and cats are welcome." });
    expect((await call("PATCH", `/api/templates/${t.id}`, { as: ADMIN, body: {} })).status).toBe(400);
    expect((await call("PATCH", "/api/templates/nope", { as: ADMIN, body: { name: "x" } })).status).toBe(404);

    const list = await json<{ items: { intent: string }[] }>(
      await call("GET", "/api/templates?intent=pets", { as: AGENT }),
    );
    expect(list.items).toHaveLength(1);
    expect(await rows("SELECT action FROM audit_log WHERE entity_type = 'template' ORDER BY id")).toEqual([
      { action: "template_created" },
      { action: "template_updated" },
      { action: "template_updated" },
    ]);
  });

  it("templates: a template may declare the intents it covers, and the decide step uses it (issue 26)", async () => {
    const bad = await call("POST", "/api/templates", {
      as: ADMIN,
      body: { intent: "pets", name: "p", body: "Cats are welcome.", covers: ["opt_out"] },
    });
    expect(bad.status).toBe(400);
    const created = await call("POST", "/api/templates", {
      as: ADMIN,
      body: {
        intent: "pets",
        name: "Pets and rent",
        body: "Hi {{first_name}}, cats are welcome, and the rent is as listed.",
        accountId: AUTO.accountId,
        covers: ["price_deposit"],
      },
    });
    expect(created.status).toBe(201);
    const t = await json<{ id: string; covers: string[] | null }>(created);
    expect(t.covers).toEqual(["price_deposit"]);
    const conv = await seedConversation(AUTO);
    const msg = await seedMessage(AUTO, conv.id, "Do you allow cats? And how much is the rent?");
    await decideNewMessages(env, AUTO, now());
    expect(await decisionOf(msg)).toMatchObject({ action: "send", reason: "auto_send_eligible" });
    expect(await rows("SELECT template_id, body FROM replies")).toEqual([
      { template_id: t.id, body: "Hi Jane, cats are welcome, and the rent is as listed." },
    ]);
    const cleared = await json<{ covers: string[] | null }>(
      await call("PATCH", `/api/templates/${t.id}`, { as: ADMIN, body: { covers: null } }),
    );
    expect(cleared.covers).toBeNull();
  });

  it("listings: create, conflict, validation, patch, list", async () => {
    const body = {
      accountId: DRAFT.accountId,
      externalId: "L2",
      title: "Loft",
      price: "$1,100",
      viewingLink: "https://example.com/v/2",
    };
    const created = await call("POST", "/api/listings", { as: ADMIN, body });
    expect(created.status).toBe(201);
    const l = await json<{ id: string; source: string }>(created);
    expect(l.source).toBe("manual");
    expect((await call("POST", "/api/listings", { as: ADMIN, body })).status).toBe(409);
    expect(
      (
        await call("POST", "/api/listings", {
          as: ADMIN,
          body: { ...body, externalId: "L3", viewingLink: "javascript:alert(1)" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call("POST", "/api/listings", {
          as: ADMIN,
          body: { ...body, accountId: "nope", externalId: "L4" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call("POST", "/api/listings", { as: AGENT, body: { ...body, externalId: "L5" } })).status,
    ).toBe(403);

    const patched = await json<{ price: string; active: boolean }>(
      await call("PATCH", `/api/listings/${l.id}`, { as: ADMIN, body: { price: "$1,150", active: false } }),
    );
    expect(patched).toMatchObject({ price: "$1,150", active: false });
    const list = await json<{ items: { externalId: string }[] }>(
      await call("GET", `/api/listings?accountId=${DRAFT.accountId}&active=true`, { as: AGENT }),
    );
    expect(list.items.map((i) => i.externalId)).toEqual(["L1"]);
  });
});
