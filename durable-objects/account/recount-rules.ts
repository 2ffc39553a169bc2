/**
 * The post-delivery recount (docs/anti-bot.md, "The in-browser path's one duplicate"): when a
 * reply whose submit left in-browser is delivered, the account reads its thread again later and
 * counts the copies of that reply. Chromium may send a POST again by itself when the connection
 * died after the site stored it; the confirm counts copies too, but a copy the site shows late
 * (screening, a slow store) is not there yet when the confirm reads. Pure, so every rule is
 * tested (recount-rules.test.ts); recount.ts does the I/O.
 */
import { bodiesMatch } from "../../connectors/core/body-match.ts";
import type { ThreadBaseline, ThreadDetail } from "../../connectors/core/contract.ts";
import { copiesSince } from "../../connectors/core/reply-evidence.ts";
import type { BrowserProvider, SendPath } from "../../domain/account/browser-settings.ts";

/**
 * Which sends are recounted: those whose submit left in-browser. The relay's request leaves
 * from the object's own `fetch`, which never repeats a POST by itself: a connection that dies
 * there is an error, the outcome `unknown`, and the read-back settles it before anything is
 * sent again (invariant 3) — a relayed submit cannot store a second copy unseen. A duplicate
 * the confirm already counted is recorded at once and needs no recount.
 */
export function needsRecount(path: SendPath | null | undefined, extraSeen: number): boolean {
  return path === "browser" && extraSeen <= 0;
}

/** One reply's recount schedule, kept in the account object's storage until it is done. */
export interface Recount {
  dispatchKey: string;
  path: SendPath;
  provider: BrowserProvider;
  /** When it was delivered; null while not yet (an in-browser submit awaiting its read-back). */
  deliveredAt: number | null;
  /** When the next recount is due; null until delivered. */
  dueAt: number | null;
  /** Recounts done so far (each saw one copy). */
  round: number;
  /** Tries of the current recount that could not read the thread. */
  failures: number;
  /** After this the recount is recorded as not done ("not recounted"); null until delivered. */
  giveUpAt: number | null;
}

export interface RecountConfig {
  /** Delays after delivery, one per recount (recountDelays). */
  delaysMs: readonly number[];
  /** How long a recount that cannot run may wait beyond its time before it is given up. */
  graceMs: number;
  /** Tries of one recount whose read fails before it is given up. */
  maxFailures: number;
  /** Base of the backoff between failed tries (the read-back interval). */
  retryMs: number;
}

/**
 * The delays after delivery: first the appearance window (a copy the site shows late is shown
 * within it as a rule), then the settle window — a message the site has not shown by then is
 * never shown (readback-policy.ts), so the last recount sees every copy there will be. `scale`
 * (RECOUNT_DELAY_SCALE, 0 < scale ≤ 1) shortens both for demos and tests, never lengthens them.
 */
export function recountDelays(appearanceWindowMs: number, settleWindowMs: number, scale = 1): number[] {
  const s = Number.isFinite(scale) && scale > 0 && scale <= 1 ? scale : 1;
  const first = Math.round(appearanceWindowMs * s);
  const last = Math.round(settleWindowMs * s);
  return last > first ? [first, last] : [Math.max(first, last)];
}

export function recountConfig(
  appearanceWindowMs: number,
  settleWindowMs: number,
  retryMs: number,
  scale = 1,
): RecountConfig {
  const delaysMs = recountDelays(appearanceWindowMs, settleWindowMs, scale);
  return {
    delaysMs,
    graceMs: Math.max(settleWindowMs, 3 * retryMs),
    maxFailures: 3,
    retryMs,
  };
}

/** A reply whose submit left in-browser, not delivered yet: recounted once it is. */
export function awaiting(dispatchKey: string, path: SendPath, provider: BrowserProvider): Recount {
  return {
    dispatchKey,
    path,
    provider,
    deliveredAt: null,
    dueAt: null,
    round: 0,
    failures: 0,
    giveUpAt: null,
  };
}

/** The reply was delivered at `at`: its first recount is due after the first delay. */
export function scheduled(r: Recount, at: number, cfg: RecountConfig): Recount {
  const first = at + (cfg.delaysMs[0] ?? 0);
  const last = at + (cfg.delaysMs[cfg.delaysMs.length - 1] ?? 0);
  return { ...r, deliveredAt: at, dueAt: first, round: 0, failures: 0, giveUpAt: last + cfg.graceMs };
}

/** What one recount found. */
export type RecountResult =
  /** The thread was read: this many copies of the reply's one submit are on it. */
  | { kind: "counted"; copies: number }
  /** The thread could not be read (the site down, a timeout, a page that does not parse). */
  | { kind: "unreadable"; error: string }
  /** Another reply of the thread with the same words is unsettled: its copy would count as ours. */
  | { kind: "blocked" };

export type RecountNext =
  | { next: "duplicate"; copies: number }
  /** The last recount saw one copy: nothing to report. */
  | { next: "one_copy"; rounds: number }
  | { next: "again"; recount: Recount }
  | { next: "give_up"; reason: string };

export function afterRecount(
  r: Recount,
  result: RecountResult,
  now: number,
  cfg: RecountConfig,
): RecountNext {
  const giveUpAt = r.giveUpAt ?? now;
  if (result.kind === "counted") {
    if (result.copies > 1) return { next: "duplicate", copies: result.copies };
    const round = r.round + 1;
    const delay = cfg.delaysMs[round];
    if (delay === undefined) return { next: "one_copy", rounds: round };
    const dueAt = Math.max(now, (r.deliveredAt ?? now) + delay);
    return { next: "again", recount: { ...r, round, failures: 0, dueAt } };
  }
  if (result.kind === "blocked") {
    if (now >= giveUpAt)
      return { next: "give_up", reason: "another reply with the same words in the thread stayed unsettled" };
    return { next: "again", recount: { ...r, dueAt: now + cfg.retryMs } };
  }
  const failures = r.failures + 1;
  if (failures >= cfg.maxFailures || now >= giveUpAt)
    return { next: "give_up", reason: `the thread could not be read: ${result.error}`.slice(0, 200) };
  return {
    next: "again",
    recount: { ...r, failures, dueAt: Math.min(giveUpAt, now + cfg.retryMs * 2 ** failures) },
  };
}

/** Due now: scheduled, and its time has come. */
export function isDue(r: Recount, now: number): boolean {
  return r.dueAt !== null && r.dueAt <= now;
}

/** Past its bound without having run (no run could read the site, the budget was spent). */
export function isOverdue(r: Recount, now: number): boolean {
  return r.giveUpAt !== null && now >= r.giveUpAt;
}

/** When the object must wake for a recount: its time, or — when runs cannot work — its bound. */
export function recountWakeAt(recounts: readonly Recount[], blocked: boolean): number | null {
  const times = recounts.flatMap((r) => {
    const t = blocked ? r.giveUpAt : r.dueAt;
    return t === null ? [] : [t];
  });
  return times.length ? Math.min(...times) : null;
}

/** Another outbox item of the same thread, as the count needs it. */
export interface Sibling {
  body: string;
  state: string;
  /** Set once it submitted anything. */
  firstSubmittedAt: number | null;
  /** The message that confirmed it (delivered only). */
  confirmedId: string | null;
  /** The thread as it was read just before its own submit (null: never got that far). */
  baseline?: ThreadBaseline | null;
}

/** The reply being recounted. */
export interface Counted {
  body: string;
  baseline: ThreadBaseline;
  firstSubmittedAt: number;
}

const FINAL = new Set(["delivered", "dead", "cancelled"]);

/** A sibling with our words whose own copy may still be coming: the count waits for it. */
export function blockedBy(me: Pick<Counted, "body">, siblings: readonly Sibling[]): boolean {
  return siblings.some(
    (s) => s.firstSubmittedAt !== null && !FINAL.has(s.state) && bodiesMatch(me.body, s.body),
  );
}

/**
 * Copies of this reply's one submit on the thread: outbound copies of its words new since its
 * baseline, less those other replies own. A reply with the same words confirmed later owns its
 * copy (by the site's id, or by one more copy on a site without ids); one confirmed earlier was
 * settled before ours was sent (at most one reply with a body is undecided per thread), so its
 * copy is in our baseline already. A reply with our words sent after ours took its baseline after
 * ours was settled: a copy missing from that baseline was stored after it — that reply's own, or
 * its browser's re-send (the hard-short chaos run once counted such a re-send for the earlier
 * reply as well as for its own). A reply with our words that submitted but is not confirmed
 * (dead, unconfirmed) may own one copy: it is not counted as ours — a person already has it.
 * Never more than the site shows; when unsure, fewer (a false alarm would send a person to
 * delete a reply the lead needs). The price of the baseline bound: a copy of ours the site still
 * hid when the next reply took its baseline is counted for that reply instead — the same words in
 * the same thread, so the person deletes the same extra copy.
 */
export function copiesOfReply(detail: ThreadDetail, me: Counted, siblings: readonly Sibling[]): number {
  const claimed = new Set(
    siblings.flatMap((s) => (s.state === "delivered" && s.confirmedId ? [s.confirmedId] : [])),
  );
  const same = siblings.filter((s) => s.firstSubmittedAt !== null && bodiesMatch(me.body, s.body));
  const after = same.filter((s) => (s.firstSubmittedAt ?? 0) > me.firstSubmittedAt);
  const next = after
    .filter((s): s is Sibling & { baseline: ThreadBaseline } => s.baseline != null)
    .sort((a, b) => (a.firstSubmittedAt ?? 0) - (b.firstSubmittedAt ?? 0))[0];
  const nextAt = next?.firstSubmittedAt ?? Number.POSITIVE_INFINITY;
  if (next) {
    // Only what the next reply's baseline saw can be ours; every later reply's copy is beyond it.
    const seenByNext = new Set(next.baseline.outboundIds);
    const view = {
      ...detail,
      messages: detail.messages.filter((m) => !m.nativeId || seenByNext.has(m.externalMessageId)),
    };
    const mayOwn = same.filter((s) => s.state !== "delivered" && (s.firstSubmittedAt ?? 0) < nextAt).length;
    const native = copiesSince(
      { ...view, messages: view.messages.filter((m) => m.nativeId) },
      me.body,
      me.baseline,
      claimed,
    );
    const withoutIds = Math.min(
      copiesSince(
        { ...view, messages: view.messages.filter((m) => !m.nativeId) },
        me.body,
        me.baseline,
        claimed,
      ),
      Math.max(0, next.baseline.matchingWithoutIds - me.baseline.matchingWithoutIds),
    );
    return Math.max(0, native + withoutIds - mayOwn);
  }
  const laterDelivered = after.filter((s) => s.state === "delivered").length;
  const mayOwn = same.filter((s) => s.state !== "delivered").length;
  return Math.max(0, copiesSince(detail, me.body, me.baseline, claimed, laterDelivered) - mayOwn);
}
