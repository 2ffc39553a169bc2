import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { firstMatch, parseDocument } from "../core/html.ts";
import { classifyPage } from "../core/page-classifier.ts";
import { leasebreakSpec } from "./index.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { LEASEBREAK } from "./selectors.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const ctx = { now: new Date(fixture("captured-at.txt").trim()), origin: "http://127.0.0.1:8803" };
const doc = (name: string) => parseDocument(fixture(name));

describe("Leasebreak inbox (saved sandbox page)", () => {
  const page1 = parseInbox(doc("inbox-page1.html"), ctx);
  const page2 = parseInbox(doc("inbox-page2.html"), ctx);

  it("reads ten rows per page and the next-page link", () => {
    expect(page1.rows).toHaveLength(10);
    expect(page1.nextPath).toBe("/messages?page=2");
    expect(page2.rows).toHaveLength(4);
    expect(page2.nextPath).toBeNull();
  });

  it("reads ids, names, direction, listing title and the exact datetime", () => {
    const zoe = page2.rows.find((r) => r.leadName === "Zoe Martinez")!;
    expect(zoe).toMatchObject({
      externalThreadId: "731089",
      latestDirection: "outbound",
      preview: "Hi! Yes, utilities are included and the deposit is one month's rent.",
      listingTitle: "Short-term studio on the Upper West Side",
      lastActivityText: "2026-11-27T17:50:37.225Z",
      lastActivityAt: "2026-11-27T17:50:37.225Z",
    });
    expect(page2.rows.find((r) => r.leadName === "Noah Kim")!.latestDirection).toBe("inbound");
  });

  it("keeps script-looking lead text as text", () => {
    const scripted = page1.rows.find((r) => r.preview.includes("<script>"));
    expect(scripted?.preview).toContain("<script>alert(1)</script>");
  });

  it("accepts an empty inbox, and refuses restyled rows (selector drift, not an empty inbox)", () => {
    expect(firstMatch(doc("inbox-empty.html"), leasebreakSpec.inboxReady)).not.toBeNull();
    expect(parseInbox(doc("inbox-empty.html"), ctx).rows).toEqual([]);
    expect(firstMatch(doc("inbox-drift.html"), leasebreakSpec.inboxReady)).toBeNull();
  });
});

describe("Leasebreak thread", () => {
  it("reads every message with its native id, direction and UTC time", () => {
    const t = parseThread(doc("thread.html"), "731074", ctx);
    expect(t.messages.map((m) => [m.externalMessageId, m.nativeId, m.direction])).toEqual([
      ["5120015", true, "inbound"],
      ["5120047", true, "outbound"],
      ["5120088", true, "inbound"],
    ]);
    expect(t.messages[1]!.sentAt).toBe("2026-11-26T16:50:36.287Z");
    expect(t).toMatchObject({ leadName: "Noah Kim", listingRef: "412074" });
  });

  it("shows our reply after the form post, with its native id", () => {
    const t = parseThread(doc("thread-after-send.html"), "731089", ctx);
    expect(t.messages.at(-1)).toMatchObject({ externalMessageId: "5120249", direction: "outbound" });
  });

  it("falls back to a stable content-derived id when an item has none", () => {
    const html = `<div class="message message--inbound"><div class="message-body">Hello there</div></div>
      <div class="message message--inbound"><div class="message-body">Hello there</div></div>`;
    const a = parseThread(parseDocument(html), "1", ctx).messages.map((m) => m.externalMessageId);
    const b = parseThread(parseDocument(html), "1", ctx).messages.map((m) => m.externalMessageId);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(2);
    expect(a[0]).toMatch(/^leasebreak-[0-9a-f]{8}$/);
  });
});

describe("Leasebreak my listings", () => {
  it("reads cards with id, status, title, price and location", () => {
    const { listings } = parseListings(doc("listings.html"), ctx);
    expect(listings.length).toBeGreaterThanOrEqual(2);
    for (const l of listings) {
      expect(l.externalId).toMatch(/^\d+$/);
      expect(l.title).toBeTruthy();
      expect(l.price).toMatch(/^\$[\d,]+/);
      expect(l.active).toBe(true);
    }
  });
});

describe("Leasebreak auth gate", () => {
  it("the logged-out redirect target is classified as a login page", () => {
    const c = classifyPage(
      {
        status: 200,
        url: "http://127.0.0.1:8803/users/sign_in?next=%2Fmessages",
        title: "",
        html: fixture("auth-gate.html"),
      },
      LEASEBREAK.markers,
    );
    expect(c).toEqual({ kind: "login", marker: "url /users/sign_in" });
  });
});
