/**
 * Follow-ups through the panel (docs/followups.md), against the stack `npm start` runs: an admin
 * turns them on in Settings, a lead is answered on the site and goes quiet, the conversation
 * shows its next follow-up, "Send now" stores step 1 on the site once, "Cancel follow-up" stops
 * step 2, the inbox offers the filter and the overview shows the figures.
 */
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sandbox } from "../support/sandbox-client.ts";
import { ADMIN, api, launch, open, pageAs, waitForText } from "./browser.ts";
import { type Stack, startStack } from "./stack.ts";

const P = "spareroom" as const;
const ACCOUNT = `local-${P}`;
let stack: Stack;
let browser: Browser;
let admin: Page;

async function clickButton(page: Page, text: string): Promise<void> {
  const handle = await page.waitForFunction(
    (t) =>
      [...document.querySelectorAll("button")].find(
        (b) => b.textContent?.trim().startsWith(t) && !b.disabled,
      ) ?? null,
    { timeout: 30_000 },
    text,
  );
  await (handle as unknown as { click(): Promise<void> }).click();
}

/** Clicks the checkbox whose label says `text`, if it is not already `checked`. */
async function setCheckbox(page: Page, text: string, checked: boolean): Promise<void> {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll("label")].some((l) => l.textContent?.includes(t)),
    { timeout: 15_000 },
    text,
  );
  await page.evaluate(
    (t, want) => {
      const box = [...document.querySelectorAll("label")]
        .find((l) => l.textContent?.includes(t))
        ?.querySelector("input[type=checkbox]") as HTMLInputElement | null;
      if (box && box.checked !== want) box.click();
    },
    text,
    checked,
  );
}

async function outbound(threadId: string) {
  const t = (await sandbox.truth(P)).find((x) => x.threadId === threadId);
  return t?.messages.filter((m) => m.direction === "outbound") ?? [];
}

async function until<T>(what: string, fn: () => Promise<T | null>, timeoutMs = 150_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await fn();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 1500));
  }
  throw new Error(`gave up waiting for ${what}`);
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launch();
  await sandbox.reset({ seed: 11, empty: true });
  await sandbox.clearFaults();
  const r = await api(stack.url, ADMIN, "PATCH", `/platforms/${ACCOUNT}`, {
    pushEnabled: false,
    sendMode: "auto_send",
  });
  expect(r.status).toBe(200);
  const t = await api(stack.url, ADMIN, "POST", "/templates", {
    intent: "tour_request",
    name: "Tour invite",
    body: "Hi {{first_name}}, thanks for your interest in {{listing_title}}! Viewings are on Saturdays between 10am and noon.",
  });
  expect(t.status).toBe(201);
  admin = await pageAs(browser, stack.url, ADMIN);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it("follow-ups: on in Settings, shown on the conversation, send now once, cancel the next", async () => {
  await open(admin, stack.url, "/settings");
  await setCheckbox(admin, "Follow up with leads who go quiet", true);
  await setCheckbox(admin, "Quiet hours in the account's time zone", false);
  await clickButton(admin, "Save follow-ups");
  await waitForText(admin, ".outcome", "Default follow-up policy saved");
  const saved = await api<{ policy: { enabled: boolean; quietHours: unknown } }>(
    stack.url,
    ADMIN,
    "GET",
    "/settings/followup-policy",
  );
  expect(saved.body.policy).toMatchObject({ enabled: true, quietHours: null });

  // A lead asks, the bot answers on the site, the lead goes quiet.
  const { listingId } = await sandbox.listing(P, {
    title: "Sunny double room in Park Slope",
    price: "$1,450",
    location: "Park Slope, Brooklyn",
  });
  const { threadId } = await sandbox.lead(
    P,
    "Nora Fields",
    "Hi! Could I come and see the room this Saturday afternoon?",
    {
      listingId,
    },
  );
  const reply = await until("the automatic reply", async () => {
    await api(stack.url, ADMIN, "POST", `/platforms/${ACCOUNT}/run`);
    const o = await outbound(threadId);
    return o.length > 0 ? o : null;
  });
  expect(reply).toHaveLength(1);
  const list = await api<{ items: { id: string }[] }>(
    stack.url,
    ADMIN,
    "GET",
    `/conversations?accountId=${ACCOUNT}`,
  );
  const id = list.body.items[0]!.id;

  await open(admin, stack.url, `/inbox/${encodeURIComponent(id)}`);
  await waitForText(admin, "section[aria-label=Follow-up]", "Step 1 goes", 60_000);
  await clickButton(admin, "Send now");
  await waitForText(admin, ".outcome", "Follow-up queued");
  const after = await until("step 1 on the site", async () => {
    const o = await outbound(threadId);
    return o.length >= 2 ? o : null;
  });
  expect(after.map((m) => m.text)).toEqual([
    reply[0]!.text,
    expect.stringMatching(/^Hi Nora, just checking in about /),
  ]);

  await waitForText(admin, "section[aria-label=Follow-up]", "Step 2 goes", 60_000);
  await clickButton(admin, "Cancel follow-up");
  await waitForText(admin, ".outcome", "Follow-up cancelled");
  await waitForText(admin, "section[aria-label=Follow-up]", "cancelled by person", 30_000);

  await open(admin, stack.url, "/inbox");
  await waitForText(admin, ".chips label", "follow-up due");
  await open(admin, stack.url, "/");
  await waitForText(admin, "section[aria-label=Follow-ups]", ACCOUNT, 60_000);

  // Nothing more went: one copy of step 1, no step 2.
  await api(stack.url, ADMIN, "POST", `/platforms/${ACCOUNT}/run`);
  const final = await outbound(threadId);
  expect(final).toHaveLength(2);
  const t = (await sandbox.truth(P)).find((x) => x.threadId === threadId)!;
  expect(Object.values(t.deliveries).every((n) => n === 1)).toBe(true);
}, 420_000);
