/**
 * The chaos benchmark's figures from the sandbox's ground truth, reply by reply. Templates put
 * the same words in one thread more than once, so counting copies per group of identical words
 * can net one reply stored twice against another never stored (0 lost, 0 duplicates). Instead
 * every copy the site stored is owned by at most one reply, and every reply is judged by the
 * copy it owns:
 *   - a delivered reply owns the copy its confirmation names (the site's message id), when that
 *     copy has its words, is in its thread, was stored no earlier than its first submit and is not
 *     another reply's; a confirmation naming any other copy makes it lost. Without a usable id (a
 *     site without message ids) it owns the earliest such copy still unowned — by its own dispatch's
 *     time, so a copy stored before it first clicked "send" is never its proof;
 *   - a delivered reply that owns no copy is lost;
 *   - the copies left over go to the replies whose send may have happened (unconfirmed or
 *     unsettled: allowed), then to stopped and dead-lettered ones (both counted as wrong), each
 *     reply owning at most one; what is still left is a duplicate, or misthreaded where no reply
 *     with those words was addressed to the thread.
 * The outbox's clock lags the sandbox's, never leads (workerd's Date.now() stands still between
 * I/O), so "stored no earlier than the first submit" holds for a reply's genuine copy.
 * Pure, so the accounting itself is tested (test/node/chaos-truth.test.ts).
 */

/** How one tracked reply ended, as the outbox says. */
export type FinalState = "delivered" | "dead_unconfirmed" | "dead" | "cancelled" | "open";

export interface TrackedReply {
  /** The site thread the reply was addressed to (unique per account: prefix it). */
  thread: string;
  body: string;
  state: FinalState;
  /** The site message its confirmation names (the outbox's platformMessageId), if any. */
  claim?: string | null;
  /** Epoch ms of its first submit (the outbox's clock), when it ever submitted. */
  firstSubmittedAt?: number | null;
}

export interface StoredCopy {
  id: string | null;
  text: string;
  /** Epoch ms the site stored it. */
  at: number;
}

export interface StoredThread {
  thread: string;
  /** Exact outbound body → copies the site stored (sandbox truth `deliveries`). */
  deliveries: Record<string, number>;
  /** The outbound messages themselves, when the sandbox gives them (ids and store times). */
  messages?: StoredCopy[];
}

export interface TruthFigures {
  /** Copies on the site that no reply owns (a reply stored twice). */
  duplicates: number;
  /** Delivered replies that own no copy of their words in their thread. */
  lost: number;
  /** Copies of a body in a thread no reply with that body was addressed to. */
  misthreaded: number;
  /** Replies dead-lettered (other than `unconfirmed`) that own a copy on the site. */
  deadButSent: number;
  /** Replies policy or a person stopped that own a copy on the site. */
  stoppedButSent: number;
  /** `unconfirmed` dead letters that own a copy on the site (allowed: that is what they say). */
  unconfirmedOnSite: number;
}

/** A (thread, words) group where a reply was lost or a copy left over, for the report's detail. */
export interface ShortGroup {
  thread: string;
  body: string;
  delivered: number;
  copies: number;
}

interface Copy extends StoredCopy {
  owner: number | null;
}

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
  const key = (thread: string, body: string) => JSON.stringify([thread, body]);
  const copies = new Map<string, Copy[]>();
  const byId = new Map<string, { key: string; copy: Copy }>();
  for (const t of stored) {
    const list: StoredCopy[] =
      t.messages ??
      Object.entries(t.deliveries).flatMap(([text, n]) =>
        Array.from({ length: n }, () => ({ id: null, text, at: 0 })),
      );
    for (const m of [...list].sort((a, b) => a.at - b.at)) {
      const k = key(t.thread, m.text);
      const c: Copy = { ...m, owner: null };
      copies.set(k, [...(copies.get(k) ?? []), c]);
      if (m.id !== null) byId.set(`${t.thread}\u0000${m.id}`, { key: k, copy: c });
    }
  }
  const eligible = (r: TrackedReply, c: Copy) => c.owner === null && c.at >= (r.firstSubmittedAt ?? 0);
  const lostKeys = new Set<string>();
  const order = replies
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.firstSubmittedAt ?? 0) - (b.r.firstSubmittedAt ?? 0));

  // Delivered replies naming a copy: that copy, or nothing.
  const unclaimed: typeof order = [];
  for (const { r, i } of order.filter((x) => x.r.state === "delivered")) {
    const named = r.claim ? byId.get(`${r.thread}\u0000${r.claim}`) : undefined;
    if (!named) {
      unclaimed.push({ r, i });
      continue;
    }
    if (named.key === key(r.thread, r.body) && eligible(r, named.copy)) named.copy.owner = i;
    else {
      f.lost++;
      lostKeys.add(key(r.thread, r.body));
    }
  }
  // Delivered replies without a usable id: the earliest copy their own dispatch could have stored.
  for (const { r, i } of unclaimed) {
    const c = (copies.get(key(r.thread, r.body)) ?? []).find((x) => eligible(r, x));
    if (c) c.owner = i;
    else {
      f.lost++;
      lostKeys.add(key(r.thread, r.body));
    }
  }
  // Copies left over: first what an unconfirmed or unsettled send may own, then what should not exist.
  const leftover = (states: FinalState[], count: (r: TrackedReply) => void) => {
    for (const { r, i } of order.filter((x) => states.includes(x.r.state))) {
      const c = (copies.get(key(r.thread, r.body)) ?? []).find((x) => eligible(r, x));
      if (!c) continue;
      c.owner = i;
      count(r);
    }
  };
  leftover(["dead_unconfirmed", "open"], (r) => {
    if (r.state === "dead_unconfirmed") f.unconfirmedOnSite++;
  });
  leftover(["cancelled"], () => f.stoppedButSent++);
  leftover(["dead"], () => f.deadButSent++);

  const addressed = new Set(replies.map((r) => key(r.thread, r.body)));
  const surplusKeys = new Set<string>();
  for (const [k, list] of copies) {
    const orphans = list.filter((c) => c.owner === null).length;
    if (!addressed.has(k)) f.misthreaded += orphans;
    else if (orphans > 0) {
      f.duplicates += orphans;
      surplusKeys.add(k);
    }
  }
  const group = (k: string): ShortGroup => {
    const [thread, body] = JSON.parse(k) as [string, string];
    return {
      thread,
      body,
      delivered: replies.filter((r) => key(r.thread, r.body) === k && r.state === "delivered").length,
      copies: copies.get(k)?.length ?? 0,
    };
  };
  return { ...f, short: [...lostKeys].map(group), surplus: [...surplusKeys].map(group) };
}
