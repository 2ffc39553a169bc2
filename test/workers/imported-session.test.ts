/**
 * A session a person imported on a site that binds sessions to their client (the sandbox's
 * client defence, sandbox/bot-defence.ts): every page the account's browser loads with it is
 * challenged. The account logs in again itself in its own browser, once per run, and goes on;
 * without credentials it is parked with a reason that says so and not retried in a loop
 * (durable-objects/account/imported-session.ts, docs/anti-bot.md).
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { captureSession, sandbox } from "../support/sandbox-client.ts";
import { deliveriesOf, firstThread, queuedReply, settle, setupAccount } from "./dispatch-harness.ts";
import { accountWithoutCredentials, seedUsers } from "./helpers.ts";

const P = "leasebreak" as const;

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 24 });
  await seedUsers();
  await fetch(env.ALERT_WEBHOOK_URL!, { method: "DELETE" });
});

/** A person logs in in their own browser (here: plain HTTP, another client than the account's Chromium). */
const personLogsIn = () =>
  captureSession(P, env.LEASEBOT_ACCOUNT_SANDBOX_USERNAME, env.LEASEBOT_ACCOUNT_SANDBOX_PASSWORD);

async function clientRefusals(): Promise<number> {
  return (await sandbox.counters(P)).defenceRefusals?.client ?? 0;
}

async function healthOf(accountId: string) {
  return env.DB.prepare("SELECT session_state, session_reason FROM account_health WHERE account_id = ?")
    .bind(accountId)
    .first<{ session_state: string; session_reason: string | null }>();
}

describe("an imported session on a client-bound site", () => {
  it("with credentials: the refused session is dropped, the account logs in itself once and sends one copy", async () => {
    await sandbox.defences({ platform: P, client: true });
    const { ref, stub } = await setupAccount(P);
    const cookies = await personLogsIn();
    expect(cookies).toHaveLength(1);
    await stub.importCookies(ref, cookies);
    const t = await firstThread(P);
    const text = "Yes, the room is still free; viewings on Saturday. (imported session)";
    await stub.enqueue(await queuedReply(ref, t.threadId, text));
    const [item] = await settle(stub);
    expect(item).toMatchObject({ state: "delivered" });
    expect(await deliveriesOf(P, t.threadId, text)).toBe(1);
    expect((await stub.status()).sessionState).toBe("ok");
    // Refused: the imported session's first page, then the relayed submit (one refusal: the
    // account keeps the relay, send-path-learning.ts).
    expect(await clientRefusals()).toBe(2);
    expect((await stub.status()).counters).toMatchObject({ relay_refused: 1, sent_browser_browser_run: 1 });
    // The session is the account's own now: the next send loads its pages without a refusal or
    // a login; only its relayed submit is refused again.
    const second = "The deposit is one month's rent. (own session)";
    await stub.enqueue(await queuedReply(ref, t.threadId, second));
    const items = await settle(stub);
    expect(items.every((i) => i.state === "delivered")).toBe(true);
    expect(await deliveriesOf(P, t.threadId, second)).toBe(1);
    expect(await clientRefusals()).toBe(3);
    expect((await stub.status()).counters).toMatchObject({ relay_refused: 2, sent_browser_browser_run: 2 });
  });

  it("without credentials: parked with the reason, not retried in a loop", async () => {
    await sandbox.defences({ platform: P, client: true });
    const { id, ref, stub } = await accountWithoutCredentials(P, "imported-nocreds");
    await stub.importCookies(ref, await personLogsIn());
    const first = await stub.checkInbox(ref);
    expect(first?.failure).toMatchObject({ class: "session_expired", marker: "no_credentials" });
    const health = await healthOf(id);
    expect(health?.session_state).toBe("needs_login");
    expect(health?.session_reason).toContain("refused the imported session");
    expect(health?.session_reason).toContain("LEASEBOT_ACCOUNT_NOT_SET_USER");
    const refused = await clientRefusals();
    expect(refused).toBe(1);
    for (let i = 0; i < 3; i++) expect((await stub.checkInbox(ref))?.skipped).toBe("needs_login");
    expect(await clientRefusals()).toBe(refused);
    const alerts = (await (await fetch(env.ALERT_WEBHOOK_URL!)).json()) as {
      event: string;
      accountId: string;
    }[];
    expect(alerts.filter((a) => a.accountId === id && a.event === "needs_login")).toHaveLength(1);
  });
});
