/**
 * Policy at send time (docs/architecture.md, invariant 4): what was allowed when a reply was queued may not be now.
 * Read from D1 just before each send; the verdict is pure so every combination is tested.
 */

import type { ReplyOrigin } from "../../domain/account/rpc.ts";
import type { SendMode } from "../../domain/db/schema.ts";

export interface PolicySnapshot {
  accountExists: boolean;
  accountActive: boolean;
  effectiveSendMode: SendMode;
  leadOptedOut: boolean;
  conversationPaused: boolean;
  /** How long the reply has waited in the outbox. */
  queuedForMs: number;
  /** AUTO_REPLY_MAX_AGE_HOURS: an automatic reply older than this waits for a person. */
  autoReplyMaxAgeMs: number;
}

export type SendVerdict =
  | { verdict: "send" }
  | { verdict: "to_draft"; reason: "account_inactive" | "draft_only_mode" | "stale_queued" }
  | { verdict: "cancel"; reason: "account_missing" | "lead_opted_out" | "conversation_paused" };

export function sendVerdict(origin: ReplyOrigin, p: PolicySnapshot): SendVerdict {
  if (!p.accountExists) return { verdict: "cancel", reason: "account_missing" };
  // Back to a person rather than lost: an admin may switch the account on and approve again.
  if (!p.accountActive) return { verdict: "to_draft", reason: "account_inactive" };
  // Nobody — bot or person — writes to a lead who opted out.
  if (p.leadOptedOut) return { verdict: "cancel", reason: "lead_opted_out" };
  // A person took the conversation over: the bot stays out; the person's own reply goes.
  if (p.conversationPaused && origin === "auto") return { verdict: "cancel", reason: "conversation_paused" };
  // What the bot decided days ago (an account off, a circuit open, a login lost since) is no
  // answer for today: a person looks first. A person's approval or reply keeps its permission.
  if (origin === "auto" && p.queuedForMs > p.autoReplyMaxAgeMs)
    return { verdict: "to_draft", reason: "stale_queued" };
  // Only the bot's own replies need auto_send; a person's approval or reply is the permission.
  if (origin === "auto" && p.effectiveSendMode !== "auto_send")
    return { verdict: "to_draft", reason: "draft_only_mode" };
  return { verdict: "send" };
}
