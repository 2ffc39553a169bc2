// The candidate finder on a hand-written page set in a markup it has never seen (a table inbox,
// chat-bubble articles, an activity feed with text dates, a grid of ad tiles;
// testdata/unfamiliar-*.html — not the sandbox's markup): the candidates it
// proposes for the connector's selectors find exactly the elements a person would pick.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../core/html.ts";
import { findCandidates, type Known } from "./candidates.ts";

const page = (name: string) =>
  parseDocument(readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8"));
const inbox = page("unfamiliar-inbox.html");
const thread = page("unfamiliar-thread.html");
const activity = page("unfamiliar-activity.html");
const ads = page("unfamiliar-listings.html");
const known: Known = {
  texts: [
    "Is the loft still free from March? I work from home and need a quiet place.",
    "Yes please, Saturday morning would suit me best.",
    "Hi Ingrid, it is free from the 1st. Would you like to see it?",
  ],
  names: ["Ingrid Haugen"],
  threadPathPrefix: "/conversations/",
};
const texts = (doc: Document, selector: string) =>
  Array.from(doc.querySelectorAll(selector), (e) => (e.textContent ?? "").replace(/\s+/g, " ").trim());

describe("findCandidates on unfamiliar markup", () => {
  it("inbox rows: the repeated element around each thread link, one per thread", () => {
    const [best] = findCandidates(inbox, "inbox.rows", known);
    expect(best?.count).toBe(3);
    const rows = Array.from(inbox.querySelectorAll(best!.selector));
    expect(rows.map((r) => r.querySelector("a")?.getAttribute("href"))).toEqual([
      "/conversations/c-7f3a",
      "/conversations/c-81bb",
      "/conversations/c-92cd",
    ]);
    // Not the navigation's "/conversations" link, and not the table holding them all.
    expect(best!.selector).not.toMatch(/^(table|tbody)/);
  });

  it("inbox preview: the element whose text starts like the known message", () => {
    const [best] = findCandidates(inbox, "inbox.preview", known);
    expect(texts(inbox, best!.selector)[0]).toMatch(/^Is the loft still free/);
  });

  it("thread items and bodies: one element per known message, and the element whose text it is", () => {
    const [item] = findCandidates(thread, "thread.item", known);
    expect(item?.count).toBe(3);
    expect(item!.selector).toMatch(/^article/);
    const [body] = findCandidates(thread, "thread.body", known);
    expect(texts(thread, body!.selector)).toEqual([known.texts[0], known.texts[2], known.texts[1]]);
  });

  it("thread items from a single known message: the repeated element, not the list around it", () => {
    const [item] = findCandidates(thread, "thread.item", { ...known, texts: [known.texts[1]!] });
    expect(item!.selector).toMatch(/^article/);
    expect(item?.count).toBe(3);
  });

  it("lead name, composer and its send button (not the form's other button)", () => {
    const [name] = findCandidates(thread, "thread.leadName", known);
    expect(texts(thread, name!.selector)).toEqual(["Ingrid Haugen"]);
    const [textarea] = findCandidates(thread, "composer.textarea", known);
    expect(thread.querySelector(textarea!.selector)?.tagName).toBe("TEXTAREA");
    const submits = findCandidates(thread, "composer.submit", known);
    const best = thread.querySelector(submits[0]!.selector);
    expect(best?.textContent).toBe("Send");
  });

  it("proposes nothing when nothing known is on the page", () => {
    expect(findCandidates(inbox, "thread.body", known)).toEqual([]);
    expect(findCandidates(inbox, "inbox.rows", { ...known, threadPathPrefix: "/messages/" })).toEqual([]);
  });

  it("dates by attribute: the <time> whose datetime is a known message's time, not the header around it", () => {
    const times = ["2026-03-01T09:12:00Z", "2026-03-02T08:05:00Z"];
    const [best] = findCandidates(thread, "thread.time", { ...known, times });
    expect(best?.count).toBe(3);
    expect(Array.from(thread.querySelectorAll(best!.selector), (e) => e.tagName)).toEqual([
      "TIME",
      "TIME",
      "TIME",
    ]);
  });

  it("dates by text: the feed's stamps (relative and absolute) rank before the sync time and the footer's date", () => {
    const withTimes = {
      ...known,
      // The three messages' instants, as the operator knows them (their own inquiries).
      times: ["2026-03-02T08:05:00Z", "2026-02-27T18:40:00Z", "2026-02-20T11:02:00Z"],
      dateContext: { timeZone: "UTC", now: "2026-03-02T12:00:00Z" },
    };
    const found = findCandidates(activity, "inbox.date", withTimes);
    expect(found[0]?.count).toBe(3);
    expect(texts(activity, found[0]!.selector)).toEqual([
      "Today 8:05 AM",
      "Feb 27, 2026 6:40 PM",
      "Feb 20, 2026 11:02 AM",
    ]);
    // One known time is enough to find the kind of element; a time nowhere near finds nothing.
    const [one] = findCandidates(activity, "inbox.date", { ...withTimes, times: ["2026-02-27T18:41:00Z"] });
    expect(one?.selector).toBe(found[0]!.selector);
    expect(findCandidates(activity, "inbox.date", { ...withTimes, times: ["2025-06-01T10:00:00Z"] })).toEqual(
      [],
    );
  });

  it("listings: the tile carrying a known ad's id, its title and its price — not the 'recently viewed' link", () => {
    const listings = [
      { id: "5521", title: "Bright loft, Kreuzberg", price: "€1,450" },
      { id: "5730", title: "Two-bed flat with balcony", price: "1980" },
    ];
    const [card] = findCandidates(ads, "listings.card", { ...known, listings });
    expect(card?.count).toBe(3);
    expect(Array.from(ads.querySelectorAll(card!.selector), (e) => e.getAttribute("data-ad"))).toEqual([
      "5521",
      "5604",
      "5730",
    ]);
    const [title] = findCandidates(ads, "listings.title", { ...known, listings });
    expect(texts(ads, title!.selector)).toEqual([
      "Bright loft, Kreuzberg",
      "Quiet room near Tempelhofer Feld",
      "Two-bed flat with balcony",
    ]);
    const [price] = findCandidates(ads, "listings.price", { ...known, listings });
    expect(texts(ads, price!.selector)).toEqual(["€1,450 / month", "€690 / month", "€1,980 / month"]);
    // One known listing by its id alone still finds the tile.
    const [byId] = findCandidates(ads, "listings.card", { ...known, listings: [{ id: "5604" }] });
    expect(byId?.count).toBe(3);
    expect(ads.querySelector(byId!.selector)?.getAttribute("data-ad")).toBe("5521");
  });
});
