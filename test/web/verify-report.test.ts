/**
 * The verify report and the go-live readiness in the panel, in a real Chromium against the stack
 * `npm start` runs (which verifies the sandbox accounts at startup, so each has a stored report):
 * an admin opens an account's verify reports and sees every step's selectors with their counts;
 * pressing "Verify now" opens the new run's report, listed first in the history; the readiness
 * sits beside the send-mode control and says its thresholds are a choice. Agents see no reports.
 */
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, AGENT, api, launch, open, pageAs, waitForText } from "./browser.ts";
import { type Stack, startStack } from "./stack.ts";

const ACCOUNT = "local-spareroom";
let stack: Stack;
let browser: Browser;
let admin: Page;

beforeAll(async () => {
  stack = await startStack();
  browser = await launch();
  admin = await pageAs(browser, stack.url, ADMIN);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The text of the count cell of a selector's row in the report shown. */
const countOf = (page: Page, selector: string) =>
  page.$eval(`.verify-report tr[data-selector="${selector}"] td.count`, (td) => Number(td.textContent));

it("an admin opens the account's verify report: every step, each selector's row with its count", async () => {
  const runs = await api<{ items: { id: string; ok: boolean }[] }>(
    stack.url,
    ADMIN,
    "GET",
    `/platforms/${ACCOUNT}/verify-reports`,
  );
  expect(runs.status).toBe(200);
  // npm start verified the account: its run is stored.
  expect(runs.body.items.length).toBeGreaterThan(0);

  await open(admin, stack.url, `/platforms/${ACCOUNT}`);
  // A DOM click: sections above it (the readiness) may still move it while their data loads.
  await admin.waitForSelector("details.verify-reports > summary");
  await admin.$eval("details.verify-reports > summary", (el) => (el as HTMLElement).click());
  await admin.waitForSelector('.verify-report tr[data-selector="inbox.row"]', { timeout: 30_000 });
  const stored = await api<{
    report: { steps: { step: string; selectors: { name: string; count: number }[] }[] };
  }>(stack.url, ADMIN, "GET", `/platforms/${ACCOUNT}/verify-reports/latest`);
  const expected = stored.body.report.steps
    .find((s) => s.step === "inbox")!
    .selectors.find((s) => s.name === "inbox.row")!.count;
  expect(expected).toBeGreaterThan(0);
  expect(await countOf(admin, "inbox.row")).toBe(expected);
  for (const step of ["login", "inbox", "thread", "listings"])
    expect(await admin.$(`.verify-report section[aria-label="Step ${step}"]`)).not.toBeNull();
  await waitForText(admin, ".verify-report p", "report");
  await waitForText(admin, "table.verify-history caption", "Verify runs");
});

it("Verify now opens the new run's report, first in the history", async () => {
  const before = await api<{ items: { id: string }[] }>(
    stack.url,
    ADMIN,
    "GET",
    `/platforms/${ACCOUNT}/verify-reports`,
  );
  const button = await admin.waitForFunction(
    () =>
      [...document.querySelectorAll("button")].find(
        (b) => b.textContent?.startsWith("Verify now") && !(b as HTMLButtonElement).disabled,
      ) ?? null,
  );
  await (button as unknown as { click(): Promise<void> }).click();
  await waitForText(admin, ".outcome", "Check passed", 180_000);
  const after = await api<{ items: { id: string }[] }>(
    stack.url,
    ADMIN,
    "GET",
    `/platforms/${ACCOUNT}/verify-reports`,
  );
  const newest = after.body.items[0]!.id;
  expect(before.body.items.map((i) => i.id)).not.toContain(newest);
  await admin.waitForSelector(`.verify-report[data-report-id="${newest}"] tr[data-selector="inbox.row"]`, {
    timeout: 30_000,
  });
  expect(await countOf(admin, "inbox.row")).toBeGreaterThan(0);
});

it("the readiness sits beside the send mode and says its thresholds are a choice; agents see no reports", async () => {
  await waitForText(admin, `#readiness-${ACCOUNT}`, "Go-live readiness");
  await waitForText(admin, `#readiness-${ACCOUNT}`, "chosen starting point");
  expect(await admin.$(`#readiness-${ACCOUNT} li[data-criterion="unchanged_share"]`)).not.toBeNull();
  await admin.$eval(`#readiness-${ACCOUNT}`, (el) => el.scrollIntoView());
  await admin.screenshot({ path: "docs/screens/verify-report.png", fullPage: false });

  const agent = await pageAs(browser, stack.url, AGENT);
  await open(agent, stack.url, `/platforms/${ACCOUNT}`);
  await waitForText(agent, `#readiness-${ACCOUNT}`, "Go-live readiness");
  expect(await agent.$("details.verify-reports")).toBeNull();
  expect((await api(stack.url, AGENT, "GET", `/platforms/${ACCOUNT}/verify-reports`)).status).toBe(403);
});
