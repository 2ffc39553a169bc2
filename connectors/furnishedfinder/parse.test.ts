import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { firstMatch, parseDocument } from "../core/html.ts";
import { classifyPage } from "../core/page-classifier.ts";
import { furnishedfinderSpec } from "./index.ts";
import { parseInbox, parseThread } from "./parse.ts";
import { FURNISHEDFINDER } from "./selectors.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const ctx = { now: new Date(fixture("captured-at.txt").trim()), origin: "http://127.0.0.1:8805" };
const doc = (name: string) => parseDocument(fixture(name));

describe("Furnished Finder inbox (saved sandbox page)", () => {
  const page1 = parseInbox(doc("inbox-page1.html"), ctx);
  const page2 = parseInbox(doc("inbox-page2.html"), ctx);

  it("reads ten rows per page and the next-page link", () => {
    expect(page1.rows).toHaveLength(10);
    expect(page1.nextPath).toBe("/messaging/inbox?page=2");
    expect(page2.rows).toHaveLength(4);
    expect(page2.nextPath).toBeNull();
  });

  it("reads ids, names, direction, property and the exact datetime", () => {
    const noah = page2.rows.find((r) => r.leadName === "Noah Kim")!;
    expect(noah).toMatchObject({
      externalThreadId: "2260033",
      latestDirection: "outbound",
      listingTitle: "Travel-nurse studio by Mount Sinai",
      lastActivityAt: "2026-11-27T17:50:40.657Z",
    });
  });

  it("accepts an empty inbox, and refuses restyled rows (selector drift, not an empty inbox)", () => {
    expect(firstMatch(doc("inbox-empty.html"), furnishedfinderSpec.inboxReady)).not.toBeNull();
    expect(parseInbox(doc("inbox-empty.html"), ctx).rows).toEqual([]);
    expect(firstMatch(doc("inbox-drift.html"), furnishedfinderSpec.inboxReady)).toBeNull();
  });
});

describe("Furnished Finder thread and delivery marks", () => {
  it("reads every message with its native id, direction and UTC time", () => {
    const t = parseThread(doc("thread.html"), "2260017", ctx);
    expect(t.messages.map((m) => [m.externalMessageId, m.nativeId, m.direction])).toEqual([
      ["14800066", true, "inbound"],
      ["14800159", true, "outbound"],
      ["14800172", true, "inbound"],
    ]);
    expect(t.messages[1]).toMatchObject({ sentAt: "2026-11-26T16:50:39.779Z", deliveryState: "read" });
    expect(t.messages[0]!.deliveryState).toBeUndefined();
    expect(t).toMatchObject({ leadName: "Fatima Al-Sayed", listingRef: "640004" });
  });

  it("maps data-status to deliveryState: sent right after the send, read later", () => {
    const sent = parseThread(doc("thread-after-send.html"), "2260033", ctx).messages.at(-1)!;
    expect(sent).toMatchObject({ externalMessageId: "14800306", nativeId: true, deliveryState: "sent" });
    const read = parseThread(doc("thread-read.html"), "2260033", ctx).messages.at(-1)!;
    expect(read).toMatchObject({ externalMessageId: "14800306", deliveryState: "read" });
  });

  const afterSend = fixture("thread-after-send.html");
  const mine =
    /<div class="thread-message outbound" data-testid="thread-message" data-status="sent" data-message-id="14800306">/;

  it("a bubble still sending has no id yet: stable derived id, state 'sending'", () => {
    const html = afterSend.replace(
      mine,
      `<div class="thread-message outbound" data-testid="thread-message" data-status="sending">`,
    );
    const a = parseThread(parseDocument(html), "2260033", ctx).messages.at(-1)!;
    const b = parseThread(parseDocument(html), "2260033", ctx).messages.at(-1)!;
    expect(a).toMatchObject({ nativeId: false, deliveryState: "sending", direction: "outbound" });
    expect(a.externalMessageId).toBe(b.externalMessageId);
    expect(a.externalMessageId).toMatch(/^furnishedfinder-[0-9a-f]{8}$/);
  });

  const failed = (errorText: string) =>
    parseDocument(
      afterSend
        .replace(
          mine,
          `<div class="thread-message outbound" data-testid="thread-message" data-status="failed">`,
        )
        .replace(
          `<p class="send-error hidden" id="send-error" role="alert"></p>`,
          `<p class="send-error" id="send-error" role="alert">${errorText}</p>`,
        ),
    );

  it("a send lost in transit makes the thread unreadable (the engine answers unknown)", () => {
    expect(() => parseThread(failed("Message failed to send. Tap to retry."), "2260033", ctx)).toThrow(
      /outcome unknown/,
    );
  });

  it("a refused send drops the failed bubble and leaves the site's words in the error box", () => {
    const d = failed("Your message contains a blocked word.");
    const t = parseThread(d, "2260033", ctx);
    expect(t.messages.map((m) => m.direction)).toEqual(["inbound"]);
    expect(firstMatch(d, furnishedfinderSpec.composer.error)?.el.textContent).toContain("blocked word");
    expect(firstMatch(doc("thread.html"), furnishedfinderSpec.composer.error)).toBeNull();
  });
});

describe("Furnished Finder auth gate (the original had none)", () => {
  it("the logged-out redirect target is classified as a login page", () => {
    const c = classifyPage(
      {
        status: 200,
        url: "http://127.0.0.1:8805/login?next=%2Fmessaging%2Finbox",
        title: "",
        html: fixture("auth-gate.html"),
      },
      FURNISHEDFINDER.markers,
    );
    expect(c).toEqual({ kind: "login", marker: "url /login" });
  });
});
