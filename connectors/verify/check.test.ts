// The pure page check on the connectors' saved pages: every required selector matches the
// sandbox-shaped pages, the drifted inbox fails with the rows named, a captcha page is reported
// as such, and parsed values come out redacted.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../core/html.ts";
import { connectorFor } from "../registry.ts";
import { SPAREROOM } from "../spareroom/selectors.ts";
import { checkPage } from "./check.ts";
import { initials, redactText } from "./redact-values.ts";
import { buildReport } from "./report.ts";

const fixture = (site: string, name: string) =>
  readFileSync(new URL(`../${site}/fixtures/${name}`, import.meta.url), "utf8");
const spec = connectorFor("roomies").spec;
const page = (step: "inbox" | "thread", html: string, threadId?: string) => ({
  step,
  url: "http://127.0.0.1:8802/inbox?token=secret",
  status: 200,
  title: "",
  html,
  ms: 12,
  ...(threadId ? { threadId } : {}),
});

describe("checkPage", () => {
  it("matches the connector's selectors on a saved inbox and redacts what it parsed", () => {
    const r = checkPage(spec, page("inbox", fixture("roomies", "inbox-page1.html")));
    expect(r.pageClass).toBe("inbox");
    expect(r.url).toBe("http://127.0.0.1:8802/inbox?…");
    const rows = r.selectors.find((s) => s.name === "inbox.rows");
    expect(rows?.required).toBe(true);
    expect(rows?.count).toBeGreaterThan(0);
    expect(rows?.matched).toBe(rows?.tried.find((t) => t.count > 0)?.selector);
    const parsed = r.parsed as { rows: { lead: string; preview: { length: number } }[] };
    expect(parsed.rows.length).toBe(rows?.count);
    for (const row of parsed.rows) expect(row.lead).toMatch(/^(\p{Lu}\.)+$/u);
    expect(r.problems).toEqual([]);
  });

  it("reports the drifted inbox's rows as required and missing", () => {
    const steps = [checkPage(spec, page("inbox", fixture("roomies", "inbox-drift.html")))];
    const report = buildReport({
      platform: "roomies",
      account: null,
      origin: "http://x",
      browser: "local",
      startedAt: new Date(),
      steps,
      submits: 0,
    });
    expect(report.ok).toBe(false);
    expect(report.requiredMissing).toContain("inbox/inbox.rows");
    expect(report.facts).toContainEqual({ name: "inbox.rows", fact: "V", outcome: "contradicted" });
  });

  it("a captcha where the inbox was due is a captcha page, and no selector is held against it", () => {
    const r = checkPage(
      spec,
      page("inbox", `<html><body><iframe src="https://x/recaptcha"></iframe></body></html>`),
    );
    expect(r.pageClass).toBe("captcha");
    expect(r.selectors.every((s) => !s.required)).toBe(true);
    expect(r.problems[0]).toContain("captcha");
  });
});

describe("parsed nonsense in a verify report", () => {
  it("the date rendered into each message element: every selector matches, the check names the nonsense", () => {
    const doc = parseDocument(fixture("spareroom", "thread.html"));
    for (const li of Array.from(doc.querySelectorAll(SPAREROOM.thread.item))) {
      const body = li.querySelector(SPAREROOM.thread.body)!;
      body.textContent = li.querySelector(SPAREROOM.thread.date)!.textContent;
    }
    const sr = connectorFor("spareroom").spec;
    const id = sr.parseInbox(parseDocument(fixture("spareroom", "inbox-page1.html")), {
      now: new Date(),
      origin: "http://x",
    }).rows[0]!.externalThreadId;
    const steps = [checkPage(sr, { ...page("thread", doc.documentElement.outerHTML, id) })];
    expect(steps[0]!.selectors.filter((s) => s.required).every((s) => s.count > 0)).toBe(true);
    const report = buildReport({
      platform: "spareroom",
      account: null,
      origin: "http://x",
      browser: "local",
      startedAt: new Date(),
      steps,
      submits: 0,
    });
    expect(report.requiredMissing).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(
      /^thread: parsed nonsense \(message_is_date\): thread "\d+_\d+", message 1/,
    );
  });
});

describe("redaction of values", () => {
  it("names to initials, text to length and digest", () => {
    expect(initials("Jane van Doe")).toBe("J.V.D.");
    expect(initials("  ")).toBe("?");
    expect(redactText("Hello there")).toEqual({ length: 11, digest: expect.stringMatching(/^[0-9a-f]{8}$/) });
  });
});
