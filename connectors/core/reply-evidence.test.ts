import { describe, expect, it } from "vitest";
import { copiesSince, findOurReply, takeBaseline } from "./reply-evidence.ts";
import { msg, thread } from "./thread-fixtures.ts";

const TEMPLATE = "Yes, pets are welcome with a small deposit. Viewings are on Saturday mornings.";

const none = new Set<string>();

describe("read-back evidence", () => {
  it("the same words sent earlier are not our reply; a new copy is", () => {
    const before = thread(msg("1", "Is it available?", { direction: "inbound" }), msg("2", TEMPLATE));
    const baseline = takeBaseline(before, TEMPLATE);
    expect(baseline).toEqual({ outboundIds: ["2"], matchingWithoutIds: 0 });
    expect(findOurReply(before, TEMPLATE, baseline, none)).toEqual({ kind: "none" });
    const after = thread(...before.messages, msg("3", TEMPLATE));
    expect(findOurReply(after, TEMPLATE, baseline, none)).toMatchObject({
      kind: "new",
      message: { externalMessageId: "3" },
    });
  });

  it("timestamps neither confirm nor refute: an unparsed or misread time changes nothing", () => {
    const baseline = takeBaseline(thread(msg("2", TEMPLATE, { sentAt: null })), TEMPLATE);
    // An old copy with no parsed time, and ours read 19 hours in the past.
    const after = thread(
      msg("2", TEMPLATE, { sentAt: null }),
      msg("3", TEMPLATE, { sentAt: "2020-01-01T00:00:00.000Z" }),
    );
    expect(findOurReply(after, TEMPLATE, baseline, none)).toMatchObject({
      kind: "new",
      message: { externalMessageId: "3" },
    });
    expect(findOurReply(thread(msg("2", TEMPLATE, { sentAt: null })), TEMPLATE, baseline, none)).toEqual({
      kind: "none",
    });
  });

  it("a message already confirming another reply confirms no second one", () => {
    const baseline = takeBaseline(thread(), TEMPLATE);
    const after = thread(msg("3", TEMPLATE));
    expect(findOurReply(after, TEMPLATE, baseline, new Set(["3"]))).toEqual({ kind: "none" });
    const both = thread(msg("3", TEMPLATE), msg("4", TEMPLATE));
    expect(findOurReply(both, TEMPLATE, baseline, new Set(["3"]))).toMatchObject({
      kind: "new",
      message: { externalMessageId: "4" },
    });
  });

  it("copies all accounted for by replies already confirmed confirm nothing, whatever the ids say", () => {
    const derived = (id: string) => msg(id, TEMPLATE, { nativeId: false });
    // One copy showed before our submit. Since then a copy stored earlier showed late, and the
    // site, which shows no ids, numbers the copies again in display order: the ids two other
    // replies were confirmed by (d-1, d-2) no longer name the copies they were confirmed by.
    const baseline = takeBaseline(thread(derived("d-1")), TEMPLATE);
    const now = thread(derived("d-1"), derived("d-2"), derived("d-3"));
    const claimed = new Set(["d-1", "d-2"]);
    // Three copies, two other replies confirmed: the third copy is ours.
    expect(findOurReply(now, TEMPLATE, baseline, claimed, 2)).toMatchObject({
      kind: "new",
      message: { externalMessageId: "d-3" },
    });
    // Three copies, three other replies confirmed (one of them by an id that moved): none is ours.
    expect(findOurReply(now, TEMPLATE, baseline, claimed, 3)).toEqual({ kind: "none" });
    // The same with ids the site gives.
    const native = thread(msg("7", TEMPLATE), msg("8", TEMPLATE));
    expect(findOurReply(native, TEMPLATE, takeBaseline(thread(), TEMPLATE), new Set(["7"]), 2)).toEqual({
      kind: "none",
    });
  });

  it("on a site without message ids the number of copies has to grow", () => {
    const derived = (n: number) => msg(`d-${n}`, TEMPLATE, { nativeId: false });
    const baseline = takeBaseline(thread(derived(1)), TEMPLATE);
    expect(baseline.matchingWithoutIds).toBe(1);
    // The same single copy under another derived id (re-wrapped text, shifted order) is not new.
    expect(findOurReply(thread(msg("d-x", TEMPLATE, { nativeId: false })), TEMPLATE, baseline, none)).toEqual(
      { kind: "none" },
    );
    expect(findOurReply(thread(derived(1), derived(2)), TEMPLATE, baseline, none)).toMatchObject({
      kind: "new",
      message: { externalMessageId: "d-2" },
    });
  });

  it("inbound messages and other bodies never count", () => {
    const baseline = takeBaseline(thread(), TEMPLATE);
    const after = thread(msg("5", TEMPLATE, { direction: "inbound" }), msg("6", "Something else entirely."));
    expect(findOurReply(after, TEMPLATE, baseline, none)).toEqual({ kind: "none" });
  });

  it("without a baseline our words can be seen but never proven new", () => {
    expect(findOurReply(thread(msg("2", TEMPLATE)), TEMPLATE, null, none)).toEqual({ kind: "unprovable" });
    expect(findOurReply(thread(), TEMPLATE, null, none)).toEqual({ kind: "none" });
  });
});

describe("copies since the baseline (a browser re-send)", () => {
  it("counts new copies with site ids, leaving out the baseline's and other replies' claims", () => {
    const before = thread(msg("1", "Hi", { direction: "inbound" }), msg("2", TEMPLATE));
    const baseline = takeBaseline(before, TEMPLATE);
    expect(copiesSince(thread(...before.messages, msg("3", TEMPLATE)), TEMPLATE, baseline, none)).toBe(1);
    const twice = thread(...before.messages, msg("3", TEMPLATE), msg("4", TEMPLATE));
    expect(copiesSince(twice, TEMPLATE, baseline, none)).toBe(2);
    expect(copiesSince(twice, TEMPLATE, baseline, new Set(["4"]))).toBe(1);
  });

  it("on a site without ids counts by growth, never another confirmed reply's copy", () => {
    const noId = (id: string) => msg(id, TEMPLATE, { nativeId: false });
    const before = thread(noId("a"));
    const baseline = takeBaseline(before, TEMPLATE);
    expect(baseline.matchingWithoutIds).toBe(1);
    const after = thread(noId("a"), noId("b"), noId("c"));
    expect(copiesSince(after, TEMPLATE, baseline, none)).toBe(2);
    expect(copiesSince(after, TEMPLATE, baseline, none, 1)).toBe(1);
  });
});
