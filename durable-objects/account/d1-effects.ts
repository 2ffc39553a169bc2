/**
 * What the account object writes to D1. The object's SQLite is the source of truth for the
 * outbox; D1 mirrors outcomes for the API and admin. D1 and the object do not share
 * transactions, so every write here is an UPSERT or a guarded UPDATE keyed by the dispatch
 * key or reply id: repeating one after a crash changes nothing.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Failure } from "../../connectors/core/failures.ts";
import type { AccountRef } from "../../domain/account/address.ts";
import { enqueueRequestOf } from "../../domain/account/enqueue-request.ts";
import type { EnqueueRequest } from "../../domain/account/rpc.ts";
import { auditInsert } from "../../domain/audit/audit-log.ts";
import { type Db, db } from "../../domain/db/client.ts";
import {
  accountErrors,
  accountHealth,
  conversations,
  type DlqStage,
  deadLetters,
  dispatchMetrics,
  leadOptouts,
  type MetricOutcome,
  messages,
  replies,
  versionMetrics,
} from "../../domain/db/schema.ts";
import { logEvent } from "../../domain/log.ts";
import { readAccountPolicy } from "../../domain/policy/policy-store.ts";
import { minuteBucket, versionIdOf } from "../../domain/version.ts";
import type { OutboxItem } from "./outbox-store.ts";
import type { PolicySnapshot } from "./send-policy.ts";

const ACTOR = "system:dispatch";

/** The D1 half of the send-time policy (the queue age comes from the outbox). */
export async function policySnapshot(
  d: Db,
  ref: AccountRef,
  item: OutboxItem,
): Promise<Omit<PolicySnapshot, "queuedForMs" | "autoReplyMaxAgeMs">> {
  const [policy, optout, conv] = await Promise.all([
    readAccountPolicy(d, ref.accountId),
    d
      .select({ optedOut: leadOptouts.optedOut })
      .from(leadOptouts)
      .where(and(eq(leadOptouts.accountId, ref.accountId), eq(leadOptouts.leadKey, item.leadKey)))
      .get(),
    d
      .select({ paused: conversations.paused })
      .from(conversations)
      .where(eq(conversations.id, item.conversationId))
      .get(),
  ]);
  return {
    accountExists: policy !== null,
    accountActive: policy?.account.isActive ?? false,
    effectiveSendMode: policy?.effectiveSendMode ?? "draft_only",
    leadOptedOut: optout?.optedOut ?? false,
    conversationPaused: conv?.paused ?? false,
  };
}

export async function recordDelivered(
  env: Env,
  ref: AccountRef,
  item: OutboxItem,
  platformMessageId: string | null,
) {
  const d = db(env.DB);
  const now = new Date().toISOString();
  const externalId = platformMessageId ?? `dispatch:${item.dispatchKey}`;
  await d.batch([
    d
      .update(replies)
      .set({
        status: "delivered",
        platformMessageId,
        updatedAt: now,
        updatedBy: ACTOR,
        // First write wins: a later repair of the same delivery (the queued sweep) keeps the
        // version and latency of the run that confirmed it. The item's updated_at is the moment
        // it became delivered, its created_at the enqueue.
        deliveredVersionId: sql`coalesce(${replies.deliveredVersionId}, ${versionIdOf(env)})`,
        deliveredAt: sql`coalesce(${replies.deliveredAt}, ${new Date(item.updatedAt).toISOString()})`,
        deliveryMs: sql`coalesce(${replies.deliveryMs}, ${Math.max(0, item.updatedAt - item.createdAt)})`,
      })
      .where(eq(replies.id, item.replyId)),
    d
      .insert(messages)
      .values({
        id: crypto.randomUUID(),
        conversationId: item.conversationId,
        accountId: ref.accountId,
        externalMessageId: externalId,
        direction: "outbound",
        body: item.body,
        sentAt: now,
        origin: item.origin === "manual" ? "manual" : "bot",
        dispatchKey: item.dispatchKey,
        createdAt: now,
      })
      .onConflictDoNothing(),
    d
      .update(conversations)
      .set({ lastMessageAt: now, updatedAt: now })
      .where(eq(conversations.id, item.conversationId)),
    d
      .update(deadLetters)
      .set({ status: "delivered", updatedAt: now })
      .where(and(eq(deadLetters.dispatchKey, item.dispatchKey), eq(deadLetters.status, "redriven"))),
    healthUpsert(d, ref.accountId, { lastSendAt: now }, now),
    auditInsert(d, {
      actor: ACTOR,
      action: "reply_delivered",
      entityType: "reply",
      entityId: item.replyId,
      after: { dispatchKey: item.dispatchKey, attempts: item.attempts, platformMessageId },
      at: now,
    }),
  ]);
}

export async function recordDead(
  env: Env,
  ref: AccountRef,
  item: OutboxItem,
  dead: { stage: DlqStage; failureClass: string; error: string; evidenceId: string | null },
) {
  const d = db(env.DB);
  const now = new Date().toISOString();
  await d.batch([
    d
      .insert(deadLetters)
      .values({
        dispatchKey: item.dispatchKey,
        accountId: ref.accountId,
        platform: ref.platform,
        conversationId: item.conversationId,
        replyId: item.replyId,
        stage: dead.stage,
        failureClass: dead.failureClass,
        attempts: item.attempts,
        firstError: item.firstError ?? dead.error,
        lastError: dead.error,
        evidenceId: dead.evidenceId,
        status: "open",
        createdAt: now,
        updatedAt: now,
        versionId: versionIdOf(env),
        deadAt: now,
      })
      .onConflictDoUpdate({
        target: deadLetters.dispatchKey,
        set: {
          stage: dead.stage,
          failureClass: dead.failureClass,
          attempts: item.attempts,
          lastError: dead.error,
          evidenceId: dead.evidenceId,
          status: "open",
          updatedAt: now,
          versionId: versionIdOf(env),
          deadAt: now,
        },
      }),
    d
      .update(replies)
      .set({ status: "dead", reason: dead.failureClass, updatedAt: now, updatedBy: ACTOR })
      .where(eq(replies.id, item.replyId)),
    auditInsert(d, {
      actor: ACTOR,
      action: "reply_dead_lettered",
      entityType: "reply",
      entityId: item.replyId,
      after: {
        dispatchKey: item.dispatchKey,
        stage: dead.stage,
        failureClass: dead.failureClass,
        attempts: item.attempts,
      },
      at: now,
    }),
  ]);
}

/** Policy (or a person) stopped a queued reply: back to a draft for a person, or cancelled — never sent. */
export async function recordStopped(
  env: Env,
  item: OutboxItem,
  verdict: "to_draft" | "cancel",
  reason: string,
  actor: string = ACTOR,
) {
  const d = db(env.DB);
  const now = new Date().toISOString();
  await d.batch([
    d
      .update(replies)
      .set({
        status: verdict === "to_draft" ? "draft" : "cancelled",
        reason,
        updatedAt: now,
        updatedBy: actor,
      })
      .where(eq(replies.id, item.replyId)),
    auditInsert(d, {
      actor,
      action: verdict === "to_draft" ? "reply_returned_to_draft" : "reply_cancelled",
      entityType: "reply",
      entityId: item.replyId,
      after: { dispatchKey: item.dispatchKey, reason },
      at: now,
    }),
  ]);
}

function healthUpsert(
  d: Db,
  accountId: string,
  patch: Partial<typeof accountHealth.$inferInsert>,
  now: string,
) {
  return d
    .insert(accountHealth)
    .values({ accountId, ...patch, updatedAt: now })
    .onConflictDoUpdate({ target: accountHealth.accountId, set: { ...patch, updatedAt: now } });
}

export async function mirrorHealth(
  env: Env,
  accountId: string,
  patch: Partial<typeof accountHealth.$inferInsert>,
) {
  const d = db(env.DB);
  await healthUpsert(d, accountId, patch, new Date().toISOString());
}

export async function recordAccountError(env: Env, ref: AccountRef, stage: string, f: Failure) {
  const d = db(env.DB);
  const now = new Date().toISOString();
  await d.batch([
    d.insert(accountErrors).values({
      accountId: ref.accountId,
      platform: ref.platform,
      stage,
      failureClass: f.class,
      detail: `${f.step}: ${f.message}`.slice(0, 300),
      at: now,
      versionId: versionIdOf(env),
    }),
    healthUpsert(d, ref.accountId, { lastErrorAt: now, lastErrorClass: f.class }, now),
  ]);
}

/**
 * Dispatch outcome counters (docs/observability.md): the D1 roll-up per minute for the admin,
 * the same count per Worker version and failure class for release comparisons, and Analytics
 * Engine in production.
 */
export async function countMetric(
  env: Env,
  ref: AccountRef,
  stage: string,
  outcome: MetricOutcome,
  dispatchKey?: string,
  failureClass = "",
) {
  const bucket = minuteBucket();
  const versionId = versionIdOf(env);
  const d = db(env.DB);
  await d.batch([
    d
      .insert(dispatchMetrics)
      .values({ bucket, platform: ref.platform, stage, outcome, count: 1 })
      .onConflictDoUpdate({
        target: [
          dispatchMetrics.bucket,
          dispatchMetrics.platform,
          dispatchMetrics.stage,
          dispatchMetrics.outcome,
        ],
        set: { count: sql`${dispatchMetrics.count} + 1` },
      }),
    d
      .insert(versionMetrics)
      .values({ bucket, versionId, platform: ref.platform, stage, outcome, failureClass, count: 1 })
      .onConflictDoUpdate({
        target: [
          versionMetrics.bucket,
          versionMetrics.versionId,
          versionMetrics.platform,
          versionMetrics.stage,
          versionMetrics.outcome,
          versionMetrics.failureClass,
        ],
        set: { count: sql`${versionMetrics.count} + 1` },
      }),
  ]);
  try {
    env.METRICS?.writeDataPoint({
      blobs: [ref.platform, stage, outcome, versionId, failureClass],
      doubles: [1],
      indexes: [ref.accountId],
    });
  } catch {
    // Analytics Engine is best effort; the D1 roll-up is the record.
  }
  logEvent(env, `dispatch_${outcome}`, {
    platform: ref.platform,
    accountId: ref.accountId,
    stage,
    dispatchKey,
    class: failureClass || undefined,
  });
}

/**
 * Replies D1 says are queued for this account. The API and the decide step write D1 first and
 * enqueue second; a crash between the two must not strand a reply, so each run enqueues any
 * the outbox lacks (and repairs D1 for any the outbox already finished).
 */
export async function queuedReplies(env: Env, ref: AccountRef): Promise<EnqueueRequest[]> {
  const rows = await db(env.DB)
    .select({
      id: replies.id,
      conversationId: replies.conversationId,
      body: replies.body,
      kind: replies.kind,
      dispatchKey: replies.dispatchKey,
      threadId: conversations.externalThreadId,
      leadRef: conversations.leadRef,
    })
    .from(replies)
    .innerJoin(conversations, eq(conversations.id, replies.conversationId))
    .where(
      and(eq(replies.accountId, ref.accountId), eq(replies.status, "queued"), isNotNull(replies.dispatchKey)),
    )
    .limit(200)
    .all();
  return rows.map((r) =>
    enqueueRequestOf(
      { ...ref, conversationId: r.conversationId, externalThreadId: r.threadId, leadRef: r.leadRef },
      { id: r.id, dispatchKey: r.dispatchKey!, body: r.body, kind: r.kind },
    ),
  );
}
