/**
 * A browser of the operator's own (docs/anti-bot.md): an account pointed at a Chromium started
 * with --remote-debugging-port (test/support/own-browser.ts), driven from workerd over the
 * Worker's own WebSocket — no Browser binding. With the site's automation defence on (it
 * challenges Browser Run's headers), the Browser Run account cannot even log in, while the
 * account on its own browser logs in, reads the inbox, sends and reads back.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Counters, sandbox, sandboxControl } from "../support/sandbox-client.ts";
import { deliveriesOf, firstThread, queuedReply, settle, setupAccount } from "./dispatch-harness.ts";
import { seedUsers } from "./helpers.ts";

const P = "leasebreak" as const;

/** Refusals on the whole site: a challenged login page has no session, so no account. */
async function automationRefusals(): Promise<number> {
  const res = await fetch(`${sandboxControl()}/__sandbox/counters?platform=${P}`);
  return ((await res.json()) as Counters).defenceRefusals?.automation ?? 0;
}

beforeAll(async () => {
  // The helper server of test/global-setup.ts starts the Chromium on first use.
  const helper = new URL(env.ALERT_WEBHOOK_URL!).origin;
  const res = await fetch(`${helper}/own-browser`, { method: "POST" });
  expect(res.status).toBe(204);
});

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 42 });
  await seedUsers();
});

async function useOwnBrowser(
  accountId: string,
  endpointRef = "secret:LEASEBOT_ACCOUNT_OWN_BROWSER_TEST_ENDPOINT",
) {
  await env.DB.prepare("UPDATE platform_accounts SET browser_provider = 'cdp', browser_refs = ? WHERE id = ?")
    .bind(JSON.stringify({ endpoint: endpointRef }), accountId)
    .run();
}

describe("an account on its own CDP browser", () => {
  it("with the automation defence on: Browser Run is challenged; the own browser logs in, reads, sends and reads back", async () => {
    await sandbox.defences({ platform: P, automation: true });
    const t = await firstThread(P);

    // On its own browser: no Browser Run headers, nothing refused.
    const own = await setupAccount(P);
    await useOwnBrowser(own.ref.accountId);
    const text = "Yes, the room is still available from the first of next month. (own browser)";
    await own.stub.enqueue(await queuedReply(own.ref, t.threadId, text));
    // One run: login, the inbox (every thread listed and read), the send and its confirm.
    const r = await own.stub.checkInbox(own.ref);
    expect(r).toMatchObject({ skipped: null, failure: null });
    expect(r!.threadsListed).toBeGreaterThan(0);
    const [item] = await settle(own.stub);
    expect(item).toMatchObject({ state: "delivered" });
    expect(await deliveriesOf(P, t.threadId, text)).toBe(1);
    expect(await automationRefusals()).toBe(0);
    const status = await own.stub.status();
    // Every send went out on the own browser (the run also answered the seeded leads itself).
    expect(status.counters.sent_relay_cdp).toBeGreaterThanOrEqual(1);
    expect(status.counters.sent_relay_browser_run ?? 0).toBe(0);
    expect(status.counters.own_browser_connects).toBeGreaterThan(0);
    // No Browser Run browser was launched for it.
    expect(status.counters.launches ?? 0).toBe(0);

    // The same site on Browser Run (its header names, emulated locally): challenged at once.
    const onRun = await setupAccount(P);
    const runText = "Viewings are on Saturday between 10 and 12. (Browser Run)";
    await onRun.stub.enqueue(await queuedReply(onRun.ref, t.threadId, runText));
    await onRun.stub.runNow();
    const runStatus = await onRun.stub.status();
    expect(runStatus.circuit.reason).toBe("bot_challenge");
    expect(await deliveriesOf(P, t.threadId, runText)).toBe(0);
    expect(await automationRefusals()).toBeGreaterThan(0);
  });

  it("an endpoint secret the Worker lacks is configuration: the account is parked with the secret's name, not retried, and runs once the reference is fixed", async () => {
    const own = await setupAccount(P);
    await useOwnBrowser(own.ref.accountId, "secret:NO_SUCH_CDP_ENDPOINT");
    await fetch(env.ALERT_WEBHOOK_URL!, { method: "DELETE" });
    const t = await firstThread(P);
    await own.stub.enqueue(await queuedReply(own.ref, t.threadId, "Still available. (no secret)"));
    const first = await own.stub.checkInbox(own.ref);
    expect(first?.failure).toMatchObject({ class: "configuration", marker: "missing_secret" });
    const status = await own.stub.status();
    expect(JSON.stringify(status)).toContain("NO_SUCH_CDP_ENDPOINT");
    expect(status.counters.own_browser_connects ?? 0).toBe(0);
    // Parked, not a transient fault: the circuit does not count it.
    expect(status.circuit).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    const health = await env.DB.prepare(
      "SELECT session_state, session_reason FROM account_health WHERE account_id = ?",
    )
      .bind(own.ref.accountId)
      .first<{ session_state: string; session_reason: string }>();
    expect(health?.session_state).toBe("needs_login");
    expect(health?.session_reason).toContain("NO_SUCH_CDP_ENDPOINT");
    const alerts = (await (await fetch(env.ALERT_WEBHOOK_URL!)).json()) as {
      event: string;
      accountId: string;
      reason: string;
    }[];
    const mine = alerts.filter((a) => a.accountId === own.ref.accountId && a.event === "missing_secret");
    expect(mine).toHaveLength(1);
    expect(mine[0]!.reason).toContain("NO_SUCH_CDP_ENDPOINT");
    // Not retried in a loop: the next runs are skipped while nothing changed.
    for (let i = 0; i < 3; i++) expect((await own.stub.checkInbox(own.ref))?.skipped).toBe("needs_login");
    expect((await own.stub.outbox())[0]!.state).not.toBe("delivered");
    expect((await own.stub.status()).circuit.consecutiveFailures).toBe(0);
    // An admin points the account at a secret the Worker has: the next run goes by itself.
    await useOwnBrowser(own.ref.accountId);
    const fixed = await own.stub.checkInbox(own.ref);
    expect(fixed).toMatchObject({ skipped: null, failure: null });
    expect((await own.stub.status()).counters.own_browser_connects).toBeGreaterThan(0);
  });
});
