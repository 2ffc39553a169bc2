/**
 * Metrics per Worker version and GET /api/metrics?version=&baseline= (docs/release.md): a real
 * run in the account object records its outcomes under the running version, and two versions'
 * outcomes — written through the same D1 effects the object uses, each under its own version
 * metadata — come back apart and exact.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountRef } from "../../domain/account/address.ts";
import { decideNewMessages } from "../../domain/decide/decide-messages.ts";
import {
  countMetric,
  recordAccountError,
  recordDead,
  recordDelivered,
} from "../../durable-objects/account/d1-effects.ts";
import type { OutboxItem } from "../../durable-objects/account/outbox-store.ts";
import type { RunReport } from "../../durable-objects/account/run.ts";
import { countRun } from "../../durable-objects/account/run-metrics.ts";
import {
  type VersionComparison,
  versionComparisonSchema,
} from "../../worker/metrics/version-comparison-shape.ts";
import { sandbox } from "../support/sandbox-client.ts";
import { firstThread, queuedReply, settle, setupAccount } from "./dispatch-harness.ts";
import { AGENT, call, json, seedAccounts, seedUsers } from "./helpers.ts";

const NEW = "11111111-2222-4333-8444-000000000001";
const OLD = "11111111-2222-4333-8444-000000000002";
const asVersion = (id: string): Env => ({ ...env, CF_VERSION_METADATA: { id, tag: "", timestamp: "" } });

let seq = 0;
const uid = (p: string) => `${p}-${++seq}-${Date.now()}`;

async function seedConversation(ref: AccountRef): Promise<string> {
  const id = uid("conv");
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO conversations (id, account_id, platform, external_thread_id, lead_name, listing_ref, created_at, updated_at, last_message_at)
     VALUES (?, ?, ?, ?, 'jane doe', 'L1', ?, ?, ?)`,
  )
    .bind(id, ref.accountId, ref.platform, uid("thread"), now, now, now)
    .run();
  return id;
}

async function seedInbound(ref: AccountRef, conversationId: string, body: string) {
  const at = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO messages (id, conversation_id, account_id, external_message_id, direction, body, sent_at, created_at)
     VALUES (?, ?, ?, ?, 'inbound', ?, ?, ?)`,
  )
    .bind(uid("msg"), conversationId, ref.accountId, uid("ext"), body, at, at)
    .run();
}

/** A reply row and the outbox item the object would hold for it, enqueued `latencyMs` before its delivery. */
async function outboxItem(ref: AccountRef, latencyMs: number): Promise<OutboxItem> {
  const conversationId = await seedConversation(ref);
  const replyId = uid("reply");
  const key = uid("key");
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO replies (id, conversation_id, account_id, kind, version, body, status, dispatch_key, created_by, created_at, updated_at, updated_by)
     VALUES (?, ?, ?, 'auto', 1, 'Viewings are on Saturday.', 'queued', ?, 'test', ?, ?, 'test')`,
  )
    .bind(replyId, conversationId, ref.accountId, key, now, now)
    .run();
  const deliveredAt = Date.now();
  return {
    dispatchKey: key,
    replyId: replyId,
    conversationId: conversationId,
    threadId: uid("thread"),
    leadKey: "lead",
    body: "Viewings are on Saturday.",
    origin: "auto",
    state: "delivered",
    attempts: 1,
    nextAt: null,
    leaseOwner: null,
    leaseStarted: null,
    submittedAt: null,
    firstSubmittedAt: null,
    unknownSince: null,
    lastClass: null,
    lastError: null,
    firstError: null,
    lastStage: "submit",
    evidenceId: null,
    platformMessageId: null,
    readbackFailures: 0,
    baseline: null,
    submitAnswer: null,
    confirmedMessageId: null,
    createdAt: deliveredAt - latencyMs,
    updatedAt: deliveredAt,
  };
}

function runReport(failure: RunReport["failure"]): RunReport {
  return {
    skipped: null,
    launched: true,
    reused: false,
    pageLoads: 3,
    threadsListed: 1,
    threadsOpened: 0,
    newMessages: 0,
    enqueued: 0,
    processed: 0,
    delivered: 0,
    failure,
    wakeAt: null,
  };
}

async function compare(query: string): Promise<VersionComparison> {
  const res = await call("GET", `/api/metrics?${query}`, { as: AGENT });
  expect(res.status).toBe(200);
  // The same schema the release script validates the API with.
  return versionComparisonSchema.parse(await res.json());
}

beforeEach(async () => {
  await seedUsers();
});

describe("a real run records its outcomes under the running version", () => {
  beforeEach(async () => {
    await sandbox.clearFaults();
    await sandbox.reset({ seed: 5 });
  });

  it("delivery, run and latency carry version_metadata.id, and the comparison reads them back", async () => {
    const running = env.CF_VERSION_METADATA.id;
    expect(running).toMatch(/^[0-9a-f-]{36}$/);
    const since = new Date(Date.now() - 60_000).toISOString();
    const { ref, stub } = await setupAccount("spareroom");
    const t = await firstThread("spareroom");
    const req = await queuedReply(ref, t.threadId, `Per-version delivery ${Date.now()}`);
    await stub.enqueue(req);
    expect((await settle(stub))[0]!.state).toBe("delivered");

    const reply = await env.DB.prepare(
      "SELECT delivered_version_id AS v, delivery_ms AS ms, delivered_at AS at FROM replies WHERE id = ?",
    )
      .bind(req.replyId)
      .first<{ v: string; ms: number; at: string }>();
    expect(reply?.v).toBe(running);
    expect(reply?.ms).toBeGreaterThanOrEqual(0);
    expect(reply?.at).toBeTruthy();

    // The run records itself after its last write, so the delivery can be seen before the run is.
    let c = await compare(`version=${running}&baseline=${OLD}&since=${since}`);
    for (let i = 0; i < 60 && !(c.version.runs.byResult.ok ?? 0); i++) {
      await new Promise((r) => setTimeout(r, 500));
      c = await compare(`version=${running}&baseline=${OLD}&since=${since}`);
    }
    expect(c.version.versionId).toBe(running);
    expect(c.version.dispatch.delivered).toBeGreaterThanOrEqual(1);
    expect(c.version.byPlatform.spareroom?.delivered).toBeGreaterThanOrEqual(1);
    expect(c.version.runs.byResult.ok).toBeGreaterThanOrEqual(1);
    expect(c.version.delivery.count).toBeGreaterThanOrEqual(1);
    expect(c.version.delivery.p95Ms).not.toBeNull();
    expect(c.baseline.dispatch.delivered).toBe(0);
    expect(c.baseline.runs.total).toBe(0);

    // The plain roll-up behind /api/metrics is unchanged.
    const plain = await json<{ byPlatform: Record<string, Record<string, number>> }>(
      await call("GET", "/api/metrics?hours=1", { as: AGENT }),
    );
    expect(plain.byPlatform.spareroom?.success).toBeGreaterThanOrEqual(1);
  });
});

describe("GET /api/metrics?version=&baseline=", () => {
  const ref: AccountRef = { accountId: "acc-version-cmp", platform: "roomies" };
  const other: AccountRef = { accountId: "acc-version-cmp-2", platform: "leasebreak" };

  beforeAll(async () => {
    await seedAccounts([
      { id: ref.accountId, platform: ref.platform, label: uid("cmp"), sendMode: "auto_send" },
      { id: other.accountId, platform: other.platform, label: uid("cmp"), sendMode: "draft_only" },
    ]);
    const now = new Date().toISOString();
    await env.DB.prepare(
      `INSERT INTO templates (id, account_id, intent, name, body, version, created_at, updated_at, updated_by)
       VALUES ('tpl-version-cmp', NULL, 'tour_request', 'tour', 'Hi {{first_name}}, book a viewing of {{listing_title}} here: {{viewing_link}}', 1, ?, ?, 'test')`,
    )
      .bind(now, now)
      .run();
    for (const a of [ref, other])
      await env.DB.prepare(
        `INSERT INTO listings (id, account_id, external_id, title, price, viewing_link, source, updated_at, updated_by)
         VALUES (?, ?, 'L1', 'Sunny double room', '$900', 'https://example.com/view/l1', 'manual', ?, 'test')`,
      )
        .bind(`lst-${a.accountId}`, a.accountId, now)
        .run();
  });

  beforeEach(async () => {
    await env.DB.exec(
      "DELETE FROM version_metrics; DELETE FROM version_runs; DELETE FROM dead_letters; DELETE FROM account_errors; DELETE FROM decisions;",
    );
  });

  it("keeps each version's sends, drafts, review, failures, duplicates, dead letters and p95 apart", async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const vNew = asVersion(NEW);
    const vOld = asVersion(OLD);

    // Dispatch outcomes, as the object counts them.
    for (let i = 0; i < 3; i++) await countMetric(vNew, ref, "submit", "success", uid("k"));
    await countMetric(vNew, other, "confirm", "success", uid("k"));
    await countMetric(vNew, ref, "submit", "retry", uid("k"), "transient");
    await countMetric(vNew, ref, "compose", "fail", uid("k"), "selector_drift");
    await countMetric(vNew, ref, "compose", "duplicate_suppressed", uid("k"));
    await countMetric(vNew, ref, "compose", "duplicate_suppressed", uid("k"));
    for (let i = 0; i < 5; i++) await countMetric(vOld, ref, "submit", "success", uid("k"));
    await countMetric(vOld, ref, "compose", "blocked", uid("k"));

    // Dead letters: the new version leaves one unconfirmed and one drifted.
    const unconfirmed = await outboxItem(ref, 0);
    await recordDead(vNew, ref, unconfirmed, {
      stage: "confirm",
      failureClass: "unconfirmed",
      error: "still sending",
      evidenceId: null,
    });
    await recordDead(vNew, ref, await outboxItem(ref, 0), {
      stage: "compose",
      failureClass: "selector_drift",
      error: "no reply box",
      evidenceId: null,
    });
    await recordDead(vOld, ref, await outboxItem(ref, 0), {
      stage: "submit",
      failureClass: "rejected",
      error: "blocked word",
      evidenceId: null,
    });

    // Runs and account-level failures.
    for (let i = 0; i < 3; i++) await countRun(vNew, ref, runReport(null));
    await countRun(vNew, ref, runReport({ class: "captcha", step: "inbox", message: "captcha" }));
    await countRun(
      vNew,
      ref,
      runReport({ class: "transient", step: "launch", message: "budget", marker: "page_budget" }),
    );
    await recordAccountError(vNew, ref, "ingest", { class: "captcha", step: "inbox", message: "captcha" });
    await countRun(vOld, ref, runReport(null));
    await countRun(vOld, ref, runReport(null));
    await countRun(vOld, ref, { ...runReport(null), skipped: "idle" }); // no browser: not a run

    // Deliveries 1 s … 20 s after enqueue on the new version; 5 s on the old one.
    for (let s = 1; s <= 20; s++) await recordDelivered(vNew, ref, await outboxItem(ref, s * 1000), null);
    await recordDelivered(vOld, ref, await outboxItem(ref, 5000), null);

    // Decisions through the pipeline: the new version decides on both accounts.
    const c1 = await seedConversation(ref);
    await seedInbound(ref, c1, "Can I view it Saturday?");
    const c2 = await seedConversation(ref);
    await seedInbound(ref, c2, "Are kids ok? My lawyer will be in touch.");
    expect(await decideNewMessages(vNew, ref, new Date())).toHaveLength(1);
    const c3 = await seedConversation(other);
    await seedInbound(other, c3, "Can I view it Saturday?");
    expect(await decideNewMessages(vNew, other, new Date())).toEqual([]);
    const c4 = await seedConversation(ref);
    await seedInbound(ref, c4, "Can I view it on Sunday?");
    expect(await decideNewMessages(vOld, ref, new Date())).toHaveLength(1);

    const c = await compare(`version=${NEW}&baseline=${OLD}&since=${since}`);
    const v = c.version;
    expect(v.dispatch).toEqual({ delivered: 4, failed: 1, retries: 1, blocked: 0, duplicatesSuppressed: 2 });
    expect(v.failures).toEqual(
      expect.arrayContaining([
        { outcome: "fail", stage: "compose", class: "selector_drift", count: 1 },
        { outcome: "retry", stage: "submit", class: "transient", count: 1 },
      ]),
    );
    expect(v.failures).toHaveLength(2);
    expect(v.deadLetters).toEqual({ total: 2, byClass: { unconfirmed: 1, selector_drift: 1 } });
    expect(v.runs).toEqual({ total: 5, byResult: { ok: 3, captcha: 1, paced: 1 } });
    expect(v.accountErrors).toEqual([{ stage: "ingest", class: "captcha", count: 1 }]);
    expect(v.decisions).toEqual({
      total: 3,
      send: 1,
      draft: 1,
      review: 1,
      blocked: 0,
      suppressed: 0,
      wouldSend: 2,
    });
    expect(v.delivery).toEqual({ count: 20, p50Ms: 10_000, p95Ms: 19_000 });
    expect(v.byPlatform.roomies).toEqual({ runs: 5, accountErrors: 1, delivered: 3, failed: 1, retries: 1 });
    expect(v.byPlatform.leasebreak).toEqual({
      runs: 0,
      accountErrors: 0,
      delivered: 1,
      failed: 0,
      retries: 0,
    });
    expect(v.rates.failure).toBeCloseTo(1 / 5);
    expect(v.rates.duplicate).toBeCloseTo(2 / 5);
    expect(v.rates.unconfirmed).toBeCloseTo(1 / 5);
    expect(v.rates.byPlatform.roomies).toEqual({ failure: 1 / 4, accountError: 1 / 5 });
    expect(v.rates.review).toBeCloseTo(1 / 3);
    expect(v.rates.wouldSend).toBeCloseTo(2 / 3);
    expect(v.rates.accountErrors).toEqual({ captcha: 1 / 5 });

    const b = c.baseline;
    expect(b.versionId).toBe(OLD);
    expect(b.dispatch).toEqual({ delivered: 5, failed: 0, retries: 0, blocked: 1, duplicatesSuppressed: 0 });
    expect(b.deadLetters).toEqual({ total: 1, byClass: { rejected: 1 } });
    expect(b.runs).toEqual({ total: 2, byResult: { ok: 2 } });
    expect(b.decisions).toMatchObject({ total: 1, send: 1, wouldSend: 1 });
    expect(b.delivery).toEqual({ count: 1, p50Ms: 5000, p95Ms: 5000 });
    expect(b.rates.failure).toBe(0);

    // A baseline window that ended before anything happened holds nothing.
    const earlier = await compare(
      `version=${NEW}&baseline=${OLD}&since=${since}&baselineSince=2020-01-01T00:00:00Z&baselineUntil=2020-01-01T01:00:00Z`,
    );
    expect(earlier.baseline.dispatch.delivered).toBe(0);
    expect(earlier.baseline.rates.failure).toBeNull();
    expect(earlier.version.dispatch.delivered).toBe(4);
  });

  it("a repaired delivery keeps the version and latency of the run that confirmed it", async () => {
    const item = await outboxItem(ref, 1234);
    await recordDelivered(asVersion(NEW), ref, item, null);
    await recordDelivered(asVersion(OLD), ref, { ...item, updatedAt: item.updatedAt + 60_000 }, null);
    const row = await env.DB.prepare(
      "SELECT delivered_version_id AS v, delivery_ms AS ms FROM replies WHERE id = ?",
    )
      .bind(item.replyId)
      .first();
    expect(row).toEqual({ v: NEW, ms: 1234 });
  });

  it("refuses a malformed comparison with 400 and the issues", async () => {
    const bad = [
      `version=${NEW}`,
      `baseline=${OLD}`,
      `version=${NEW}&baseline=${OLD}&since=yesterday`,
      `version=${NEW}&baseline=${OLD}&since=2025-01-02T00:00:00Z&until=2025-01-01T00:00:00Z`,
      `version=${NEW}&baseline=${OLD}&since=2024-01-01T00:00:00Z&until=2025-01-01T00:00:00Z`,
      `version=${NEW}&baseline=${OLD}&baselineUntil=2025-01-01T00:00:00Z`,
      `version=${NEW}&baseline=${OLD}&hours=1`,
      `version=a%20b&baseline=${OLD}`,
      "since=2025-01-01T00:00:00Z",
    ];
    for (const q of bad) {
      const res = await call("GET", `/api/metrics?${q}`, { as: AGENT });
      expect(res.status, q).toBe(400);
      const body = await json<{ error: { code: string; issues?: unknown[] } }>(res);
      expect(body.error.code, q).toBe("validation_failed");
      expect(body.error.issues?.length, q).toBeGreaterThan(0);
    }
    expect((await call("GET", `/api/metrics?version=${NEW}&baseline=${OLD}`)).status).toBe(401);
  });
});
