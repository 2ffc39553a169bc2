/**
 * Sending one outbox item: re-read policy at send time, lease the item, submit through the
 * connector (the submit time and the thread's baseline are written just before the click), and
 * classify the outcome — delivered, refused, unknown (read back later, never resent blind), or
 * a failure to retry. Only items nothing of has reached the site come here (run.ts routes the
 * rest to reconcile.ts).
 */
import { bodiesMatch } from "../../connectors/core/body-match.ts";
import type { ReplyRef } from "../../connectors/core/contract.ts";
import type { Failure } from "../../connectors/core/failures.ts";
import type { SendPath } from "../../domain/account/browser-settings.ts";
import { db } from "../../domain/db/client.ts";
import { policySnapshot } from "./d1-effects.ts";
import { driftSeen } from "./drift-seen.ts";
import { checkFollowupAtSend, isFollowup, logFollowupStop, threadShowsLeadReply } from "./followups.ts";
import type { OutboxItem } from "./outbox-store.ts";
import { applyTransition } from "./outbox-transition.ts";
import { expectRecount, onDelivered } from "./recount.ts";
import { afterSendFailure } from "./retry-policy.ts";
import type { RunContext } from "./run-context.ts";
import { AccountFailure, BUDGET_MARKER, dlqStage } from "./run-failure.ts";
import { call } from "./run-session.ts";
import { afterSend, readSendSettings } from "./send-path.ts";
import { sendVerdict } from "./send-policy.ts";
import { askIngest } from "./wake-plan.ts";

export type ItemOutcome = "delivered" | "stopped" | "unknown" | "failed";

/** The reply as the connector needs it: its baseline and the messages other replies claimed. */
export function replyRef(ctx: RunContext, item: OutboxItem, path?: SendPath): ReplyRef {
  const others = ctx.store.outbox.deliveredIn(item.threadId, item.dispatchKey);
  return {
    threadId: item.threadId,
    body: item.body,
    baseline: item.baseline,
    claimed: others.claimed,
    deliveredSameWords: others.bodies.filter((b) => bodiesMatch(item.body, b)).length,
    ...(path ? { path } : {}),
  };
}

/**
 * Send-time policy, which needs no browser: true when the item may go now; otherwise it has been
 * stopped (back to a person, or cancelled) or changed under us and must not be sent.
 */
export async function mayStillSend(ctx: RunContext, item: OutboxItem): Promise<boolean> {
  // A follow-up goes only if its rule still names it now (docs/followups.md).
  const fu = await checkFollowupAtSend(ctx, item, Date.now());
  if (!fu.send) {
    await withhold(ctx, item, fu.reason);
    return false;
  }
  const d1 = await policySnapshot(db(ctx.env.DB), ctx.ref, item);
  const verdict = sendVerdict(item.origin, {
    ...d1,
    queuedForMs: Date.now() - item.createdAt,
    autoReplyMaxAgeMs: ctx.cfg.autoReplyMaxAgeMs,
  });
  // The input gate opened during the policy read: a person may have cancelled the item.
  if (ctx.store.outbox.get(item.dispatchKey)?.state !== item.state) return false;
  if (verdict.verdict !== "send") {
    await applyTransition(ctx, item, {
      to: "stopped",
      verdict: verdict.verdict,
      reason: verdict.reason,
      by: "policy",
    });
    return false;
  }
  return true;
}

export async function send(ctx: RunContext, item: OutboxItem): Promise<ItemOutcome> {
  if (!(await mayStillSend(ctx, item))) return "stopped";
  const key = item.dispatchKey;
  // The path is read at send time too: an admin's switch applies to the next send.
  const settings = await readSendSettings(ctx.env, ctx.ref.accountId);
  const leased = await applyTransition(ctx, item, { to: "sending", runId: ctx.runId });
  // An in-browser submit is counted again after delivery, whichever run settles it (recount.ts).
  expectRecount(ctx, key, settings.sendPath, settings.browserProvider);
  let leadWrote = false;
  const r = await call(ctx, (s) =>
    ctx.connector.sendReply(s, replyRef(ctx, ctx.store.outbox.get(key) ?? leased, settings.sendPath), {
      // A follow-up, on the thread as just read: the lead wrote since we last read it.
      ...(isFollowup(item)
        ? {
            beforeCompose: (thread) => {
              if (!threadShowsLeadReply(thread)) return;
              leadWrote = true;
              throw new Error("follow-up withheld: the lead wrote since the last read");
            },
          }
        : {}),
      // Synchronous, the last thing before the click: after a crash this says the text may be
      // on the site, and what the thread held before it. A run that lost its lease stops here.
      beforeSubmit: (baseline) => {
        ctx.holdLease();
        const t = Date.now();
        ctx.store.outbox.update(
          key,
          {
            submittedAt: t,
            firstSubmittedAt: leased.firstSubmittedAt ?? t,
            baseline: leased.baseline ?? baseline,
            submitAnswer: null,
          },
          t,
        );
      },
    }),
  );
  const current = ctx.store.outbox.get(key)!;
  if (leadWrote && current.submittedAt === null) {
    // Nothing was typed; the next run reads the inbox so D1 learns the lead's message.
    askIngest(ctx.store, Date.now());
    return withhold(ctx, current, "lead_replied");
  }
  if (!r.ok) return onSendFailure(ctx, current, r.failure);
  const out = r.value;
  await afterSend(ctx, settings, out, out.status);
  if (out.path) expectRecount(ctx, key, out.path, settings.browserProvider);
  if (out.status === "delivered") {
    // Copies counted first: a duplicate is on record before anyone sees the reply delivered.
    await onDelivered(ctx, current, {
      path: out.path,
      provider: settings.browserProvider,
      extraCopies: out.extraCopies,
      seenBy: out.submitted ? "confirm" : "readback",
    });
    return delivered(
      ctx,
      current,
      out.messageId,
      out.platformMessageId,
      out.submitted ? "submit" : "confirm",
    );
  }
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
    answer: out.answer,
    recheckAt: Date.now() + ctx.cfg.recheckMs,
  });
  return "unknown";
}

async function withhold(ctx: RunContext, item: OutboxItem, reason: string): Promise<"stopped"> {
  // A person may have cancelled it meanwhile: theirs is the last word.
  if (ctx.store.outbox.get(item.dispatchKey)?.state !== item.state) return "stopped";
  logFollowupStop(ctx, item, reason);
  await applyTransition(ctx, item, {
    to: "stopped",
    verdict: "cancel",
    reason: `followup_${reason}`,
    by: "policy",
  });
  return "stopped";
}

export async function delivered(
  ctx: RunContext,
  item: OutboxItem,
  messageId: string | null,
  platformMessageId: string | null,
  stage: "submit" | "confirm",
): Promise<"delivered"> {
  await applyTransition(ctx, item, { to: "delivered", messageId, platformMessageId, stage });
  ctx.report.delivered++;
  return "delivered";
}

async function onSendFailure(ctx: RunContext, item: OutboxItem, f: Failure): Promise<"failed"> {
  // A failure never comes after the click (sendReply turns all of that into `unknown`), but a
  // failure's own write must not hide one that did: a submitted item is only ever read back.
  if (item.submittedAt !== null) {
    await applyTransition(ctx, item, {
      to: "unknown",
      reason: f.message,
      answer: "uncertain",
      recheckAt: Date.now() + ctx.cfg.recheckMs,
    });
    return "failed";
  }
  const next = afterSendFailure(
    f.class,
    item.attempts,
    Date.now(),
    ctx.cfg.retry,
    Math.random(),
    f.siteRefusing === true,
  );
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
  if (f.class === "selector_drift") await driftSeen(ctx, f);
  return "failed";
}
