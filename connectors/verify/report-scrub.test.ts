// The stored report (report-scrub.ts): a seeded lead's name, message words, e-mail address,
// phone number and a token in a URL are gone from every string of a real report — its parsed
// values, a drift candidate built from the page's attributes, a parser's error — while the ids,
// counts, selectors and digests an operator needs stay.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { connectorFor } from "../registry.ts";
import { personalStrings } from "./capture-redact.ts";
import { checkPage, type PageInput } from "./check.ts";
import { buildReport } from "./report.ts";
import { scrubReport } from "./report-scrub.ts";

const spec = connectorFor("roomies").spec;
const NAME = "Zebulon Quartermaine";
const TEXT = "Is the room still free? Write to zeb.q@example.org or call 415-555-0199 after six.";
const EMAIL = "zeb.q@example.org";
const PHONE = "415-555-0199";

function inboxWithSeededLead(): PageInput {
  const html = readFileSync(new URL("../roomies/fixtures/inbox-page1.html", import.meta.url), "utf8");
  const names = personalStrings(spec, [
    { step: "inbox", url: "http://x/", status: 200, title: "", html, ms: 1 },
  ]);
  const first = names.names[0]!;
  const preview = names.texts[0]!;
  return {
    step: "inbox",
    url: "http://127.0.0.1:8802/inbox?session=abc123",
    status: 200,
    title: "",
    // The fixture's first lead becomes the seeded one, name and words.
    html: html.split(first).join(NAME).split(preview).join(TEXT.slice(0, preview.length)),
    ms: 40,
  };
}

describe("scrubReport", () => {
  it("removes the seeded personal details from every string and keeps ids, counts and digests", () => {
    const page = inboxWithSeededLead();
    const step = checkPage(spec, page);
    // A drift candidate built from the page's own attributes, and a parser error quoting a value.
    step.selectors[0]!.candidates = [
      { selector: `li[aria-label='Chat with ${NAME}']`, count: 1, why: "its text is a known lead name" },
      { selector: "#zebulon", count: 1, why: "holds a link to a thread (/messages/…), one per thread" },
    ];
    step.problems.push(`the connector's parser threw: bad date near ${EMAIL} / ${PHONE}`);
    const report = buildReport({
      platform: "roomies",
      account: "acc-1",
      origin: "http://127.0.0.1:8802",
      browser: "browser_run",
      startedAt: new Date("2026-12-01T00:00:00Z"),
      steps: [step],
      submits: 0,
      extraProblems: [
        `the run stopped: net::ERR_FAILED at http://127.0.0.1:8802/inbox?token=s3cr3t (${NAME})`,
      ],
    });
    const raw = JSON.stringify(report);
    // The seeded details are there before the scrub (else this test could not fail).
    expect(raw).toContain(NAME);
    expect(raw).toContain(EMAIL);

    const out = JSON.stringify(scrubReport(report, personalStrings(spec, [page])));
    for (const secret of [
      NAME,
      "Zebulon",
      "zebulon",
      "Quartermaine",
      EMAIL,
      PHONE,
      "s3cr3t",
      TEXT.slice(0, 30),
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain("li[aria-label]");
    expect(out).toContain("[email]");
    expect(out).toContain("[phone]");
    expect(out).toContain("/inbox?…");

    const scrubbed = scrubReport(report, personalStrings(spec, [page]));
    const before = report.steps[0]!;
    const after = scrubbed.steps[0]!;
    expect(after.selectors.map((s) => [s.name, s.count, s.matched])).toEqual(
      before.selectors.map((s) => [s.name, s.count, s.matched]),
    );
    expect(after.pageClass).toBe("inbox");
    const rows = (x: typeof before) => (x.parsed as { rows: { threadId: string; preview: unknown }[] }).rows;
    expect(rows(after).map((r) => [r.threadId, r.preview])).toEqual(
      rows(before).map((r) => [r.threadId, r.preview]),
    );
    expect(scrubbed.connectorVersion).toBe(report.connectorVersion);
  });

  it("leaves the report's own codes alone when a lead's name is one of their words", () => {
    const step = checkPage(spec, inboxWithSeededLead());
    const report = buildReport({
      platform: "roomies",
      account: null,
      origin: "http://127.0.0.1:8802",
      browser: "local",
      startedAt: new Date(),
      steps: [step],
      submits: 0,
    });
    const out = scrubReport(report, { names: ["Inbox Rows"], texts: [] });
    expect(out.steps[0]!.selectors.map((s) => [s.name, s.matched])).toEqual(
      report.steps[0]!.selectors.map((s) => [s.name, s.matched]),
    );
    expect(out.steps[0]!.step).toBe("inbox");
  });
});
