/**
 * A person stops a queued reply before it leaves (platform-account.ts cancel()). Refused once a
 * send has started: from the lease on, the page may already hold the text, and only the
 * read-back can settle it. No await comes between the check and the first write, so a run
 * cannot take the item in between.
 */
import type { AccountRef } from "../../domain/account/address.ts";
import { CANCELLED_BY_PERSON, type CancelRequest, type CancelResult } from "../../domain/account/rpc.ts";
import { viewOf } from "./outbox-store.ts";
import { applyTransition } from "./outbox-transition.ts";
import type { AccountStorage } from "./storage.ts";

export async function cancelQueued(
  scope: { env: Env; store: AccountStorage; ref: AccountRef },
  req: CancelRequest,
): Promise<CancelResult> {
  // Never enqueued (the API's enqueue failed, the sweep has not run): keep a tombstone, so a
  // later enqueue of the same key finds it cancelled.
  const { item } = scope.store.outbox.insert(req.reply, Date.now());
  if (item.state === "delivered") return { ok: false, reason: "already_delivered", item: viewOf(item) };
  if (item.state === "sending" || item.state === "unknown" || item.submittedAt !== null)
    return { ok: false, reason: "in_flight", item: viewOf(item) };
  if (item.state === "dead") return { ok: false, reason: "not_queued", item: viewOf(item) };
  if (item.state === "cancelled" && item.lastError === CANCELLED_BY_PERSON)
    return { ok: true, item: viewOf(item) };
  const after = await applyTransition(scope, item, {
    to: "stopped",
    verdict: "cancel",
    reason: CANCELLED_BY_PERSON,
    by: "person",
    actor: req.actor,
    replyReason: req.reason ?? CANCELLED_BY_PERSON,
  });
  return { ok: true, item: viewOf(after) };
}
