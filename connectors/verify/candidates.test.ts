// The candidate finder on a hand-written page set in a markup it has never seen (a table inbox,
// chat-bubble articles; testdata/unfamiliar-*.html — not the sandbox's markup): the candidates it
// proposes for the connector's selectors find exactly the elements a person would pick.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../core/html.ts";
import { findCandidates, type Known } from "./candidates.ts";

const page = (name: string) =>
  parseDocument(readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8"));
const inbox = page("unfamiliar-inbox.html");
const thread = page("unfamiliar-thread.html");
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
});
