import { describe, expect, it } from "vitest";
import { type TrackedReply, truthFigures } from "../bench/chaos-truth.ts";

const T = "Pets are welcome with a small deposit.";
const reply = (thread: string, state: TrackedReply["state"], body = T): TrackedReply => ({
  thread,
  body,
  state,
});
const none = {
  duplicates: 0,
  lost: 0,
  misthreaded: 0,
  deadButSent: 0,
  stoppedButSent: 0,
  unconfirmedOnSite: 0,
  short: [],
  surplus: [],
};

describe("chaos ground truth, thread by thread", () => {
  it("the same words delivered twice to one thread are two replies, not a duplicate", () => {
    expect(
      truthFigures(
        [reply("a", "delivered"), reply("a", "delivered")],
        [{ thread: "a", deliveries: { [T]: 2 } }],
      ),
    ).toEqual(none);
  });

  it("a third copy is a duplicate; a missing one is lost", () => {
    const two = [reply("a", "delivered"), reply("a", "delivered")];
    expect(truthFigures(two, [{ thread: "a", deliveries: { [T]: 3 } }])).toEqual({
      ...none,
      duplicates: 1,
      surplus: [{ thread: "a", body: T, delivered: 2, copies: 3 }],
    });
    expect(truthFigures(two, [{ thread: "a", deliveries: { [T]: 1 } }])).toEqual({
      ...none,
      lost: 1,
      short: [{ thread: "a", body: T, delivered: 2, copies: 1 }],
    });
  });

  it("a copy in another lead's thread is misthreaded, and the reply it belonged to is lost", () => {
    expect(truthFigures([reply("a", "delivered")], [{ thread: "b", deliveries: { [T]: 1 } }])).toEqual({
      ...none,
      misthreaded: 1,
      lost: 1,
      short: [{ thread: "a", body: T, delivered: 1, copies: 0 }],
    });
  });

  it("a stopped or dead-lettered reply on the site is counted as such; an unconfirmed one is allowed", () => {
    expect(truthFigures([reply("a", "cancelled")], [{ thread: "a", deliveries: { [T]: 1 } }])).toEqual({
      ...none,
      stoppedButSent: 1,
    });
    expect(truthFigures([reply("a", "dead")], [{ thread: "a", deliveries: { [T]: 1 } }])).toEqual({
      ...none,
      deadButSent: 1,
    });
    expect(truthFigures([reply("a", "dead_unconfirmed")], [{ thread: "a", deliveries: { [T]: 1 } }])).toEqual(
      {
        ...none,
        unconfirmedOnSite: 1,
      },
    );
    expect(truthFigures([reply("a", "dead_unconfirmed"), reply("a", "cancelled")], [])).toEqual(none);
  });

  it("judges each reply by its own copy: one stored twice and another never stored do not net to zero", () => {
    // A first submitted at 100 and the site stored its words twice (110, 120); B, the same words
    // in the same thread, first submitted at 200 and was never stored.
    const messages = [
      { id: "m1", text: T, at: 110 },
      { id: "m2", text: T, at: 120 },
    ];
    const thread = [{ thread: "a", deliveries: { [T]: 2 }, messages }];
    const a = { ...reply("a", "delivered"), claim: "m1", firstSubmittedAt: 100 };
    // B's read-back mistook A's second copy for its own: stored before B ever clicked, so not B's.
    const bClaims = { ...reply("a", "delivered"), claim: "m2", firstSubmittedAt: 200 };
    const bNoId = { ...reply("a", "delivered"), claim: null, firstSubmittedAt: 200 };
    for (const b of [bClaims, bNoId]) {
      const f = truthFigures([a, b], thread);
      expect({ lost: f.lost, duplicates: f.duplicates }).toEqual({ lost: 1, duplicates: 1 });
    }
    // Counting per group of identical words (2 delivered, 2 copies) said 0 and 0.
    expect(
      truthFigures(
        [reply("a", "delivered"), reply("a", "delivered")],
        [{ thread: "a", deliveries: { [T]: 2 } }],
      ),
    ).toMatchObject({ lost: 0, duplicates: 0 });
  });

  it("a confirmation naming another reply's copy, or other words, makes that reply lost", () => {
    const messages = [
      { id: "m1", text: T, at: 110 },
      { id: "m2", text: "Other words", at: 300 },
    ];
    const stored = [{ thread: "a", deliveries: {}, messages }];
    const a = { ...reply("a", "delivered"), claim: "m1", firstSubmittedAt: 100 };
    const twice = { ...reply("a", "delivered"), claim: "m1", firstSubmittedAt: 100 };
    expect(truthFigures([a, twice], [{ thread: "a", deliveries: {}, messages: [messages[0]!] }]).lost).toBe(
      1,
    );
    const wrongWords = { ...reply("a", "delivered"), claim: "m2", firstSubmittedAt: 250 };
    expect(truthFigures([a, wrongWords], stored)).toMatchObject({ lost: 1, duplicates: 0, misthreaded: 1 });
  });

  it("a copy stored after a stopped reply's submit is that reply's; each reply owns one copy at most", () => {
    const messages = [
      { id: "m1", text: T, at: 110 },
      { id: "m2", text: T, at: 130 },
    ];
    const f = truthFigures(
      [
        { ...reply("a", "delivered"), claim: "m1", firstSubmittedAt: 100 },
        { ...reply("a", "cancelled"), firstSubmittedAt: 125 },
      ],
      [{ thread: "a", deliveries: {}, messages }],
    );
    expect(f).toMatchObject({ lost: 0, duplicates: 0, stoppedButSent: 1 });
  });
});
