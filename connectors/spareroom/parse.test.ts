import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../core/html.ts";
import { classifyPage } from "../core/page-classifier.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { SPAREROOM } from "./selectors.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const ctx = { now: new Date(fixture("captured-at.txt").trim()), origin: "http://127.0.0.1:8801" };

describe("SpareRoom inbox (saved sandbox page)", () => {
  const page1 = parseInbox(parseDocument(fixture("inbox-page1.html")), ctx);

  it("reads ten rows per page and the next-page link", () => {
    expect(page1.rows).toHaveLength(10);
    expect(page1.nextPath).toBe("/roommate/mythreads_beta.pl?offset=10&");
    const page2 = parseInbox(parseDocument(fixture("inbox-page2.html")), ctx);
    expect(page2.rows).toHaveLength(4);
    expect(page2.nextPath).toBeNull();
  });

  it("splits name and message count, ids, direction, listing and dates", () => {
    for (const r of page1.rows) {
      expect(r.externalThreadId).toMatch(SPAREROOM.threadId);
      expect(r.leadName).not.toMatch(/\(\d+\)/);
      expect(r.messageCount).toBeGreaterThan(0);
      expect(r.lastActivityAt).not.toBeNull();
      expect(r.listingRef).toBe(r.externalThreadId.split("_")[1]);
    }
    const page2 = parseInbox(parseDocument(fixture("inbox-page2.html")), ctx);
    const lucas = [...page1.rows, ...page2.rows].find((r) => r.leadName === "Lucas Silva");
    expect(lucas).toMatchObject({
      messageCount: 3,
      latestDirection: "inbound",
      listingTitle: "Sunny double room in Park Slope",
    });
  });

  it("keeps script-looking lead text as text", () => {
    const scripted = page1.rows.find((r) => r.preview.includes("<script>"));
    expect(scripted?.preview).toContain("<script>alert(1)</script>");
  });
});

describe("SpareRoom thread", () => {
  const t = parseThread(parseDocument(fixture("thread.html")), "28140060_17310061", ctx);

  it("reads every message with its native id, direction and UTC time", () => {
    expect(t.messages.map((m) => [m.externalMessageId, m.direction])).toEqual([
      ["418200070", "inbound"],
      ["418200112", "outbound"],
      ["418200209", "inbound"],
    ]);
    expect(t.messages[1]!.text).toBe("Hi Lucas, yes it is! Would you like to come and see it?");
    // Ground truth said 2026-11-26T16:31:36Z; the site shows minutes in New York time.
    expect(t.messages[1]!.sentAt).toBe("2026-11-26T16:31:00.000Z");
    expect(t).toMatchObject({ leadRef: "28140060", listingRef: "17310061", leadName: "Lucas Silva" });
  });
});

describe("SpareRoom my listings", () => {
  it("reads cards with status, title, price and location", () => {
    const { listings } = parseListings(parseDocument(fixture("listings.html")), ctx);
    expect(listings.length).toBeGreaterThanOrEqual(2);
    for (const l of listings) {
      expect(l.externalId).toMatch(/^\d+$/);
      expect(l.title).toBeTruthy();
      expect(l.price).toMatch(/^\$[\d,]+/);
    }
    expect(listings.some((l) => l.active)).toBe(true);
  });
});

describe("SpareRoom auth gate", () => {
  it("is classified as a login page", () => {
    const c = classifyPage(
      {
        status: 200,
        url: "http://127.0.0.1:8801/roommate/mythreads_beta.pl",
        title: "",
        html: fixture("auth-gate.html"),
      },
      SPAREROOM.markers,
    );
    expect(c).toEqual({ kind: "login", marker: "to view this content you will need to either" });
  });
});
