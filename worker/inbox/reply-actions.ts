/**
 * What a person does to a reply in the inbox: approve, edit (a new version, so a new dispatch
 * key), reject a draft, and cancel a queued reply that has not started to go. Approve, edit and
 * reject are guarded writes (they only happen if the reply is still a draft) with their audit
 * row in the same batch, so two people acting at once cannot both win; a cancel is decided by
 * the account object, the only place that knows whether a send has started.
 * Approving never sends: it queues the reply in D1 and enqueues it to the account object.
 */
import { and, eq, sql } from "drizzle-orm";
import type { AuditEntry } from "../../domain/audit/audit-log.ts";
import { type Db, db } from "../../domain/db/client.ts";
import { type ConversationRow, type ReplyRow, replies } from "../../domain/db/schema.ts";
import { auditIf, insertIf, runBatch } from "../../domain/decide/guarded-sql.ts";
import { replyDispatchKey, versionRowId } from "../../domain/decide/reply-lineage.ts";
import { checkOutbound, type GuardrailHit } from "../../domain/pipeline/index.ts";
import type { Caller } from "../api/app-env.ts";
import { ApiError } from "../api/errors.ts";
import { cancelInAccount } from "./account-outbox.ts";
import { type GateResult, gateOutbound, type OverrideRequest } from "./outbound-gate.ts";
import {
  assertSendable,
  type EnqueueView,
  enqueueReply,
  enqueueRequestOf,
  loadConversation,
  loadReply,
  type ReplyDto,
  replyDto,
} from "./reply-context.ts";

export interface ReplyActionResult {
  reply: ReplyDto;
  /** The object's answer when the reply was (re-)enqueued; null when nothing was handed over. */
  enqueue: EnqueueView | null;
  guardrails: GuardrailHit[];
}

const stillDraft = (id: string) => sql`EXISTS (SELECT 1 FROM replies WHERE id = ${id} AND status = 'draft')`;

/**
 * The reply's current state as a response. A queued reply is (re-)enqueued with its stored key —
 * harmless when the object already has it, and the retry path when an earlier enqueue failed. A
 * superseded reply answers with its newer version, so a repeated approve finds what the first did.
 */
export async function present(
  env: Env,
  d: Db,
  conv: ConversationRow,
  reply: ReplyRow,
  hits: GuardrailHit[] = [],
) {
  if (reply.status === "superseded") {
    const next = await d
      .select()
      .from(replies)
      .where(eq(replies.id, versionRowId(reply.id, reply.version + 1)))
      .get();
    if (next) return present(env, d, conv, next, hits);
  }
  const enqueue = reply.status === "queued" ? await enqueueReply(env, conv, reply) : null;
  return { reply: replyDto(reply), enqueue, guardrails: hits };
}

function overrideAudits(actor: string, replyId: string, gate: GateResult, at: string): AuditEntry[] {
  if (!gate.override) return [];
  return [
    {
      actor,
      action: "guardrail_override",
      entityType: "reply",
      entityId: replyId,
      after: { guardrails: gate.hits, reason: gate.override.reason },
      at,
    },
  ];
}

/**
 * Supersedes a draft with version+1 (new row, new key when queued). The new row's id is derived
 * from the lineage, so a competing edit or approve of the same version cannot add a second one.
 */
async function writeNewVersion(
  d: Db,
  conv: ConversationRow,
  reply: ReplyRow,
  opts: { body: string; queue: boolean; actor: string; at: string; audits: AuditEntry[] },
): Promise<string> {
  const version = reply.version + 1;
  const id = versionRowId(reply.id, version);
  const key = opts.queue ? await replyDispatchKey(reply, conv.externalThreadId, version) : null;
  const guard = stillDraft(reply.id);
  await runBatch(d, [
    ...opts.audits.map((a) => auditIf(d, a, guard)),
    insertIf(
      d,
      replies,
      {
        id,
        conversationId: reply.conversationId,
        accountId: reply.accountId,
        inboundMessageId: reply.inboundMessageId,
        // A person's words (or a person's approval of the bot's): never an automatic reply again.
        kind: reply.kind === "manual" ? "manual" : "draft",
        version,
        body: opts.body,
        status: opts.queue ? "queued" : "draft",
        reason: opts.queue ? "approved" : "edited",
        templateId: reply.templateId,
        dispatchKey: key,
        createdBy: opts.actor,
        createdAt: opts.at,
        updatedAt: opts.at,
        updatedBy: opts.actor,
      },
      guard,
    ),
    d
      .update(replies)
      .set({ status: "superseded", updatedAt: opts.at, updatedBy: opts.actor })
      .where(and(eq(replies.id, reply.id), eq(replies.status, "draft"))),
  ]);
  return id;
}

function refuseUnlessDraft(reply: ReplyRow): void {
  if (reply.status === "draft") return;
  const supersededBy = reply.status === "superseded" ? versionRowId(reply.id, reply.version + 1) : undefined;
  throw new ApiError(409, "conflict", `The reply is ${reply.status}, not a draft`, undefined, {
    status: reply.status,
    ...(supersededBy ? { supersededBy } : {}),
  });
}

export async function approveReply(
  env: Env,
  caller: Caller,
  id: string,
  ov: OverrideRequest,
): Promise<ReplyActionResult> {
  const d = db(env.DB);
  const reply = await loadReply(d, id);
  const conv = await loadConversation(d, reply.conversationId);
  // Approving twice is answering with what the first approve did (same key, same state).
  if (reply.status === "queued" || reply.status === "delivered" || reply.status === "superseded") {
    const done = await present(env, d, conv, reply);
    if (done.reply.status === "draft") refuseUnlessDraft(reply);
    return done;
  }
  refuseUnlessDraft(reply);
  await assertSendable(d, conv);
  const gate = gateOutbound(reply.body, caller, ov);
  const at = new Date().toISOString();
  // Unedited, the reply keeps its version and so its key: the same key an automatic reply to the
  // same message has. A reply the object stopped (policy returned it to draft) already has that
  // key, and the object revives its stopped item when the key is enqueued again.
  const key = reply.dispatchKey ?? (await replyDispatchKey(reply, conv.externalThreadId, reply.version));
  // A person approved it: from now on it is theirs ("approved" origin), not the bot's.
  const kind = reply.kind === "auto" ? "draft" : reply.kind;
  await runBatch(d, [
    ...overrideAudits(caller.email, reply.id, gate, at).map((a) => auditIf(d, a, stillDraft(id))),
    auditIf(
      d,
      {
        actor: caller.email,
        action: "reply_approved",
        entityType: "reply",
        entityId: reply.id,
        before: { status: reply.status, version: reply.version, kind: reply.kind },
        after: { status: "queued", version: reply.version, kind, dispatchKey: key },
        at,
      },
      stillDraft(id),
    ),
    d
      .update(replies)
      .set({
        status: "queued",
        kind,
        dispatchKey: key,
        reason: "approved",
        updatedAt: at,
        updatedBy: caller.email,
      })
      .where(and(eq(replies.id, id), eq(replies.status, "draft"))),
  ]);
  const after = await loadReply(d, id);
  // Lost the guard to a concurrent reject or edit: say what happened instead of "approved".
  if (after.status !== "queued" && after.status !== "delivered") {
    refuseUnlessDraft(after);
    throw ApiError.conflict("The draft changed while you approved it; reload and try again");
  }
  return present(env, d, conv, after, gate.hits);
}

export async function editReply(
  env: Env,
  caller: Caller,
  id: string,
  input: OverrideRequest & { body: string; approve: boolean },
): Promise<ReplyActionResult> {
  const d = db(env.DB);
  const reply = await loadReply(d, id);
  refuseUnlessDraft(reply);
  if (input.body === reply.body) {
    // Nothing changed: an approve-on-edit is a plain approve (same version, same key).
    if (input.approve) return approveReply(env, caller, id, input);
    return { reply: replyDto(reply), enqueue: null, guardrails: checkOutbound(reply.body) };
  }
  const conv = await loadConversation(d, reply.conversationId);
  let gate: GateResult;
  if (input.approve) {
    await assertSendable(d, conv);
    gate = gateOutbound(input.body, caller, input);
  } else {
    // Saving is not sending: hits come back as warnings and are checked again on approve.
    gate = { hits: checkOutbound(input.body), override: null };
  }
  const at = new Date().toISOString();
  const newId = versionRowId(reply.id, reply.version + 1);
  const audits: AuditEntry[] = [
    ...overrideAudits(caller.email, newId, gate, at),
    {
      actor: caller.email,
      action: input.approve ? "reply_edited_and_approved" : "reply_edited",
      entityType: "reply",
      entityId: reply.id,
      before: { version: reply.version, status: reply.status },
      after: { replyId: newId, version: reply.version + 1, status: input.approve ? "queued" : "draft" },
      at,
    },
  ];
  await writeNewVersion(d, conv, reply, {
    body: input.body,
    queue: input.approve,
    actor: caller.email,
    at,
    audits,
  });
  const created = await d.select().from(replies).where(eq(replies.id, newId)).get();
  // Someone else changed the draft first (their version or their reject won the guard).
  if (!created || created.createdAt !== at || created.createdBy !== caller.email) {
    refuseUnlessDraft(await loadReply(d, id));
    throw ApiError.conflict("The draft changed while you edited it; reload and try again");
  }
  return present(env, d, conv, created, gate.hits);
}

export async function rejectReply(env: Env, caller: Caller, id: string, reason: string | undefined) {
  const d = db(env.DB);
  const reply = await loadReply(d, id);
  if (reply.status === "rejected") return { reply: replyDto(reply), enqueue: null, guardrails: [] };
  refuseUnlessDraft(reply);
  const at = new Date().toISOString();
  await d.batch([
    auditIf(
      d,
      {
        actor: caller.email,
        action: "reply_rejected",
        entityType: "reply",
        entityId: id,
        before: { status: reply.status },
        after: { status: "rejected", reason: reason ?? null },
        at,
      },
      stillDraft(id),
    ),
    d
      .update(replies)
      .set({ status: "rejected", reason: reason ?? "rejected", updatedAt: at, updatedBy: caller.email })
      .where(and(eq(replies.id, id), eq(replies.status, "draft"))),
  ]);
  const after = await loadReply(d, id);
  if (after.status !== "rejected") refuseUnlessDraft(after);
  return { reply: replyDto(after), enqueue: null, guardrails: [] };
}

/**
 * Stops a queued reply before it leaves. The account object decides (it alone knows whether a
 * send has started) and writes the reply's status and the audit row; a send already under way
 * is refused with its state, because only the read-back can say whether it went.
 */
export async function cancelReply(env: Env, caller: Caller, id: string, reason: string | undefined) {
  const d = db(env.DB);
  const reply = await loadReply(d, id);
  if (reply.status === "cancelled") return { reply: replyDto(reply), enqueue: null, guardrails: [] };
  if (reply.status !== "queued") {
    throw new ApiError(
      409,
      "conflict",
      reply.status === "draft"
        ? "The reply is a draft, not queued: reject it instead"
        : `The reply is ${reply.status}, not queued`,
      undefined,
      { status: reply.status },
    );
  }
  const conv = await loadConversation(d, reply.conversationId);
  const req = enqueueRequestOf(conv, reply);
  const r = await cancelInAccount(env, { reply: req, actor: caller.email, reason: reason ?? null });
  if (!r.ok) {
    const message = {
      already_delivered: "The reply was already delivered",
      in_flight: "The reply is being sent right now; its outcome shows here within minutes",
      not_queued: "The reply is in the dead-letter queue: discard it there",
    }[r.reason];
    throw new ApiError(409, "conflict", message, undefined, { state: r.item.state, reason: r.reason });
  }
  return { reply: replyDto(await loadReply(d, id)), enqueue: null, guardrails: [] };
}
