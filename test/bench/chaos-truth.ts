/**
 * The chaos benchmark's figures from the sandbox's ground truth, thread by thread. Replies are
 * grouped by (thread, exact body): templates put the same words in one thread more than once,
 * so "this reply is on the site" can only be judged as "this many copies of these words are in
 * this thread". Pure, so the accounting itself is tested (test/node/chaos-truth.test.ts).
 */

/** How one tracked reply ended, as the outbox says. */
export type FinalState = "delivered" | "dead_unconfirmed" | "dead" | "cancelled" | "open";

export interface TrackedReply {
  /** The site thread the reply was addressed to (unique per account: prefix it). */
  thread: string;
  body: string;
  state: FinalState;
}

export interface StoredThread {
  thread: string;
  /** Exact outbound body → copies the site stored (sandbox truth `deliveries`). */
  deliveries: Record<string, number>;
}

export interface TruthFigures {
  /** Copies on the site that no reply accounts for (the same reply stored twice). */
  duplicates: number;
  /** Replies the system calls delivered that the site does not have in that thread. */
  lost: number;
  /** Copies of a body in a thread no reply with that body was addressed to. */
  misthreaded: number;
  /** Replies dead-lettered (other than `unconfirmed`) whose words are on the site anyway. */
  deadButSent: number;
  /** Replies policy or a person stopped whose words reached the site anyway. */
  stoppedButSent: number;
  /** `unconfirmed` dead letters whose copy is on the site (allowed: that is what they say). */
  unconfirmedOnSite: number;
}

/** A (thread, words) group whose copies on the site and replies called delivered disagree. */
export interface ShortGroup {
  thread: string;
  body: string;
  delivered: number;
  copies: number;
}

/** The figures, and the groups behind `lost` and `duplicates` (for the report's detail). */
export function truthFigures(
  replies: readonly TrackedReply[],
  stored: readonly StoredThread[],
): TruthFigures & { short: ShortGroup[]; surplus: ShortGroup[] } {
  const f: TruthFigures = {
    duplicates: 0,
    lost: 0,
    misthreaded: 0,
    deadButSent: 0,
    stoppedButSent: 0,
    unconfirmedOnSite: 0,
  };
  const short: ShortGroup[] = [];
  const surplusGroups: ShortGroup[] = [];
  const groups = new Map<string, Record<FinalState, number>>();
  const key = (thread: string, body: string) => JSON.stringify([thread, body]);
  for (const r of replies) {
    const g = groups.get(key(r.thread, r.body)) ?? {
      delivered: 0,
      dead_unconfirmed: 0,
      dead: 0,
      cancelled: 0,
      open: 0,
    };
    g[r.state]++;
    groups.set(key(r.thread, r.body), g);
  }
  const copies = new Map<string, number>();
  for (const t of stored)
    for (const [body, n] of Object.entries(t.deliveries)) {
      copies.set(key(t.thread, body), n);
      if (!groups.has(key(t.thread, body))) f.misthreaded += n;
    }
  for (const [k, g] of groups) {
    const s = copies.get(k) ?? 0;
    f.lost += Math.max(0, g.delivered - s);
    if (g.delivered > s) {
      const [thread, body] = JSON.parse(k) as [string, string];
      short.push({ thread, body, delivered: g.delivered, copies: s });
    }
    // Copies beyond the delivered ones: first those an unconfirmed or unsettled reply may own.
    let surplus = Math.max(0, s - g.delivered);
    const mayOwn = Math.min(surplus, g.dead_unconfirmed + g.open);
    f.unconfirmedOnSite += Math.min(mayOwn, g.dead_unconfirmed);
    surplus -= mayOwn;
    const stopped = Math.min(surplus, g.cancelled);
    f.stoppedButSent += stopped;
    surplus -= stopped;
    const dead = Math.min(surplus, g.dead);
    f.deadButSent += dead;
    surplus -= dead;
    f.duplicates += surplus;
    if (surplus > 0) {
      const [thread, body] = JSON.parse(k) as [string, string];
      surplusGroups.push({ thread, body, delivered: g.delivered, copies: s });
    }
  }
  return { ...f, short, surplus: surplusGroups };
}
