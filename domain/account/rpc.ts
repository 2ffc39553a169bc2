/**
 * The account object's RPC contract, shared by the API (approvals, manual replies, redrive),
 * the cron and the tests. Kept apart from the class so callers need not import its internals.
 */
import type { AccountRef } from "./address.ts";

/** Who decided to send: an automatic reply needs `auto_send` at send time; a person's doesn't. */
export type ReplyOrigin = "auto" | "approved" | "manual";

export interface EnqueueRequest {
  ref: AccountRef;
  dispatchKey: string;
  replyId: string;
  conversationId: string;
  /** The site's thread id. */
  threadId: string;
  /** Opt-out key (the site's lead id, else the thread id). */
  leadKey: string;
  body: string;
  origin: ReplyOrigin;
}

export const OUTBOX_STATES = [
  "pending",
  "sending",
  "unknown",
  "retry_wait",
  "delivered",
  "dead",
  "cancelled",
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxItemView {
  dispatchKey: string;
  replyId: string;
  conversationId: string;
  origin: ReplyOrigin;
  state: OutboxState;
  attempts: number;
  nextAt: number | null;
  lastClass: string | null;
  lastError: string | null;
  lastStage: string | null;
  platformMessageId: string | null;
  evidenceId: string | null;
  /** Epoch ms of the first submit (the chaos benchmark judges each reply's copies by it). */
  firstSubmittedAt: number | null;
  updatedAt: number;
}

export interface EnqueueResult {
  /** false when the key was already known: the existing item is returned unchanged. */
  created: boolean;
  item: OutboxItemView;
}

export type RedriveResult =
  | { ok: true; item: OutboxItemView }
  | { ok: false; reason: "not_found" | "already_delivered" | "not_dead"; item?: OutboxItemView };

/** Marks an item a person cancelled: unlike a policy stop, a later enqueue never revives it. */
export const CANCELLED_BY_PERSON = "cancelled_by_person";

export interface CancelRequest {
  /** The reply as it would be enqueued: if the object never got it, a tombstone is kept instead. */
  reply: EnqueueRequest;
  actor: string;
  reason: string | null;
}

export type CancelResult =
  | { ok: true; item: OutboxItemView }
  | {
      ok: false;
      /** in_flight: a send has started (or its outcome is being read back) — too late to stop. */
      reason: "already_delivered" | "in_flight" | "not_queued";
      item: OutboxItemView;
    };
