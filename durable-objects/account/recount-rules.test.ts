import { describe, expect, it } from "vitest";
import type { ThreadDetail } from "../../connectors/core/contract.ts";
import { takeBaseline } from "../../connectors/core/reply-evidence.ts";
import { msg, thread } from "../../connectors/core/thread-fixtures.ts";
import {
  afterRecount,
  awaiting,
  blockedBy,
  copiesOfReply,
  isDue,
  isOverdue,
  needsRecount,
  recountConfig,
  recountDelays,
  recountWakeAt,
  type Sibling,
  scheduled,
} from "./recount-rules.ts";

const WORDS = "Yes, pets are welcome with a small deposit. Viewings are on Saturday mornings.";
const OTHER = "The earliest move-in date is the first of next month. Would that work for you?";

const lead = msg("0", "Is it available?", { direction: "inbound" });

// Appearance window 10 s, settle window 60 s, read-back interval 3 s (the hard chaos profiles).
const cfg = recountConfig(10_000, 60_000, 3000);

describe("which sends are recounted", () => {
  it("in-browser sends whose duplicate nobody counted yet; never the relay's", () => {
    expect(needsRecount("browser", 0)).toBe(true);
    expect(needsRecount("browser", 1)).toBe(false); // the confirm saw it: recorded at once
    expect(needsRecount("relay", 0)).toBe(false);
    expect(needsRecount(null, 0)).toBe(false);
  });

  it("recounts after the appearance window and after the settle window; scaled only shorter", () => {
    expect(recountDelays(10_000, 60_000)).toEqual([10_000, 60_000]);
    expect(recountDelays(10_000, 60_000, 0.5)).toEqual([5000, 30_000]);
    expect(recountDelays(10_000, 60_000, 3)).toEqual([10_000, 60_000]);
    expect(recountDelays(10_000, 60_000, Number.NaN)).toEqual([10_000, 60_000]);
    // A settle window no longer than the appearance window: one recount.
    expect(recountDelays(10_000, 10_000)).toEqual([10_000]);
  });
});

describe("the recount's schedule and bound", () => {
  const r = scheduled(awaiting("k", "browser", "browser_run"), 1000, cfg);

  it("is due after the first delay and bounded beyond the last", () => {
    expect(r).toMatchObject({ deliveredAt: 1000, dueAt: 11_000, round: 0, giveUpAt: 1000 + 60_000 + 60_000 });
    expect(isDue(r, 10_999)).toBe(false);
    expect(isDue(r, 11_000)).toBe(true);
    expect(isDue(awaiting("k", "browser", "cdp"), 1e12)).toBe(false); // not delivered yet
    expect(isOverdue(r, 121_000)).toBe(true);
    expect(isOverdue(r, 120_999)).toBe(false);
  });

  it("one copy: again at the settle window after delivery; one copy then: done", () => {
    const next = afterRecount(r, { kind: "counted", copies: 1 }, 11_500, cfg);
    expect(next).toEqual({ next: "again", recount: { ...r, round: 1, failures: 0, dueAt: 61_000 } });
    if (next.next !== "again") throw new Error("unreachable");
    expect(afterRecount(next.recount, { kind: "counted", copies: 1 }, 61_200, cfg)).toEqual({
      next: "one_copy",
      rounds: 2,
    });
  });

  it("two copies at either recount: a duplicate, and no further recount", () => {
    expect(afterRecount(r, { kind: "counted", copies: 2 }, 11_500, cfg)).toEqual({
      next: "duplicate",
      copies: 2,
    });
    const second = { ...r, round: 1, dueAt: 61_000 };
    expect(afterRecount(second, { kind: "counted", copies: 3 }, 61_000, cfg)).toEqual({
      next: "duplicate",
      copies: 3,
    });
  });

  it("a thread it cannot read is tried again with backoff, then given up — never silently", () => {
    const a = afterRecount(r, { kind: "unreadable", error: "503" }, 11_000, cfg);
    expect(a).toEqual({ next: "again", recount: { ...r, failures: 1, dueAt: 11_000 + 6000 } });
    if (a.next !== "again") throw new Error("unreachable");
    const b = afterRecount(a.recount, { kind: "unreadable", error: "503" }, 17_000, cfg);
    expect(b).toMatchObject({ next: "again", recount: { failures: 2, dueAt: 17_000 + 12_000 } });
    if (b.next !== "again") throw new Error("unreachable");
    expect(afterRecount(b.recount, { kind: "unreadable", error: "503" }, 29_000, cfg)).toEqual({
      next: "give_up",
      reason: "the thread could not be read: 503",
    });
    // Past the bound, the first failure gives up.
    expect(afterRecount(r, { kind: "unreadable", error: "timeout" }, 121_000, cfg)).toMatchObject({
      next: "give_up",
    });
  });

  it("waits while another reply with the same words is unsettled, within the bound", () => {
    expect(afterRecount(r, { kind: "blocked" }, 11_000, cfg)).toEqual({
      next: "again",
      recount: { ...r, dueAt: 14_000 },
    });
    expect(afterRecount(r, { kind: "blocked" }, 121_000, cfg)).toMatchObject({ next: "give_up" });
  });

  it("wakes the object at a recount's time, or at its bound while runs cannot work", () => {
    const later = { ...r, dispatchKey: "k2", dueAt: 50_000, giveUpAt: 200_000 };
    expect(recountWakeAt([r, later], false)).toBe(11_000);
    expect(recountWakeAt([r, later], true)).toBe(121_000);
    expect(recountWakeAt([awaiting("k", "browser", "browser_run")], false)).toBeNull();
    expect(recountWakeAt([], false)).toBeNull();
  });
});

describe("counting the copies of one reply", () => {
  const before = thread(lead, msg("1", WORDS));
  const baseline = takeBaseline(before, WORDS);
  const me = { body: WORDS, baseline, firstSubmittedAt: 100 };

  it("one copy new since the baseline is one; the browser's re-send makes two", () => {
    expect(copiesOfReply(thread(lead, msg("1", WORDS), msg("2", WORDS)), me, [])).toBe(1);
    expect(copiesOfReply(thread(lead, msg("1", WORDS), msg("2", WORDS), msg("3", WORDS)), me, [])).toBe(2);
    // Other words are not ours.
    expect(copiesOfReply(thread(lead, msg("1", WORDS), msg("2", WORDS), msg("3", OTHER)), me, [])).toBe(1);
  });

  it("a later reply with the same words owns its copy, by the site's id or by one more copy", () => {
    const later: Sibling = { body: WORDS, state: "delivered", firstSubmittedAt: 200, confirmedId: "3" };
    const shown = thread(lead, msg("1", WORDS), msg("2", WORDS), msg("3", WORDS));
    expect(copiesOfReply(shown, me, [later])).toBe(1);
    // A site without message ids: derived ids, counted by growth.
    const noIds = (t: ThreadDetail) => thread(...t.messages.map((m) => ({ ...m, nativeId: false })));
    const base = takeBaseline(noIds(before), WORDS);
    expect(copiesOfReply(noIds(shown), { ...me, baseline: base }, [{ ...later, confirmedId: "x" }])).toBe(1);
    expect(copiesOfReply(noIds(shown), { ...me, baseline: base }, [])).toBe(2);
  });

  it("a later reply with our words bounds ours by its baseline: its browser's re-send is not ours", () => {
    // Ours is "2"; a reply with other words "3"; then a reply with our words took its baseline
    // and submitted: the site stored it twice ("4" its browser's re-send, "5" the one it confirmed).
    const shown = thread(
      lead,
      msg("1", WORDS),
      msg("2", WORDS),
      msg("3", OTHER),
      msg("4", WORDS),
      msg("5", WORDS),
    );
    const nextBase = takeBaseline(thread(lead, msg("1", WORDS), msg("2", WORDS), msg("3", OTHER)), WORDS);
    const next: Sibling = {
      body: WORDS,
      state: "delivered",
      firstSubmittedAt: 300,
      confirmedId: "5",
      baseline: nextBase,
    };
    expect(copiesOfReply(shown, me, [next])).toBe(1);
    // Our own re-send, shown before the next reply's baseline, is still ours.
    const twice = thread(lead, msg("1", WORDS), msg("2", WORDS), msg("2b", WORDS), msg("5", WORDS));
    const sawBoth = takeBaseline(thread(lead, msg("1", WORDS), msg("2", WORDS), msg("2b", WORDS)), WORDS);
    expect(copiesOfReply(twice, me, [{ ...next, baseline: sawBoth }])).toBe(2);
    // A site without ids: counted by growth, up to what the next reply's baseline saw.
    const noIds = (t: ThreadDetail) => thread(...t.messages.map((m) => ({ ...m, nativeId: false })));
    const base = takeBaseline(noIds(before), WORDS);
    const nextNoIds = takeBaseline(
      noIds(thread(lead, msg("1", WORDS), msg("2", WORDS), msg("3", OTHER))),
      WORDS,
    );
    expect(
      copiesOfReply(noIds(shown), { ...me, baseline: base }, [
        { ...next, confirmedId: "x", baseline: nextNoIds },
      ]),
    ).toBe(1);
  });

  it("an earlier reply with the same words is in the baseline already: not subtracted twice", () => {
    const earlier: Sibling = { body: WORDS, state: "delivered", firstSubmittedAt: 50, confirmedId: "1" };
    const noIds = (t: ThreadDetail) => thread(...t.messages.map((m) => ({ ...m, nativeId: false })));
    const base = takeBaseline(noIds(before), WORDS);
    const twice = noIds(thread(lead, msg("1", WORDS), msg("2", WORDS), msg("3", WORDS)));
    expect(copiesOfReply(twice, { ...me, baseline: base }, [earlier])).toBe(2);
  });

  it("a reply with our words that submitted but was never confirmed may own a copy: not counted as ours", () => {
    const dead: Sibling = { body: WORDS, state: "dead", firstSubmittedAt: 300, confirmedId: null };
    const shown = thread(lead, msg("1", WORDS), msg("2", WORDS), msg("3", WORDS));
    expect(copiesOfReply(shown, me, [dead])).toBe(1);
    // One never submitted owns nothing.
    expect(copiesOfReply(shown, me, [{ ...dead, firstSubmittedAt: null }])).toBe(2);
  });

  it("waits for an unsettled reply with the same words, not for one with other words", () => {
    const open: Sibling = { body: WORDS, state: "unknown", firstSubmittedAt: 300, confirmedId: null };
    expect(blockedBy(me, [open])).toBe(true);
    expect(blockedBy(me, [{ ...open, body: OTHER }])).toBe(false);
    expect(blockedBy(me, [{ ...open, state: "pending", firstSubmittedAt: null }])).toBe(false);
    expect(blockedBy(me, [{ ...open, state: "delivered" }])).toBe(false);
  });
});
