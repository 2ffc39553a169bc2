// verify:site against the sandbox sites with the system Chromium (--browser local): the
// read-only promise (the sandbox counts no submit), a pass on every site as it is, a failure with
// the missing selectors named under the sandbox's markup drift, redacted values, and the CLI's
// exit codes.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../connectors/core/html.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { CANARY_TEXT } from "../../connectors/verify/canary.ts";
import { reportMarkdown } from "../../connectors/verify/report.ts";
import { PLATFORMS } from "../../domain/platforms.ts";
import { type Sandbox, startSandbox } from "../../sandbox/server.ts";
import { api, launch, reset, SITE, TEST_BASE_PORT, truth } from "../../sandbox/test-helpers.ts";
import { root } from "../../scripts/lib/local-stack.ts";
import { verifyLocal, writeCapture } from "../../scripts/lib/verify-local.ts";
import { checkBundle } from "../support/captured-bundles.ts";

const exec = promisify(execFile);
/** The CLI's exit status and output (a non-zero exit is a value here, not a throw). */
async function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; encoding: "utf8" },
) {
  try {
    const r = await exec(cmd, args, opts);
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { status: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

let sandbox: Sandbox;
let browser: Browser;
const demo = { username: "demo", password: "demo-password" };
const counters = (platform: string) =>
  api<{ submits: number; logins: number; pageLoads: Record<string, number> }>(
    "GET",
    `/__sandbox/counters?platform=${platform}&account=demo`,
  );

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, basePort: TEST_BASE_PORT });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});
beforeEach(async () => {
  await reset();
});

describe("verify:site --browser local", () => {
  it("passes on every sandbox site, reads login, inbox, a thread and listings, and submits nothing", async () => {
    for (const platform of PLATFORMS) {
      const { report } = await verifyLocal(
        { platform, origin: SITE[platform], account: "demo", credentials: demo, renderWaitMs: 2000 },
        browser,
      );
      expect(report.requiredMissing, platform).toEqual([]);
      expect(report.problems, platform).toEqual([]);
      expect(report.ok, platform).toBe(true);
      const classes = report.steps.map((s) => s.pageClass);
      expect(classes.slice(0, 3), platform).toEqual(["login", "inbox", "thread"]);
      const c = await counters(platform);
      expect(c.submits, `${platform} submits`).toBe(0);
      expect(c.logins, `${platform} logins`).toBe(1);
      // Redacted: no lead's name or words in the report, ids kept.
      const json = JSON.stringify(report);
      const threads = await truth(platform);
      for (const t of threads) {
        expect(json).not.toContain(t.leadName);
        for (const m of t.messages) expect(json).not.toContain(m.text.slice(0, 24));
      }
      expect(json).toContain(threads[0]!.threadId);
      // Every fact judged is one of the connector's selectors the page confirmed.
      expect(
        report.facts.every((f) => f.outcome === "confirmed"),
        platform,
      ).toBe(true);
    }
  });

  it("fails under the sandbox's markup drift and names the selectors the connector needs", async () => {
    for (const platform of PLATFORMS) {
      await api("POST", "/__sandbox/faults", { platform, kind: "markup_drift" });
      const { report } = await verifyLocal(
        { platform, origin: SITE[platform], account: "demo", credentials: demo, renderWaitMs: 2000 },
        browser,
      );
      expect(report.ok, platform).toBe(false);
      expect(
        report.requiredMissing.some((m) => m.startsWith("inbox/")),
        platform,
      ).toBe(true);
      expect(
        report.facts.some((f) => f.outcome === "contradicted"),
        platform,
      ).toBe(true);
      expect((await counters(platform)).submits).toBe(0);
    }
  });

  it("fails under content_garbled (every selector matches, the content is nonsense) and names the check", async () => {
    for (const platform of PLATFORMS) {
      await api("POST", "/__sandbox/faults", { platform, kind: "content_garbled" });
      const { report } = await verifyLocal(
        { platform, origin: SITE[platform], account: "demo", credentials: demo, renderWaitMs: 2000 },
        browser,
      );
      expect(report.requiredMissing, platform).toEqual([]);
      expect(report.ok, platform).toBe(false);
      expect(report.problems, platform).toContainEqual(
        expect.stringMatching(/^thread: parsed nonsense \(message_is_date\)/),
      );
      expect(report.problems, platform).toContainEqual(
        expect.stringMatching(/^inbox: parsed nonsense \(preview_is_date\)/),
      );
      if (connectorFor(platform).spec.parseListings && report.steps.some((s) => s.step === "listings"))
        expect(report.problems, platform).toContainEqual(
          expect.stringMatching(/^listings: parsed nonsense \(listing_title_missing\)/),
        );
      expect((await counters(platform)).submits).toBe(0);
    }
  });

  it("drift report: the sandbox's page still matches, the drifted one does not, and structure finds the renamed elements", async () => {
    // Sites whose thread selectors have no fallback that survives the drift (Furnished Finder's
    // `.thread-message` does, and then nothing is missing there).
    const threadDrift: string[] = [];
    for (const platform of PLATFORMS) {
      const [t] = await truth(platform);
      await api("POST", "/__sandbox/faults", { platform, kind: "markup_drift" });
      const run = await verifyLocal(
        {
          platform,
          origin: SITE[platform],
          account: "demo",
          credentials: demo,
          threadId: t!.threadId,
          known: { texts: t!.messages.map((m) => m.text), names: [t!.leadName] },
          renderWaitMs: 2000,
        },
        browser,
      );
      const r = run.report;
      const entry = (name: string) => r.drift.find((d) => d.name === name);
      const rows = entry(platform === "spareroom" ? "inbox.row" : "inbox.rows");
      expect(rows?.required, platform).toBe(true);
      expect(rows?.sandbox, `${platform}: the sandbox's own page matches`).toBeGreaterThan(0);
      // The first candidate for the thread's messages finds every known message on the drifted page.
      const threadPage = run.pages.find((p) => p.step === "thread")!;
      const doc = parseDocument(threadPage.html);
      for (const name of ["thread.item", "thread.body"]) {
        const d = entry(name);
        if (!d) continue; // that selector survived the drift on this site
        const best = d.candidates[0];
        expect(best, `${platform} ${name}`).toBeDefined();
        const found = Array.from(doc.querySelectorAll(best!.selector), (e) => e.textContent ?? "").join("\n");
        for (const m of t!.messages)
          expect(found, `${platform} ${name} ${best!.selector}`).toContain(m.text.slice(0, 30));
      }
      if (r.drift.some((d) => d.step === "thread")) threadDrift.push(platform);
      expect(reportMarkdown(r)).toContain("## Drift: selectors the site did not match");
      expect((await counters(platform)).submits).toBe(0);
    }
    expect(threadDrift).toEqual(expect.arrayContaining(["spareroom", "roomies"]));
  });

  it("--capture: seeded personal details do not survive redaction, and the bundle parses as read", async () => {
    const secrets = {
      name: "Zephyrine Quillfeather",
      email: "zephyrine.q@example.org",
      phone: "(917) 555-0142",
      words: "my cat Biscuit sleeps all day",
    };
    for (const platform of PLATFORMS) {
      const text = `Hello! I am ${secrets.name}, call me on ${secrets.phone} or write to ${secrets.email}; ${secrets.words}.`;
      const { threadId } = await api<{ threadId: string }>("POST", "/__sandbox/leads", {
        platform,
        account: "demo",
        leadName: secrets.name,
        text,
      });
      const run = await verifyLocal(
        {
          platform,
          origin: SITE[platform],
          account: "demo",
          credentials: demo,
          threadId,
          renderWaitMs: 2000,
        },
        browser,
      );
      expect(run.report.ok, platform).toBe(true);
      // The seeded details are on the pages as read (so the check below means something)...
      const raw = run.pages.map((p) => p.html).join("\n");
      expect(raw, platform).toContain("Quillfeather");
      const dir = writeCapture(run, platform, mkdtempSync(join(tmpdir(), `capture-${platform}-`)));
      const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8"));
      const all = files.join("\n");
      // ...and nowhere in the bundle.
      for (const s of ["Zephyrine", "Quillfeather", secrets.email, "555-0142", "Biscuit"])
        expect(all.includes(s), `${platform}: "${s}" survived`).toBe(false);
      for (const c of run.cookieValues.filter((v) => v.length >= 8))
        expect(all.includes(c), `${platform}: a cookie survived`).toBe(false);
      expect(checkBundle(dir), platform).toEqual([]);
      expect((await counters(platform)).submits).toBe(0);
    }
  });

  it("--canary-thread sends the fixed text once to the operator's own thread and reads it back", async () => {
    for (const platform of PLATFORMS) {
      const { threadId } = await api<{ threadId: string }>("POST", "/__sandbox/leads", {
        platform,
        account: "demo",
        leadName: "Owner Test",
        text: "My own test inquiry to my own listing.",
      });
      const run = await verifyLocal(
        {
          platform,
          origin: SITE[platform],
          account: "demo",
          credentials: demo,
          canaryThread: threadId,
          renderWaitMs: 2000,
        },
        browser,
      );
      expect(run.report.submits, platform).toBe(0); // the read-only pass
      const c = run.canary!;
      expect(c.outcome, platform).toBe("delivered");
      expect([c.copiesBefore, c.copiesAfter], platform).toEqual([0, 1]);
      expect(c.ok).toBe(true);
      expect(c.sendPath.mode).toBe(connectorFor(platform).spec.composer.mode);
      expect(
        c.sendPath.requests.some((r) => r.method === "POST" && r.status !== null && r.status < 400),
        platform,
      ).toBe(true);
      // The site's ground truth: one submit, one stored copy, on that thread only.
      expect((await counters(platform)).submits, platform).toBe(1);
      const thread = (await truth(platform)).find((t) => t.threadId === threadId)!;
      expect(thread.deliveries[CANARY_TEXT], platform).toBe(1);
    }
  });

  it("the CLI writes Markdown and JSON and exits 1 on drift, 0 without", async () => {
    const out = mkdtempSync(join(tmpdir(), "verify-"));
    // Asynchronous: the sandbox answers from this very process.
    const cli = () =>
      run(
        process.execPath,
        [
          "--experimental-strip-types",
          "--no-warnings",
          "scripts/verify-site.ts",
          "roomies",
          "--origin",
          SITE.roomies,
          "--out",
          out,
        ],
        {
          cwd: root,
          env: { ...process.env, VERIFY_USERNAME: "demo", VERIFY_PASSWORD: "demo-password" },
          encoding: "utf8",
        },
      );
    const good = await cli();
    expect(good.status, good.stderr).toBe(0);
    expect(readFileSync(join(out, "verify-roomies.md"), "utf8")).toContain("verdict: **pass**");
    await api("POST", "/__sandbox/faults", { platform: "roomies", kind: "markup_drift" });
    const bad = await cli();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("required selector matched nothing");
    const json = JSON.parse(readFileSync(join(out, "verify-roomies.json"), "utf8")) as { ok: boolean };
    expect(json.ok).toBe(false);
    const noCreds = await run(
      process.execPath,
      ["--experimental-strip-types", "--no-warnings", "scripts/verify-site.ts", "roomies"],
      {
        cwd: root,
        env: { PATH: process.env.PATH },
        encoding: "utf8",
      },
    );
    expect(noCreds.status).toBe(2);
  });
});
