/**
 * Sending one outbox item: re-read policy at send time, lease the item, submit through the
 * connector (the submit time is written just before the click), and classify the outcome —
 * delivered, refused, unknown (read back later, never resent blind), or a failure to retry.
 */
import type { Failure } from "../../connectors/core/failures.ts";
import { db } from "../../domain/db/client.ts";
import { policySnapshot } from "./d1-effects.ts";
import type { OutboxItem } from "./outbox-store.ts";
import { applyTransition } from "./outbox-transition.ts";
import { afterSendFailure } from "./retry-policy.ts";
import type { RunContext } from "./run-context.ts";
import { AccountFailure, BUDGET_MARKER, dlqStage } from "./run-failure.ts";
import { call } from "./run-session.ts";
import { sendVerdict } from "./send-policy.ts";

export type ItemOutcome = "delivered" | "stopped" | "unknown" | "failed";

export async function send(ctx: RunContext, item: OutboxItem): Promise<ItemOutcome> {
  const verdict = sendVerdict(item.origin, await policySnapshot(db(ctx.env.DB), ctx.ref, item));
  // The input gate opened during the policy read: a person may have cancelled the item.
  if (ctx.store.outbox.get(item.dispatchKey)?.state !== item.state) return "stopped";
  if (verdict.verdict !== "send") {
    await applyTransition(ctx, item, {
      to: "stopped",
      verdict: verdict.verdict,
      reason: verdict.reason,
      by: "policy",
    });
    return "stopped";
  }
  const leased = await applyTransition(ctx, item, { to: "sending", runId: ctx.runId });
  const r = await call(ctx, (s) =>
    ctx.connector.sendReply(s, item.threadId, item.body, {
      // Synchronous, just before the click: after a crash this says the text may be on the site.
      beforeSubmit: () => {
        const t = Date.now();
        ctx.store.outbox.update(
          item.dispatchKey,
          { submittedAt: t, firstSubmittedAt: leased.firstSubmittedAt ?? t },
          t,
        );
      },
    }),
  );
  const current = ctx.store.outbox.get(item.dispatchKey)!;
  if (!r.ok) return onSendFailure(ctx, current, r.failure);
  const out = r.value;
  if (out.status === "delivered") return delivered(ctx, current, out.platformMessageId, "submit");
  if (out.status === "rejected") {
    await applyTransition(ctx, current, {
      to: "dead",
      stage: "submit",
      failureClass: "rejected",
      error: out.siteText,
      evidenceId: null,
    });
    return "failed";
  }
  await applyTransition(ctx, current, {
    to: "unknown",
    reason: out.reason,
    recheckAt: Date.now() + ctx.cfg.recheckMs,
  });
  return "unknown";
}

export async function delivered(
  ctx: RunContext,
  item: OutboxItem,
  platformMessageId: string | null,
  stage: "submit" | "confirm",
): Promise<"delivered"> {
  await applyTransition(ctx, item, { to: "delivered", platformMessageId, stage });
  ctx.report.delivered++;
  return "delivered";
}

async function onSendFailure(ctx: RunContext, item: OutboxItem, f: Failure): Promise<"failed"> {
  const next = afterSendFailure(f.class, item.attempts, Date.now(), ctx.cfg.retry, Math.random());
  const stage = dlqStage(f.step);
  const note = {
    lastClass: f.class,
    lastError: f.message,
    lastStage: stage,
    evidenceId: f.evidenceId ?? null,
  };
  if (next.next === "wait_account" || f.marker === BUDGET_MARKER) {
    await applyTransition(ctx, item, { to: "wait_account", note });
    throw new AccountFailure(f);
  }
  if (next.next === "retry_wait") {
    await applyTransition(ctx, item, { to: "retry_wait", at: next.at, note, stage });
    return "failed";
  }
  await applyTransition(ctx, item, {
    to: "dead",
    stage,
    failureClass: f.class,
    error: f.message,
    evidenceId: f.evidenceId ?? null,
  });
  if (f.class === "selector_drift") await ctx.alert("selector_drift", f.selector ?? f.step);
  return "failed";
}
