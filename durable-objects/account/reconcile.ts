/**
 * Read-back for a send whose outcome is unknown: found → delivered; never a blind resend.
 * "Unconfirmed" needs both the platform's appearance window to be over and at least
 * MIN_READBACKS read-backs that ran and could not tell — a queue wait for a browser is not
 * evidence of anything. Proven absent after the window → retry under the same key.
 */
import type { OutboxItem } from "./outbox-store.ts";
import { applyTransition } from "./outbox-transition.ts";
import type { RunContext } from "./run-context.ts";
import { ACCOUNT_LEVEL, AccountFailure } from "./run-failure.ts";
import { call } from "./run-session.ts";
import { delivered, type ItemOutcome } from "./send.ts";

const MIN_READBACKS = 3;

export async function reconcile(ctx: RunContext, item: OutboxItem): Promise<ItemOutcome> {
  const now = Date.now();
  const since = item.unknownSince ?? now;
  const windowOver = now - since >= ctx.cfg.antibot.appearanceWindowMs;
  const after = new Date((item.firstSubmittedAt ?? item.createdAt) - 60_000).toISOString();
  const r = await call(ctx, (s) => ctx.connector.findReply(s, item.threadId, item.body, after));
  if (r.ok && r.value.found) return delivered(ctx, item, r.value.platformMessageId, "confirm");
  if (!r.ok && ACCOUNT_LEVEL.has(r.failure.class)) throw new AccountFailure(r.failure);
  const undecided = !r.ok || r.value.pending;
  const failures = item.readbackFailures + (undecided ? 1 : 0);
  if (!windowOver || (undecided && failures < MIN_READBACKS)) {
    await applyTransition(ctx, item, {
      to: "recheck",
      at: now + ctx.cfg.recheckMs,
      readbackFailures: failures,
      lastError: r.ok ? item.lastError : r.failure.message,
    });
    return "unknown";
  }
  if (undecided) {
    // Still cannot tell after the whole window: a person decides, the bot never guesses.
    await applyTransition(ctx, item, {
      to: "dead",
      stage: "confirm",
      failureClass: "unconfirmed",
      error: r.ok ? "the site still shows the message as sending" : r.failure.message,
      evidenceId: r.ok ? null : (r.failure.evidenceId ?? null),
    });
    return "failed";
  }
  if (item.attempts >= ctx.cfg.retry.maxAttempts) {
    await applyTransition(ctx, item, {
      to: "dead",
      stage: "confirm",
      failureClass: "transient",
      error: "read-back proved it absent and attempts are used up",
      evidenceId: null,
    });
    return "failed";
  }
  // Proven absent after the appearance window: safe to send again (same key).
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
