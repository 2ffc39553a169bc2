import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { firstMatch, parseDocument } from "../core/html.ts";
import { classifyPage } from "../core/page-classifier.ts";
import { roomiesSpec } from "./index.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { ROOMIES } from "./selectors.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const ctx = { now: new Date(fixture("captured-at.txt").trim()), origin: "http://127.0.0.1:8802" };
const doc = (name: string) => parseDocument(fixture(name));

describe("Roomies inbox (saved sandbox page)", () => {
  const page1 = parseInbox(doc("inbox-page1.html"), ctx);
  const page2 = parseInbox(doc("inbox-page2.html"), ctx);

  it("reads ten rows per page and the next-page link, and skips the filter chips", () => {
    expect(page1.rows).toHaveLength(10);
    expect(page1.nextPath).toBe("/inbox?page=2");
    expect(page2.rows).toHaveLength(4);
    expect(page2.nextPath).toBeNull();
    for (const r of [...page1.rows, ...page2.rows]) {
      expect(r.externalThreadId).toMatch(/^\d{5,}$/);
      expect(r.preview).not.toMatch(/^(unread|unread only|all)$/i);
      expect(r.preview).not.toMatch(/ago$/);
    }
  });

  it("reads 'You:' previews as ours and relative times as instants, not as fingerprint text", () => {
    const jordan = page2.rows.find((r) => r.leadName === "Jordan Alvarez")!;
    expect(jordan).toMatchObject({
      externalThreadId: "4812106",
      latestDirection: "outbound",
      preview: "Hi! Yes, utilities are included and the deposit is one month's rent.",
      lastActivityText: null,
      listingRef: null,
    });
    // "1m ago" at capture time (17:50:35Z) → 17:49:35Z: the message was stored at 17:50:33Z.
    expect(Math.abs(Date.parse(jordan.lastActivityAt!) - Date.parse("2026-11-27T17:50:33Z"))).toBeLessThan(
      3 * 60_000,
    );
    const noah = page2.rows.find((r) => r.leadName === "Noah Kim")!;
    expect(noah.latestDirection).toBe("inbound");
    expect(Math.abs(Date.parse(noah.lastActivityAt!) - Date.parse("2026-11-27T14:50:32Z"))).toBeLessThan(
      3_600_000,
    );
  });

  it("keeps script-looking lead text as text", () => {
    const scripted = [...page1.rows, ...page2.rows].find((r) => r.preview.includes("<script>"));
    expect(scripted?.preview).toContain("<script>alert(1)</script>");
  });

  it("drops rows whose id is not a 5+ digit thread id", () => {
    const d = parseDocument(
      `<div class="divide-y"><a href="/inbox/1234" class="flex gap-4 hover:bg-teal-lightest"><div class="text-gray-700 text-sm truncate">x</div></a>
       <a href="/inbox/unread" class="flex gap-4 hover:bg-teal-lightest"><div class="text-gray-700 text-sm truncate">Unread only</div></a>
       <a href="/inbox/1234567" class="flex gap-4 hover:bg-teal-lightest">A Ann Lee You: see you then 3h ago</a></div>`,
    );
    const { rows } = parseInbox(d, ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      externalThreadId: "1234567",
      latestDirection: "outbound",
      leadName: "Ann Lee",
    });
    expect(rows[0]!.preview).toContain("see you then");
  });
});

describe("Roomies inbox readiness", () => {
  it("accepts an empty inbox, and refuses restyled rows (selector drift, not an empty inbox)", () => {
    expect(firstMatch(doc("inbox-empty.html"), roomiesSpec.inboxReady)).not.toBeNull();
    expect(parseInbox(doc("inbox-empty.html"), ctx).rows).toEqual([]);
    expect(firstMatch(doc("inbox-drift.html"), roomiesSpec.inboxReady)).toBeNull();
    expect(firstMatch(doc("inbox-page1.html"), roomiesSpec.inboxReady)?.selector).toBe(ROOMIES.inbox.rows[0]);
  });
});

describe("Roomies thread (rendered DOM)", () => {
  it("reads every message with its native numeric id, side and ISO time", () => {
    const t = parseThread(doc("thread.html"), "4812028", ctx);
    expect(t.messages.map((m) => [m.externalMessageId, m.nativeId, m.direction])).toEqual([
      ["90410019", true, "inbound"],
      ["90410024", true, "outbound"],
      ["90410066", true, "inbound"],
    ]);
    expect(t.messages[1]!.text).toBe("Hi Noah, yes it is! Would you like to come and see it?");
    expect(t.messages[1]!.sentAt).toBe("2026-11-26T16:50:32.174Z");
    expect(t).toMatchObject({
      leadName: "Noah Kim",
      listingRef: "583025",
      listingTitle: "Private room in Astoria 3BR",
    });
  });

  it("gives a message appended in place (no id on the page yet) a stable content-derived id", () => {
    const a = parseThread(doc("thread-after-send.html"), "4812106", ctx);
    const b = parseThread(doc("thread-after-send.html"), "4812106", ctx);
    const mine = a.messages.at(-1)!;
    expect(mine).toMatchObject({
      direction: "outbound",
      nativeId: false,
      text: "Hi! Yes, utilities are included and the deposit is one month's rent.",
      sentAt: null,
    });
    expect(mine.externalMessageId).toMatch(/^roomies-[0-9a-f]{8}$/);
    expect(b.messages.at(-1)!.externalMessageId).toBe(mine.externalMessageId);
    expect(a.messages[0]).toMatchObject({ externalMessageId: "90410095", nativeId: true });
  });

  it("is not ready while 'Loading messages' shows", () => {
    const loading = fixture("thread.html").replace(
      /<ul id="message-list"[\s\S]*?<\/ul>/,
      `<ul id="message-list"><li class="text-gray-500 text-sm">Loading messages...</li></ul>`,
    );
    expect(firstMatch(parseDocument(loading), roomiesSpec.threadReady)).toBeNull();
    expect(firstMatch(doc("thread.html"), roomiesSpec.threadReady)).not.toBeNull();
  });

  it("reads inline JSON Alpine arguments when the site puts them in x-data", () => {
    const d = parseDocument(
      `<ul><li x-data='messageItem({"id":123456,"content":"Inline hello","system":false,"created_at":"2026-01-02T03:04:05Z"}, true)'><div class="whitespace-pre-line">Inline hello</div></li>
       <li x-data='messageItem({"id":123457,"content":"sys","system":true}, false)'><div class="whitespace-pre-line">sys</div></li></ul>`,
    );
    const t = parseThread(d, "1234567", ctx);
    expect(t.messages).toEqual([
      expect.objectContaining({
        externalMessageId: "123456",
        nativeId: true,
        direction: "outbound",
        sentAt: "2026-01-02T03:04:05.000Z",
      }),
    ]);
  });

  it("a send the page lost in transit makes the thread unreadable (unknown), a refusal does not", () => {
    const withError = (text: string) =>
      parseDocument(
        fixture("thread.html").replace(
          /<div id="send-error" role="alert" class="hidden[^"]*"[^>]*><\/div>/,
          `<div id="send-error" role="alert" class="px-4 text-sm">${text}</div>`,
        ),
      );
    expect(() =>
      parseThread(withError("Network error. Please check your connection and try again."), "4812028", ctx),
    ).toThrow(/outcome unknown/);
    const refused = withError("Your message contains a blocked word.");
    expect(parseThread(refused, "4812028", ctx).messages).toHaveLength(3);
    expect(firstMatch(refused, roomiesSpec.composer.error)?.el.textContent).toContain("blocked word");
    expect(firstMatch(doc("thread.html"), roomiesSpec.composer.error)).toBeNull();
  });
});

describe("Roomies dashboard listings", () => {
  it("reads cards with id, title, price, location and status", () => {
    const { listings, nextPath } = parseListings(doc("listings.html"), ctx);
    expect(nextPath).toBeNull();
    expect(listings.length).toBeGreaterThanOrEqual(2);
    for (const l of listings) {
      expect(l.externalId).toMatch(/^\d+$/);
      expect(l.title).toBeTruthy();
      expect(l.price).toMatch(/^\$[\d,]+/);
      expect(l.href).toBe(`http://127.0.0.1:8802/rooms/${l.externalId}`);
    }
    expect(listings[0]).toMatchObject({ externalId: "583025", location: "Astoria, Queens", active: true });
    const inactive = parseListings(
      parseDocument(fixture("listings.html").replace(">Active</span>", ">Inactive</span>")),
      ctx,
    );
    expect(inactive.listings[0]!.active).toBe(false);
  });
});

describe("Roomies auth gate", () => {
  it("the logged-out redirect target is classified as a login page", () => {
    const c = classifyPage(
      {
        status: 200,
        url: "http://127.0.0.1:8802/login?next=%2Finbox",
        title: "",
        html: fixture("auth-gate.html"),
      },
      ROOMIES.markers,
    );
    expect(c).toEqual({ kind: "login", marker: "url /login" });
  });
});
