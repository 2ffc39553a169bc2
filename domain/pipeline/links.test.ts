import { describe, expect, it } from "vitest";
import {
  checkLinksAndContacts,
  findLeadContacts,
  findLinks,
  findPhones,
  isKnownPlace,
  parseLink,
} from "./links.ts";

const KNOWN = ["spareroom.com", "spareroom.co.uk", "https://calendly.com/acme/viewing"];
const check = (text: string, places: readonly string[] = KNOWN, original = text) =>
  checkLinksAndContacts({ fullText: text, original }, places);

function url(s: string): URL {
  const u = parseLink(s);
  if (!u) throw new Error(`not a link: ${s}`);
  return u;
}

describe("isKnownPlace", () => {
  it("a bare domain covers that host and its subdomains, nothing else", () => {
    expect(isKnownPlace(url("https://www.spareroom.com/x"), KNOWN)).toBe(true);
    expect(isKnownPlace(url("https://uk.spareroom.co.uk/x"), KNOWN)).toBe(true);
    expect(isKnownPlace(url("https://spareroom.com.evil.example/x"), KNOWN)).toBe(false);
    expect(isKnownPlace(url("https://notspareroom.com/x"), KNOWN)).toBe(false);
  });

  it("a URL covers that page and below it on that host only", () => {
    expect(isKnownPlace(url("https://calendly.com/acme/viewing"), KNOWN)).toBe(true);
    expect(isKnownPlace(url("http://calendly.com/acme/viewing/?month=2025-09"), KNOWN)).toBe(true);
    expect(isKnownPlace(url("https://calendly.com/acme/viewing/slot/1"), KNOWN)).toBe(true);
    expect(isKnownPlace(url("https://calendly.com/acme/viewings-scam"), KNOWN)).toBe(false);
    expect(isKnownPlace(url("https://calendly.com/someone/viewing"), KNOWN)).toBe(false);
  });

  it("knows nothing without places", () => {
    expect(isKnownPlace(url("https://www.spareroom.com/x"), [])).toBe(false);
  });
});

describe("findLinks", () => {
  it.each([
    ["see https://evil.example/x now", "https://evil.example/x"],
    ["my form: bit.ly/rent-form-22", "bit.ly/rent-form-22"],
    ["profile www.mylinks-page.com/jay", "www.mylinks-page.com/jay"],
    ["insta instagram.com/jay.rents", "instagram.com/jay.rents"],
    ["chat on t.me/roomhunter", "t.me/roomhunter"],
    ["<a href='http://bit.ly/3xYz'>refs</a>", "http://bit.ly/3xYz"],
  ])("%s → %s", (text, link) => {
    expect(findLinks(text)).toContain(link);
  });

  it.each([
    "thanks.Is it still free?",
    "Available 1.5 months from now, e.g. mid Sept",
    "sq.ft around 300?",
    "I'm at work.It's busy",
    "jo@example.com is my email",
  ])("finds no link in %s", (text) => {
    expect(findLinks(text)).toEqual([]);
  });
});

describe("findPhones", () => {
  it.each(["917-555-0134", "(646) 555 0199", "+44 7700 900456", "212.555.0175", "call 555-0134"])(
    "finds %s",
    (text) => {
      expect(findPhones(text)).toHaveLength(1);
    },
  );

  it.each([
    "move in 2025-09-01",
    "budget $950-1200",
    "10/1-12/31 please",
    "zip 10016",
    "$1,200 per month",
    "https://renthop.com/listings/12345678901",
  ])("finds no phone in %s", (text) => {
    expect(findPhones(text)).toEqual([]);
  });
});

describe("checkLinksAndContacts", () => {
  it("flags a link to an unknown host by host only", () => {
    expect(check("Is it available? https://docs-share.example.net/ref")).toEqual([
      { code: "unknown_contact", detail: 'link: "docs-share.example.net"' },
    ]);
  });

  it("passes links to known places", () => {
    expect(check("It's this one: https://www.spareroom.co.uk/flatshare/123 — still available?")).toEqual([]);
    expect(check("I booked via calendly.com/acme/viewing?month=9")).toEqual([]);
  });

  it("reads links hidden in markup attributes of the raw message", () => {
    const hits = check(
      "refs is the room available?",
      KNOWN,
      '<a href="http://bit.ly/3xYz">refs</a> is the room available?',
    );
    expect(hits).toEqual([{ code: "unknown_contact", detail: 'link: "bit.ly"' }]);
  });

  it("ignores quoted lines of the raw message (our own earlier reply)", () => {
    expect(
      check("Tuesday works", KNOWN, "Tuesday works\n> book at https://calendly.com/acme/viewing"),
    ).toEqual([]);
  });

  it("finds the lead's email addresses, spelled-out ones too, but not on a known domain", () => {
    for (const text of [
      "mail me at jay@gmail.com",
      "jordan_b (at) yahoo (dot) com",
      "my email is pat dot lee at gmail",
    ]) {
      expect(findLeadContacts({ fullText: text }, ["spareroom.com"])).toEqual(["email address"]);
      // Alone, the lead's own address is not a risk: the reply stays on the site.
      expect(check(text)).toEqual([]);
    }
    expect(findLeadContacts({ fullText: "write to lettings@spareroom.com" }, ["spareroom.com"])).toEqual([]);
  });

  it("finds phone numbers; flags them, without echoing them, only with money or documents to move", () => {
    expect(findLeadContacts({ fullText: "Text me at 917-555-0134" }, [])).toEqual(["phone number"]);
    expect(check("Text me at 917-555-0134")).toEqual([]);
    expect(check("Text me at 917-555-0134 and I'll send the deposit")).toEqual([
      { code: "unknown_contact", detail: "phone number with money or documents" },
    ]);
    expect(check("email me at jay@gmail.com, I can send my ID and bank statements")).toEqual([
      { code: "unknown_contact", detail: "email address with money or documents" },
    ]);
    expect(check("Call me on 917-555-0134, I'll bring cash for the deposit").map((h) => h.detail)).toEqual([
      "phone number with money or documents",
    ]);
    expect(check("can you call me at 917-555-0134 to discuss payment?").length).toBe(1);
    // Asking the price is not moving money.
    expect(check("What's the deposit? Text me at 917-555-0134")).toEqual([]);
  });

  it("flags moving the conversation to a messenger or social network", () => {
    for (const text of ["Let's move this to WhatsApp", "add me on telegram", "dm me on insta @jess.m"])
      expect(check(text).some((h) => h.detail.startsWith("off_platform"))).toBe(true);
  });

  it("passes an ordinary message", () => {
    expect(check("Is the room still available from 1 Sept? Budget is $1,200 per month.")).toEqual([]);
  });
});
