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
});
