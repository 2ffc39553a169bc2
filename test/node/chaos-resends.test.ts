import { describe, expect, it } from "vitest";
import { resendFigures, resendSection, resendVerdict } from "../bench/chaos-resends.ts";

const dup = (copies: number, seenBy = "recount", provider = "browser_run", path = "browser") => ({
  path,
  provider,
  outcome: "duplicate",
  seen_by: seenBy,
  copies,
});

describe("the chaos gate on the in-browser path's one duplicate", () => {
  it("passes when every surplus copy is an in-browser re-send and each was seen", () => {
    const f = resendFigures(
      [
        { browser: 1, other: 0 },
        { browser: 1, other: 0 },
      ],
      [dup(2, "confirm"), dup(2, "recount", "cdp"), { ...dup(1), outcome: "one_copy" }],
    );
    expect(f).toMatchObject({
      stored: { browser: 2, relay: 0 },
      seen: { browser: 2, relay: 0 },
      seenByProvider: { "browser on browser_run": 1, "browser on cdp": 1 },
      seenBy: { confirm: 1, recount: 1 },
      oneCopy: 1,
    });
    expect(resendVerdict(f, 2)).toEqual([]);
    expect(resendSection(f, 2)).toContain("pass");
  });

  it("fails on a re-send stored but never seen (the case the recount exists for)", () => {
    const f = resendFigures(
      [{ browser: 2, other: 0 }],
      [dup(2), { ...dup(1), outcome: "not_recounted", copies: null }],
    );
    expect(f.notRecounted).toBe(1);
    expect(resendVerdict(f, 2)).toEqual([
      "1 in-browser re-sent copies seen and alerted, 2 stored (must be equal)",
    ]);
  });

  it("fails on a false alarm, a relay re-send, or a surplus copy that is no re-send", () => {
    expect(resendVerdict(resendFigures([{ browser: 0, other: 0 }], [dup(2)]), 0)).toHaveLength(1);
    expect(resendVerdict(resendFigures([{ browser: 0, other: 1 }], []), 1)).toEqual([
      "1 surplus copies on the sites, but 0 in-browser re-sends stored: duplicates other than Chromium's re-send",
      "1 re-sends stored from the relay's requests (must be 0)",
      "0 relayed copies seen, 1 stored (must be equal)",
    ]);
    // A copy stored twice for another reason (a blind resend) is a duplicate the re-sends do not explain.
    expect(resendVerdict(resendFigures([{ browser: 1, other: 0 }], [dup(2)]), 2)).toHaveLength(1);
  });

  it("counts three copies of one submit as two re-sent copies", () => {
    const f = resendFigures([{ browser: 2, other: 0 }], [dup(3)]);
    expect(f.seen.browser).toBe(2);
    expect(resendVerdict(f, 2)).toEqual([]);
  });
});
