/**
 * Every change of an outbox item's state goes through `applyTransition`, which does the four
 * things a change means, always in this order: the object's row (the source of truth, written
 * first and synchronously), the D1 mirror (reply status, message, dead letter, audit), the
 * dispatch metric, and the log line. The states and arrows are in docs/architecture.md.
 */
import type { SubmitAnswer } from "../../connectors/core/contract.ts";
import type { AccountRef } from "../../domain/account/address.ts";
import type { DlqStage, MetricOutcome } from "../../domain/db/schema.ts";
import { logEvent } from "../../domain/log.ts";
import { countMetric, recordDead, recordDelivered, recordStopped } from "./d1-effects.ts";
import type { OutboxItem, OutboxPatch } from "./outbox-store.ts";
import type { AccountStorage } from "./storage.ts";

/** Why the last attempt failed, as the item keeps it. */
export interface FailureNote {
  lastClass: string;
  lastError: string;
  lastStage: DlqStage;
  evidenceId: string | null;
}

export type Transition =
  /**
   * Left in `sending` by a run that died or lost its lease: if it got as far as the submit, the
   * text may be on the site and it is read back (`unknown`); otherwise it simply goes again.
   */
  | { to: "recovered" }
  /** A send starts: the item is leased to this run and an attempt is counted. Never for an item that may have been submitted. */
  | { to: "sending"; runId: string }
  /** The click may have happened and nothing confirmed it: read back, never resend blind. */
  | { to: "unknown"; reason: string; answer: SubmitAnswer; recheckAt: number }
  /** Still unknown after a read-back that could not tell (or inside the appearance window). */
  | { to: "recheck"; at: number; readbackFailures: number; lastError: string | null }
  /** `messageId`: the message that confirmed it (it confirms no other reply). */
  | {
      to: "delivered";
      messageId: string | null;
      platformMessageId: string | null;
      stage: "submit" | "confirm";
    }
  /** Retry later with the same key (a transient failure, or a read-back that proved it absent). */
  | { to: "retry_wait"; at: number; note: FailureNote; stage: DlqStage; afterReadback?: boolean }
  /** Not this reply's fault (login, captcha, block, our budget): the attempt is given back. */
  | { to: "wait_account"; note: FailureNote }
  | { to: "dead"; stage: DlqStage; failureClass: string; error: string; evidenceId: string | null }
  /** Policy or a person stopped it before it left: back to a draft, or cancelled. */
  | {
      to: "stopped";
      verdict: "to_draft" | "cancel";
      /** Kept on the item (a person's cancel is marked CANCELLED_BY_PERSON: final). */
      reason: string;
      by: "policy" | "person";
      actor?: string;
      /** The reason people see on the reply, when it differs (a person's own words). */
      replyReason?: string;
    };

export interface TransitionScope {
  env: Env;
  store: AccountStorage;
  ref: AccountRef;
  runId?: string;
  /** A run's scope: throws when the run lost its lease, so a stale run writes nothing. */
  holdLease?(): void;
}

interface Effects {
  patch: OutboxPatch;
  mirror?: (after: OutboxItem) => Promise<void>;
  metric?: { stage: string; outcome: MetricOutcome; failureClass?: string };
  /** The transition's log line (literal event names: docs/observability.md lists them). */
  log?: () => void;
}

function effectsOf(scope: TransitionScope, item: OutboxItem, t: Transition, now: number): Effects {
  const { env, ref } = scope;
  switch (t.to) {
    case "recovered": {
      const submitted = item.submittedAt !== null;
      return {
        patch: submitted
          ? { state: "unknown", unknownSince: item.submittedAt, nextAt: now, leaseOwner: null }
          : { state: "pending", nextAt: now, leaseOwner: null },
        log: () => logTransition(scope, item, "dispatch_recovered", { submitted }),
      };
    }
    case "sending":
      // docs/architecture.md, "Exactly once": an item whose text may be on the site is only
      // ever read back; only a read-back that proves it absent clears `submittedAt`.
      if (item.submittedAt !== null)
        throw new Error(`refusing to send ${item.dispatchKey} again: it may have been submitted`);
      return {
        patch: {
          state: "sending",
          leaseOwner: t.runId,
          leaseStarted: now,
          attempts: item.attempts + 1,
        },
        log: () =>
          logTransition(scope, item, "dispatch_attempt", { attempt: item.attempts + 1, stage: "compose" }),
      };
    case "unknown":
      return {
        patch: {
          state: "unknown",
          unknownSince: now,
          nextAt: t.recheckAt,
          lastError: t.reason,
          lastStage: "submit",
          submitAnswer: t.answer,
          leaseOwner: null,
        },
        log: () =>
          logTransition(scope, item, "dispatch_unknown", {
            stage: "submit",
            attempt: item.attempts,
            answer: t.answer,
          }),
      };
    case "recheck":
      return { patch: { nextAt: t.at, readbackFailures: t.readbackFailures, lastError: t.lastError } };
    case "delivered":
      return {
        patch: {
          state: "delivered",
          platformMessageId: t.platformMessageId,
          confirmedMessageId: t.messageId,
          leaseOwner: null,
          nextAt: null,
          lastStage: t.stage,
        },
        mirror: (after) => recordDelivered(env, ref, after, t.platformMessageId),
        metric: { stage: t.stage, outcome: "success" },
      };
    case "retry_wait":
      return {
        patch: {
          state: "retry_wait",
          nextAt: t.at,
          ...noteFields(item, t.note),
          leaseOwner: null,
          ...(t.afterReadback
            ? { unknownSince: null, submittedAt: null, submitAnswer: null, readbackFailures: 0 }
            : {}),
        },
        // A read-back that proved the message absent counts as an unknown outcome resolved.
        metric: {
          stage: t.stage,
          outcome: "retry",
          failureClass: t.afterReadback ? "unknown_outcome" : t.note.lastClass,
        },
        ...(t.afterReadback
          ? {}
          : {
              log: () =>
                logTransition(scope, item, "dispatch_retry_scheduled", {
                  class: t.note.lastClass,
                  attempt: item.attempts,
                  stage: t.stage,
                }),
            }),
      };
    case "wait_account":
      return {
        patch: {
          state: "pending",
          attempts: item.attempts - 1,
          nextAt: null,
          ...noteFields(item, t.note),
          leaseOwner: null,
        },
      };
    case "dead":
      return {
        patch: {
          state: "dead",
          lastClass: t.failureClass,
          lastError: t.error,
          firstError: item.firstError ?? t.error,
          lastStage: t.stage,
          evidenceId: t.evidenceId ?? item.evidenceId,
          leaseOwner: null,
          nextAt: null,
        },
        mirror: (after) =>
          recordDead(env, ref, after, {
            stage: t.stage,
            failureClass: t.failureClass,
            error: t.error,
            evidenceId: after.evidenceId,
          }),
        metric: { stage: t.stage, outcome: "fail", failureClass: t.failureClass },
      };
    case "stopped":
      return {
        patch: {
          state: "cancelled",
          lastError: t.reason,
          leaseOwner: null,
          ...(t.by === "person" ? { nextAt: null } : {}),
        },
        mirror: (after) => recordStopped(env, after, t.verdict, t.replyReason ?? t.reason, t.actor),
        metric: { stage: "compose", outcome: "blocked" },
        log: () =>
          t.by === "person"
            ? logTransition(scope, item, "dispatch_cancelled", { reason: t.reason })
            : logTransition(scope, item, "dispatch_stopped_by_policy", { reason: t.reason }),
      };
  }
}

function noteFields(item: OutboxItem, note: FailureNote): OutboxPatch {
  return {
    lastClass: note.lastClass,
    lastError: note.lastError,
    lastStage: note.lastStage,
    firstError: item.firstError ?? note.lastError,
    evidenceId: note.evidenceId ?? item.evidenceId,
  };
}

function logTransition(
  scope: TransitionScope,
  item: OutboxItem,
  event: string,
  fields: Record<string, string | number | boolean | null>,
): void {
  logEvent(scope.env, event, {
    platform: scope.ref.platform,
    accountId: scope.ref.accountId,
    ...(scope.runId ? { runId: scope.runId } : {}),
    dispatchKey: item.dispatchKey,
    ...fields,
  });
}

/** Applies one transition to an item; returns the item as stored afterwards. */
export async function applyTransition(
  scope: TransitionScope,
  item: OutboxItem,
  t: Transition,
): Promise<OutboxItem> {
  scope.holdLease?.();
  const now = Date.now();
  const fx = effectsOf(scope, item, t, now);
  const after = scope.store.outbox.update(item.dispatchKey, fx.patch, now);
  if (fx.mirror) await fx.mirror(after);
  if (fx.metric) {
    const m = fx.metric;
    await countMetric(scope.env, scope.ref, m.stage, m.outcome, item.dispatchKey, m.failureClass);
  }
  fx.log?.();
  return after;
}
