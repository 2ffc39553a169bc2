/**
 * Go-live readiness, measured (docs/runbooks/go-live.md, step 4 "Shadow in draft_only"): while an
 * account drafts instead of sending, every draft the pipeline would have sent under auto_send
 * (decision reason `draft_only_mode`) is a trial of auto_send, and what a person did with it is
 * the verdict — sent as drafted, sent after editing, or discarded. This module is the pure rule:
 * the thresholds (defined here and nowhere else; the runbook cites this file), how one draft's
 * outcome is read from its versions, and the per-criterion verdict from an account's counts.
 *
 * The thresholds are a chosen starting point, not figures measured on the real sites. The
 * readiness informs a person; it does not gate auto_send (the verification check does:
 * domain/account/verification.ts).
 */

export interface GoLiveThresholds {
  windowDays: number;
  minDays: number;
  minDecided: number;
  minUnchangedShare: number;
  maxDiscardedShare: number;
}

export const GO_LIVE_THRESHOLDS: Readonly<GoLiveThresholds> = {
  /** Drafts made in the last windowDays are judged (older templates and pages say less). */
  windowDays: 30,
  /** The shadow period: days from the first judged draft to now. */
  minDays: 7,
  /** Drafts a person decided on (sent unchanged, sent edited or discarded). */
  minDecided: 30,
  /** Share of decided drafts a person sent exactly as drafted. */
  minUnchangedShare: 0.9,
  /** Share of decided drafts a person discarded: each one auto_send would have sent. */
  maxDiscardedShare: 0.05,
};

/** What happened to one draft, read from its versions (domain/decide/reply-lineage.ts). */
export type DraftOutcome = "sent_unchanged" | "sent_edited" | "discarded" | "withdrawn" | "pending";

/** A version row of a reply, as far as the outcome needs it. */
export interface DraftVersion {
  version: number;
  body: string;
  status: string;
  /** Who last changed the row: a person's e-mail, or a "system:…" / "lease-bot" actor. */
  updatedBy: string;
  reason: string | null;
}

const SYSTEM_ACTOR = /^(system:|lease-bot$)/;
const APPROVED = new Set(["queued", "delivered", "dead"]);

/** Spacing alone is no edit: the words a lead reads are the same. */
export const sameText = (a: string, b: string): boolean =>
  a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

/**
 * The outcome of a draft from its versions (the first is the pipeline's draft). Approved (queued,
 * delivered, or dead after a person approved it) counts as sent: the person's verdict is what is
 * measured, not the site's. A draft the system withdrew (a newer message, an opt-out) was nobody's
 * verdict and is left out of the shares.
 */
export function draftOutcome(versions: readonly DraftVersion[]): DraftOutcome {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return "pending";
  if (APPROVED.has(last.status)) return sameText(first.body, last.body) ? "sent_unchanged" : "sent_edited";
  if (last.status === "rejected") return "discarded";
  if (last.status === "cancelled")
    return SYSTEM_ACTOR.test(last.updatedBy) && last.reason !== "cancelled_by_person"
      ? "withdrawn"
      : "discarded";
  return "pending";
}

/** An account's shadow history over the window. */
export interface DraftHistory {
  /** Drafts the pipeline made that auto_send would have sent. */
  draftsMade: number;
  sentUnchanged: number;
  sentEdited: number;
  discarded: number;
  /** Drafts the system withdrew before anyone decided (not counted in the shares). */
  withdrawn: number;
  /** Drafts still waiting for a person. */
  pending: number;
  /** Messages the pipeline held for a person instead of drafting (review). */
  heldForReview: number;
  /** Days from the first draft in the window to now (0 without drafts). */
  days: number;
}

export type CriterionId = "shadow_days" | "decided_drafts" | "unchanged_share" | "discarded_share";

export interface Criterion {
  id: CriterionId;
  /** The measured value (a share as 0–1); null when there is nothing to measure yet. */
  value: number | null;
  threshold: number;
  /** "min": value ≥ threshold passes; "max": value ≤ threshold passes. */
  bound: "min" | "max";
  pass: boolean;
  /** Too little data to judge (the sample criteria), as opposed to a judged failure. */
  sample: boolean;
}

/**
 * ready: every criterion passes. collecting: only the sample criteria (days, decided drafts)
 * fail — keep shadowing. not_ready: the drafts themselves miss a share.
 */
export type ReadinessVerdict = "ready" | "collecting" | "not_ready";

export interface ShadowReadiness {
  verdict: ReadinessVerdict;
  criteria: Criterion[];
  history: DraftHistory;
  thresholds: Readonly<GoLiveThresholds>;
}

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

export function shadowReadiness(
  h: DraftHistory,
  t: Readonly<GoLiveThresholds> = GO_LIVE_THRESHOLDS,
): ShadowReadiness {
  const decided = h.sentUnchanged + h.sentEdited + h.discarded;
  const share = (n: number) => (decided > 0 ? round(n / decided) : null);
  const unchanged = share(h.sentUnchanged);
  const discarded = share(h.discarded);
  const criteria: Criterion[] = [
    {
      id: "shadow_days",
      value: round(h.days, 1),
      threshold: t.minDays,
      bound: "min",
      pass: h.days >= t.minDays,
      sample: true,
    },
    {
      id: "decided_drafts",
      value: decided,
      threshold: t.minDecided,
      bound: "min",
      pass: decided >= t.minDecided,
      sample: true,
    },
    {
      id: "unchanged_share",
      value: unchanged,
      threshold: t.minUnchangedShare,
      bound: "min",
      pass: unchanged !== null && unchanged >= t.minUnchangedShare,
      sample: false,
    },
    {
      id: "discarded_share",
      value: discarded,
      threshold: t.maxDiscardedShare,
      bound: "max",
      pass: discarded !== null && discarded <= t.maxDiscardedShare,
      sample: false,
    },
  ];
  // With no decided draft the shares are unmeasured, not failed: the account is still collecting.
  const judgedFail = criteria.some((c) => !c.sample && !c.pass && c.value !== null);
  const verdict: ReadinessVerdict = criteria.every((c) => c.pass)
    ? "ready"
    : judgedFail
      ? "not_ready"
      : "collecting";
  return { verdict, criteria, history: h, thresholds: t };
}

/** Days between two instants, to a tenth (the shadow period). */
export function daysBetween(fromIso: string | null, now: Date): number {
  if (!fromIso) return 0;
  const from = Date.parse(fromIso);
  return Number.isNaN(from) ? 0 : Math.max(0, round((now.getTime() - from) / 86_400_000, 1));
}
