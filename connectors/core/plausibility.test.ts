// Parsed nonsense: each named check trips on the garbling it is for, stays quiet on what real
// leads write, and none trips on the saved sandbox pages of the five sites.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PLATFORMS } from "../../domain/platforms.ts";
import { connectorFor } from "../registry.ts";
import type { Listing, ThreadDetail, ThreadMessage } from "./contract.ts";
import { parseDocument } from "./html.ts";
import {
  chromeTexts,
  describeFinding,
  inboxFindings,
  isOnlyADate,
  listingFindings,
  threadFindings,
} from "./plausibility.ts";

const now = new Date("2026-12-07T12:00:00Z");
const row = (id: string, preview: string, leadName: string | null = "Ana Lima") => ({
  externalThreadId: id,
  leadName,
  preview,
  lastActivityText: "Today 10:05 AM",
  lastActivityAt: "2026-12-07T10:05:00.000Z",
});
const msg = (text: string, over: Partial<ThreadMessage> = {}): ThreadMessage => ({
  externalMessageId: `m${text.length}`,
  nativeId: false,
  direction: "inbound",
  sender: "Ana",
  text,
  sentAt: "2026-12-07T10:05:00.000Z",
  sentAtText: "Today 10:05 AM",
  ...over,
});
const thread = (messages: ThreadMessage[]): ThreadDetail => ({
  externalThreadId: "123_456",
  leadName: "Ana",
  leadRef: null,
  listingRef: null,
  listingTitle: null,
  messages,
});
const checks = (fs: { check: string }[]) => fs.map((f) => f.check);

describe("inbox rows", () => {
  const good = [
    row("101", "Is the room still free?", "Ana Lima"),
    row("102", "Hi, when can I view it?", "Ben Ode"),
    row("103", "Is this still available?", "Cy Park"),
  ];
  it("a normal page has no findings", () => {
    expect(inboxFindings(good, { now })).toEqual([]);
  });
  it("blank, duplicate and wrongly shaped ids", () => {
    const rows = [row("", "a"), row("101", "b"), row("101", "c"), row("Messages", "d")];
    expect(checks(inboxFindings(rows, { now }))).toEqual([
      "thread_id_missing",
      "thread_id_shape",
      "thread_id_duplicate",
    ]);
    const shaped = inboxFindings([row("4812106", "x"), row("12_34", "y")], {
      now,
      threadIdShape: /^\d{5,}$/,
    });
    expect(checks(shaped)).toEqual(["thread_id_shape"]);
    expect(shaped[0]!.detail).toContain('"12_34"');
  });
  it("the same sender and preview on every row is UI chrome; the same words from different leads are not", () => {
    const chrome = [row("1", "Reply", null), row("2", "Reply", null), row("3", "Reply", null)];
    const f = inboxFindings(chrome, { now });
    expect(checks(f)).toEqual(["same_text_every_row"]);
    expect(f[0]!.detail).not.toContain("Reply");
    const template = [
      row("1", "Is this still available?", "A B"),
      row("2", "Is this still available?", "C D"),
    ];
    expect(inboxFindings([...template, row("3", "Is this still available?", "E F")], { now })).toEqual([]);
  });
  it("previews that are all dates; stamps that do not parse, lie in the future or before 2000", () => {
    expect(
      checks(inboxFindings([row("1", "Today 9:05 AM"), row("2", "01/20/2026 9:05 AM")], { now })),
    ).toEqual(["preview_is_date"]);
    const stamps = [
      { ...row("1", "a"), lastActivityText: "Blursday", lastActivityAt: null }, // one unreadable: tolerated
      { ...row("2", "b"), lastActivityAt: "2026-12-09T12:00:00.000Z" },
      { ...row("3", "c"), lastActivityAt: "1970-01-01T00:00:00.000Z" },
      { ...row("4", "d"), lastActivityAt: "2026-12-08T10:00:00.000Z" }, // within the slack: a zone slip
    ];
    expect(checks(inboxFindings(stamps, { now }))).toEqual(["timestamp_future", "timestamp_too_old"]);
    const unreadable = [
      { ...row("1", "a"), lastActivityText: "Blursday", lastActivityAt: null },
      { ...row("2", "b"), lastActivityText: "Frinday", lastActivityAt: null },
    ];
    const f = inboxFindings(unreadable, { now });
    expect(checks(f)).toEqual(["timestamp_unparsed"]);
    expect(f[0]!.detail).toMatch(/^none of 2 dates parses/);
    expect(f[0]!.detail).not.toContain("Blursday");
  });
});

describe("a thread", () => {
  it("a normal thread has no findings", () => {
    const t = thread([msg("Hi, is it free?"), msg("Yes it is", { direction: "outbound" })]);
    expect(threadFindings(t, { now, chrome: ["Send", "Messages"] })).toEqual([]);
  });
  it("no messages, an empty body, duplicate site ids", () => {
    expect(checks(threadFindings(thread([]), { now }))).toEqual(["no_messages"]);
    expect(checks(threadFindings(thread([msg("hello"), msg(" ")]), { now }))).toEqual(["message_empty"]);
    const dup = [
      msg("a", { externalMessageId: "9", nativeId: true }),
      msg("b", { externalMessageId: "9", nativeId: true }),
    ];
    expect(checks(threadFindings(thread(dup), { now }))).toEqual(["message_id_duplicate"]);
  });
  it("the date rendered into the message element", () => {
    expect(checks(threadFindings(thread([msg("Today 10:05 AM")]), { now }))).toEqual(["message_is_date"]);
    const all = thread([
      msg("Dec 6, 2026", { sentAtText: null }),
      msg("12/06/2026 9:00 PM", { sentAtText: null }),
    ]);
    expect(checks(threadFindings(all, { now }))).toEqual(["message_is_date"]);
    // A lead who names a day is a lead, not a stamp.
    expect(threadFindings(thread([msg("Today works for me, 3pm?")]), { now })).toEqual([]);
  });
  it("a lead message that is the page's title or a button's label", () => {
    const doc = parseDocument(
      "<html><head><title>Conversation</title></head><body><nav><a>Inbox</a></nav><button>Send message</button><p>Send message</p></body></html>",
    );
    const chrome = chromeTexts(doc);
    expect(chrome).toEqual(expect.arrayContaining(["Conversation", "Inbox", "Send message"]));
    const f = threadFindings(thread([msg("Send message")]), { now, chrome });
    expect(checks(f)).toEqual(["message_is_page_chrome"]);
    expect(describeFinding(f[0]!)).toMatch(/^parsed nonsense \(message_is_page_chrome\): thread "123_456"/);
    expect(describeFinding(f[0]!)).not.toContain("Send message");
  });
});

describe("listings", () => {
  const l = (externalId: string, title: string | null): Listing => ({
    externalId,
    title,
    price: null,
    location: null,
    availableFrom: null,
    active: true,
    href: null,
  });
  it("without id or title, or twice", () => {
    expect(listingFindings([l("1", "Room"), l("2", "Flat")])).toEqual([]);
    expect(checks(listingFindings([l("", "Room"), l("2", " "), l("3", "a"), l("3", "b")]))).toEqual([
      "listing_id_missing",
      "listing_title_missing",
      "listing_id_duplicate",
    ]);
  });
});

describe("isOnlyADate", () => {
  it.each([
    "Today 3:30 PM",
    "Yesterday 11:21 PM EST",
    "01/20/2026 9:05 AM",
    "Jan 20 2026",
    "Jan 20, 2026 at 9:05 am",
    "8h ago",
    "2026-11-27T17:50:33Z",
    "3:45 PM",
  ])("%s is a date", (s) => expect(isOnlyADate(s)).toBe(true));
  it.each(["Today?", "Is it free today at 3?", "May I see it", "March 3rd works", "ok"])("%s is not", (s) =>
    expect(isOnlyADate(s)).toBe(false),
  );
});

describe("the saved sandbox pages of all five sites", () => {
  it("trip no check", () => {
    for (const platform of PLATFORMS) {
      const { spec } = connectorFor(platform);
      const dir = new URL(`../${platform}/fixtures/`, import.meta.url);
      const at = new Date(readFileSync(new URL("captured-at.txt", dir), "utf8").trim());
      const ctx = { now: at, origin: "http://127.0.0.1:8800" };
      const files = readdirSync(dir).filter((f) => f.endsWith(".html") && !f.includes("drift"));
      let threads = 0;
      let rows = 0;
      for (const f of files) {
        const doc = parseDocument(readFileSync(new URL(f, dir), "utf8"));
        const p = { now: at, threadIdShape: spec.threadIdShape, chrome: chromeTexts(doc) };
        if (f.startsWith("inbox")) {
          const page = spec.parseInbox(doc, ctx);
          rows += page.rows.length;
          expect(inboxFindings(page.rows, p), `${platform}/${f}`).toEqual([]);
        } else if (f.startsWith("thread")) {
          const id = spec.parseInbox(
            parseDocument(readFileSync(new URL("inbox-page1.html", dir), "utf8")),
            ctx,
          ).rows[0]!.externalThreadId;
          const t = spec.parseThread(doc, id, ctx);
          threads++;
          expect(threadFindings(t, p), `${platform}/${f}`).toEqual([]);
        } else if (f.startsWith("listings") && spec.parseListings) {
          expect(listingFindings(spec.parseListings(doc, ctx).listings), `${platform}/${f}`).toEqual([]);
        }
      }
      expect(rows, platform).toBeGreaterThan(10);
      expect(threads, platform).toBeGreaterThan(0);
    }
  });
});
