/**
 * What the account object is handed for a reply that is to go out. One shape, built in one
 * place, for the decide step's automatic replies, a person's approval or manual reply, and the
 * object's sweep of replies D1 holds as queued.
 */
import { leadKeyOf } from "../decide/lead-key.ts";
import type { Platform } from "../platforms.ts";
import type { EnqueueRequest, ReplyOrigin } from "./rpc.ts";

/** Who decided to send: an automatic reply needs `auto_send` at send time; a person's does not. */
export function replyOrigin(kind: "auto" | "draft" | "manual"): ReplyOrigin {
  return kind === "auto" ? "auto" : kind === "manual" ? "manual" : "approved";
}

export interface QueuedReply {
  id: string;
  dispatchKey: string;
  body: string;
  kind: "auto" | "draft" | "manual";
}

export interface ReplyThread {
  accountId: string;
  platform: Platform;
  conversationId: string;
  externalThreadId: string;
  leadRef: string | null;
}

export function enqueueRequestOf(thread: ReplyThread, reply: QueuedReply): EnqueueRequest {
  return {
    ref: { accountId: thread.accountId, platform: thread.platform },
    dispatchKey: reply.dispatchKey,
    replyId: reply.id,
    conversationId: thread.conversationId,
    threadId: thread.externalThreadId,
    leadKey: leadKeyOf({ leadRef: thread.leadRef, externalThreadId: thread.externalThreadId }),
    body: reply.body,
    origin: replyOrigin(reply.kind),
  };
}
