/**
 * Read-back for a send whose outcome is unknown: a message with our body that is new since the
 * reply's baseline settles it as delivered; what else follows is readback-policy.ts — a send the
 * site refused may go again after the appearance window, one it may have taken never does.
 * Nothing is ever resent blind.
 */
import type { OutboxItem } from "./outbox-store.ts";
import { applyTransition } from "./outbox-transition.ts";
import { afterReadback, type ReadbackResult } from "./readback-policy.ts";
import { onDelivered } from "./recount.ts";
import type { RunContext } from "./run-context.ts";
import { ACCOUNT_LEVEL, AccountFailure } from "./run-failure.ts";
import { call } from "./run-session.ts";
import { delivered, type ItemOutcome, replyRef } from "./send.ts";

export async function reconcile(ctx: RunContext, item: OutboxItem): Promise<ItemOutcome> {
  const r = await call(ctx, (s) => ctx.connector.findReply(s, replyRef(ctx, item)));
  if (r.ok && r.value.found) {
    // A submit that left in-browser is counted again later; copies seen now are recorded now.
    await onDelivered(ctx, item, { extraCopies: r.value.extraCopies, seenBy: "readback" });
    return delivered(ctx, item, r.value.messageId, r.value.platformMessageId, "confirm");
  }
  if (!r.ok && ACCOUNT_LEVEL.has(r.failure.class)) throw new AccountFailure(r.failure);
  const result: ReadbackResult = !r.ok
    ? r.failure.class === "transient"
      ? "unreadable"
      : "undecided"
    : r.value.pending || r.value.unprovable
      ? "undecided"
      : "absent";
  const now = Date.now();
  const since = item.unknownSince ?? item.submittedAt ?? now;
  const next = afterReadback(
    {
      answer: item.submitAnswer,
      elapsedMs: now - since,
      readbackFailures: item.readbackFailures,
      attempts: item.attempts,
    },
    result,
    {
      appearanceWindowMs: ctx.cfg.antibot.appearanceWindowMs,
      settleWindowMs: ctx.cfg.antibot.settleWindowMs,
      recheckMs: ctx.cfg.recheckMs,
      maxAttempts: ctx.cfg.retry.maxAttempts,
    },
  );
  switch (next.next) {
    case "delivered":
      return "delivered"; // not reached: `found` returned above
    case "recheck":
      await applyTransition(ctx, item, {
        to: "recheck",
        at: now + next.inMs,
        readbackFailures: next.readbackFailures,
        lastError: r.ok ? item.lastError : r.failure.message,
      });
      // A site that answers "unavailable" or "rate limited" to everyone ends the run (the
      // circuit counts it); any other thread it would not serve counts toward the run's
      // failures in a row. Either way a site that is down is not read again and again.
      if (!r.ok && r.failure.siteRefusing) throw new AccountFailure(r.failure);
      return r.ok ? "unknown" : "failed";
    case "dead":
      // Still undecided, or taken but never shown: a person decides, the bot never guesses.
      await applyTransition(ctx, item, {
        to: "dead",
        stage: "confirm",
        failureClass: next.failureClass,
        error: next.error,
        evidenceId: r.ok ? null : (r.failure.evidenceId ?? null),
      });
      return "failed";
    case "retry":
      // Proven absent after the appearance window, and the site had refused the submit: safe
      // to send again (same key; the baseline of the first submit stays with the item).
      await applyTransition(ctx, item, {
        to: "retry_wait",
        at: now,
        stage: "confirm",
        afterReadback: true,
        note: {
          lastClass: item.lastClass ?? "unknown_outcome",
          lastError: "read-back proved the message absent",
          lastStage: "confirm",
          evidenceId: null,
        },
      });
      return "failed";
  }
}
