/**
 * Issue 22, finding 5 (docs/security.md, "An e-mail sender"): what a flood of mail can cost.
 * Mail to unknown addresses is counted without a D1 write per message; a burst of genuine
 * notifications for one account makes one run in flight plus one pending; a run whose hourly
 * page budget is spent stops before it asks the governor for a browser.
 */
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import type { PlatformAccount } from "../../durable-objects/platform-account.ts";
import { notificationEmail } from "../../sandbox/notify-mail.ts";
import { handleNotificationEmail } from "../../worker/email/handler.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { deliverEmail, seedAccounts, seedUsers } from "./helpers.ts";

let n = 0;
beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 5, empty: true });
  await seedUsers();
  await env.DB.exec("UPDATE platform_accounts SET is_active = 0; DELETE FROM notification_counts;");
});

/** env with a DB that counts the statements written to notification_counts. */
function countingEnv() {
  let writes = 0;
  const db = new Proxy(env.DB, {
    get(target, prop, receiver) {
      if (prop === "prepare")
        return (q: string) => {
          if (/notification_counts/i.test(q) && /insert|update/i.test(q)) writes++;
          return target.prepare(q);
        };
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { env: { ...env, DB: db } as Env, writes: () => writes };
}

const unknownMail = (to: string) =>
  notificationEmail({
    platform: "spareroom",
    to,
    leadName: "X",
    threadId: "1_2",
    messageId: "3",
    at: Date.now(),
  });

async function deliver(e: Env, to: string, raw: string, ctx: ExecutionContext) {
  const bytes = new TextEncoder().encode(raw);
  await handleNotificationEmail({ to, raw: new Response(bytes).body!, rawSize: bytes.byteLength }, e, ctx);
}

describe("what a flood of e-mail costs", () => {
  it("mail to unknown addresses is counted in full without a D1 write per message", async () => {
    const { env: e, writes } = countingEnv();
    const ctx = createExecutionContext();
    const N = 25;
    await Promise.all(
      Array.from({ length: N }, (_, i) =>
        deliver(
          e,
          `nobody-${i}@notify.lease-bot.test`,
          unknownMail(`nobody-${i}@notify.lease-bot.test`),
          ctx,
        ),
      ),
    );
    await waitOnExecutionContext(ctx);
    expect(writes()).toBeLessThanOrEqual(2);
    const row = await env.DB.prepare(
      "SELECT sum(count) AS n FROM notification_counts WHERE verdict = 'unknown_recipient'",
    ).first<{ n: number }>();
    expect(row?.n).toBe(N);
  });

  it("a run whose hourly page budget is spent stops before asking the governor for a browser", async () => {
    n++;
    const ref: AccountRef = { accountId: `budget-${n}-${Date.now()}`, platform: "renthop" };
    await seedAccounts([
      { id: ref.accountId, platform: "renthop", label: ref.accountId, baseUrl: siteOrigin("renthop") },
    ]);
    const stub = accountStub(env, ref);
    await stub.tick(ref);
    // RentHop's test budget is 5 page loads an hour: spend it.
    await runInDurableObject(stub, (_: PlatformAccount, state) => {
      const now = Date.now();
      for (let i = 0; i < 5; i++)
        state.storage.sql.exec("INSERT INTO page_loads (at) VALUES (?)", now - i * 1000);
    });
    const governor = env.BROWSER_GOVERNOR.getByName("global");
    const launches = async () => (await governor.snapshot()).launchesLastMinute;
    const before = await launches();
    const report = await stub.runNow();
    expect(report?.skipped).toBe("page_budget");
    expect(report?.failure ?? null).toBeNull();
    expect(report?.wakeAt).toBeGreaterThan(Date.now());
    expect(await launches()).toBe(before);
    expect((await sandbox.counters("renthop")).logins).toBe(0);
  });

  it("a stream of notifications for one account: one run in flight plus one pending, whatever the volume", async () => {
    n++;
    const ref: AccountRef = { accountId: `burst-${n}-${Date.now()}`, platform: "spareroom" };
    const address = `${ref.accountId}@notify.lease-bot.test`;
    await seedAccounts([
      {
        id: ref.accountId,
        platform: "spareroom",
        label: ref.accountId,
        baseUrl: siteOrigin("spareroom"),
        notifyAddress: address,
        pushEnabled: true,
      },
    ]);
    await env.DB.exec("DELETE FROM version_runs");
    await sandbox.lead("spareroom", "Maria Lopez", "Hi! Could I come and see the room on Saturday?");
    const raw = notificationEmail({
      platform: "spareroom",
      to: address,
      leadName: "Maria Lopez",
      threadId: "1_2",
      messageId: "3",
      at: Date.now(),
    });
    const stub = accountStub(env, ref);
    // Genuine mail, two and a half a second for six seconds: far more than runs take.
    for (let i = 0; i < 15; i++) {
      await deliverEmail({ from: "bounces@spareroom.com", to: address }, raw);
      await new Promise((r) => setTimeout(r, 400));
    }
    const runs = async () =>
      (
        await env.DB.prepare(
          "SELECT coalesce(sum(count), 0) AS n FROM version_runs WHERE platform = 'spareroom'",
        ).first<{ n: number }>()
      )?.n ?? 0;
    // Let the pending run (if any) happen and finish.
    const deadline = Date.now() + 40_000;
    let last = -1;
    let stableSince = Date.now();
    while (Date.now() < deadline) {
      const r = await runs();
      const s = await stub.status();
      if (r !== last) {
        last = r;
        stableSince = Date.now();
      } else if (!s.push.pending && Date.now() - stableSince > 12_000) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    // The run the first mail started, and one more for everything that came in while it ran.
    expect(last).toBeGreaterThanOrEqual(1);
    expect(last).toBeLessThanOrEqual(2);
    expect(await stub.status()).toMatchObject({ push: { pending: false } });
  }, 90_000);
});
