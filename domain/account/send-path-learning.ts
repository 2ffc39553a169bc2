/**
 * When an account learns that its site refuses the submit relay (docs/anti-bot.md). One refused
 * relay is not evidence enough: a challenge can be a one-off (a defence's random check, a score
 * that dipped for a minute — in CI a random challenge fault switched an account for good). So a
 * single refusal only sends that one message in-browser; the account's path changes after
 * LEARN_AFTER refusals within LEARN_WINDOW_MS with no relay success between them, and only when
 * the in-browser try of the last one was delivered (the site does take the browser's own request).
 *
 * Why 3: a defence that binds the session to its client refuses every relayed submit, so a busy
 * account reaches 3 within its next three sends, each still delivered in-browser — the cost of
 * waiting is two more refused requests. Random refusals at rate p chain three in a row with
 * probability p³ (2 % of submits challenged → 8 in a million), against p² for K = 2 (4 in ten
 * thousand, which a chaos run of a few hundred sends would hit now and then).
 * Why 24 h: evidence older than a day says little about the defence today (sessions, scores and
 * a site's settings change). A quiet account whose refusals come more than a day apart never
 * learns; each of its replies still goes in-browser after one refused relay — safe, one refused
 * request more per send.
 *
 * A path an admin set is never overridden: learning only moves an account whose path was never
 * set by a person, and never away from `browser`.
 */
import type { SendPath } from "./browser-settings.ts";

export const LEARN_AFTER = 3;
export const LEARN_WINDOW_MS = 24 * 3_600_000;
/** How many refusal times are kept as evidence (the panel shows them). */
const KEEP = 10;

/** Who set the account's send path last: nobody (the default), an admin, or learning. */
export const SEND_PATH_SOURCES = ["default", "admin", "learnt"] as const;
export type SendPathSource = (typeof SEND_PATH_SOURCES)[number];

/** The refusals of the relay since its last success: times (ms), oldest first, and who refused. */
export interface RefusalEvidence {
  times: number[];
  by: string | null;
}

export const NO_EVIDENCE: RefusalEvidence = Object.freeze({ times: [], by: null }) as RefusalEvidence;

export type RelayEvent =
  /** A bot defence refused the relayed submit; `browserDelivered`: the in-browser try got it through. */
  | { kind: "refused"; at: number; by: string; browserDelivered: boolean }
  /** A relayed submit was delivered: the site takes the relay after all. */
  | { kind: "delivered"; at: number };

export interface LearningDecision {
  evidence: RefusalEvidence;
  /** The evidence changed and must be stored. */
  changed: boolean;
  /** Switch the account to in-browser now. */
  learn: boolean;
  /** Refusals within the window (what `learn` was judged on). */
  recent: number;
}

/** Refusals within the window ending at `now`. */
export function recentRefusals(e: RefusalEvidence, now: number, windowMs = LEARN_WINDOW_MS): number {
  return e.times.filter((t) => t > now - windowMs && t <= now).length;
}

export function onRelayEvent(
  evidence: RefusalEvidence,
  event: RelayEvent,
  account: { path: SendPath; source: SendPathSource },
  opts: { after?: number; windowMs?: number } = {},
): LearningDecision {
  const after = opts.after ?? LEARN_AFTER;
  const windowMs = opts.windowMs ?? LEARN_WINDOW_MS;
  if (event.kind === "delivered") {
    // A success between refusals wipes them: the relay works for this site.
    const changed = evidence.times.length > 0;
    return { evidence: changed ? NO_EVIDENCE : evidence, changed, learn: false, recent: 0 };
  }
  const times = [...evidence.times.filter((t) => t > event.at - windowMs), event.at].slice(-KEEP);
  const next = { times, by: event.by };
  const recent = recentRefusals(next, event.at, windowMs);
  const learn =
    recent >= after && event.browserDelivered && account.path === "relay" && account.source !== "admin";
  return { evidence: next, changed: true, learn, recent };
}

/** What the Platforms screen says about the evidence (admin/src/ui/send-path.tsx). */
export interface EvidenceSummary {
  /** Refusals within the window now: what learning would count. */
  recent: number;
  /** Refusals kept since the relay last delivered. */
  kept: number;
  lastAt: number;
  by: string | null;
  /** in_browser: already sends in-browser; admin_relay: an admin keeps the relay; counting: learning. */
  verdict: "in_browser" | "admin_relay" | "counting";
}

export function summarizeEvidence(
  e: RefusalEvidence,
  account: { path: SendPath; source: SendPathSource },
  now: number,
): EvidenceSummary | null {
  const lastAt = e.times[e.times.length - 1];
  if (lastAt === undefined) return null;
  const verdict =
    account.path === "browser" ? "in_browser" : account.source === "admin" ? "admin_relay" : "counting";
  return { recent: recentRefusals(e, now), kept: e.times.length, lastAt, by: e.by, verdict };
}
