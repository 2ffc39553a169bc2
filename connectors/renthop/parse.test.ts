import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { firstMatch, parseDocument } from "../core/html.ts";
import { classifyPage } from "../core/page-classifier.ts";
import { renthopSpec } from "./index.ts";
import { parseInbox, parseThread } from "./parse.ts";
import { RENTHOP } from "./selectors.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const ctx = { now: new Date(fixture("captured-at.txt").trim()), origin: "http://127.0.0.1:8804" };
const doc = (name: string) => parseDocument(fixture(name));

describe("RentHop inbox (saved sandbox page)", () => {
  const page1 = parseInbox(doc("inbox-page1.html"), ctx);
  const page2 = parseInbox(doc("inbox-page2.html"), ctx);

  it("reads ten rows per page and the next-page link", () => {
    expect(page1.rows).toHaveLength(10);
    expect(page1.nextPath).toBe("/account/messages?page=2");
    expect(page2.rows).toHaveLength(4);
    expect(page2.nextPath).toBeNull();
  });

  it("reads ids, names, direction, listing title and the exact datetime", () => {
    const daniel = page2.rows.find((r) => r.leadName === "Daniel Okafor")!;
    expect(daniel).toMatchObject({
      externalThreadId: "61400108",
      latestDirection: "outbound",
      preview: "Hi! Yes, utilities are included and the deposit is one month's rent.",
      listingTitle: "No-fee 1BR near Columbia",
      lastActivityAt: "2026-11-27T17:50:38.914Z",
    });
  });

  it("accepts an empty inbox, and refuses restyled rows (selector drift, not an empty inbox)", () => {
    expect(firstMatch(doc("inbox-empty.html"), renthopSpec.inboxReady)).not.toBeNull();
    expect(parseInbox(doc("inbox-empty.html"), ctx).rows).toEqual([]);
    expect(firstMatch(doc("inbox-drift.html"), renthopSpec.inboxReady)).toBeNull();
  });
});

describe("RentHop thread", () => {
  it("reads every message with its native id, direction and UTC time", () => {
    const t = parseThread(doc("thread.html"), "61400040", ctx);
    expect(t.messages.map((m) => [m.externalMessageId, m.nativeId, m.direction])).toEqual([
      ["302000030", true, "inbound"],
      ["302000096", true, "outbound"],
      ["302000189", true, "inbound"],
    ]);
    expect(t.messages[1]!.sentAt).toBe("2026-11-26T16:50:38.041Z");
    expect(t).toMatchObject({ leadName: "Ethan Brooks", listingRef: "71200005" });
  });

  it("shows our reply after the form post, with its native id", () => {
    const t = parseThread(doc("thread-after-send.html"), "61400108", ctx);
    expect(t.messages.at(-1)).toMatchObject({ externalMessageId: "302000355", direction: "outbound" });
  });
});

describe("RentHop auth gate (the original had none)", () => {
  it("the logged-out redirect target is classified as a login page", () => {
    const c = classifyPage(
      {
        status: 200,
        url: "http://127.0.0.1:8804/login?next=%2Faccount%2Fmessages",
        title: "",
        html: fixture("auth-gate.html"),
      },
      RENTHOP.markers,
    );
    expect(c).toEqual({ kind: "login", marker: "url /login" });
  });

  it("an inline login form at the inbox URL is still a login page", () => {
    const c = classifyPage(
      {
        status: 200,
        url: "http://127.0.0.1:8804/account/messages",
        title: "",
        html: fixture("auth-gate.html"),
      },
      RENTHOP.markers,
    );
    expect(c.kind).toBe("login");
  });
});
