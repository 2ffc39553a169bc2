/**
 * Keeping the outbox and D1 in step, and policy applied to what waits:
 *  - the sweep enqueues replies D1 holds as queued that the outbox lacks (a crash between the
 *    API's D1 write and its enqueue) and repairs D1 for items the outbox already delivered;
 *  - an inactive account's queued replies go back to people as drafts, never out — every one
 *    of them, whatever else waits in the outbox; what may have been submitted is read back
 *    (run.ts), never stopped, since the text may be on the site already.
 */
import { queuedReplies, recordDelivered } from "./d1-effects.ts";
import { applyTransition } from "./outbox-transition.ts";
import type { RunContext } from "./run-context.ts";

export async function sweepQueued(ctx: RunContext, now: number): Promise<void> {
  for (const req of await queuedReplies(ctx.env, ctx.ref)) {
    const existing = ctx.store.outbox.get(req.dispatchKey);
    if (!existing) {
      ctx.holdLease();
      ctx.store.outbox.insert(req, now);
      ctx.log("dispatch_swept", { dispatchKey: req.dispatchKey });
    } else if (existing.state === "delivered") {
      await recordDelivered(ctx.env, ctx.ref, existing, existing.platformMessageId);
    }
  }
}

export async function stopQueued(ctx: RunContext): Promise<void> {
  for (const item of ctx.store.outbox.waiting()) {
    await applyTransition(ctx, item, {
      to: "stopped",
      verdict: "to_draft",
      reason: "account_inactive",
      by: "policy",
    });
  }
}
