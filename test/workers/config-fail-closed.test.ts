/**
 * The cron and the e-mail handler fail closed on configuration, as the API does
 * (request-guards.test.ts): while the one configuration check finds a blocking problem, the cron
 * ticks no account, a notification e-mail wakes nothing and is not counted, an account object's own
 * alarm runs nothing, and each problem is logged once per isolate as `config_problem`. With the configuration fixed, the same calls work.
 */
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import type { PlatformAccount } from "../../durable-objects/platform-account.ts";
import { notificationEmail } from "../../sandbox/notify-mail.ts";
import { cronTick, deliverEmail, seedAccounts } from "./helpers.ts";

let log: MockInstance<typeof console.log>;
const events = (name: string) =>
  log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes(`"event":"${name}"`));

let run = 0;
beforeEach(async () => {
  run++;
  await env.DB.exec("UPDATE platform_accounts SET is_active = 0; DELETE FROM notification_counts;");
  log = vi.spyOn(console, "log");
});
afterEach(() => log.mockRestore());

async function objectExists(id: string): Promise<boolean> {
  const name = env.PLATFORM_ACCOUNT.idFromName(`spareroom:${id}`).toString();
  return (await listDurableObjectIds(env.PLATFORM_ACCOUNT)).some((i) => i.toString() === name);
}

describe("configuration fails closed beyond the API", () => {
  it("the cron ticks no account while the Access audience is missing, and logs the problem once", async () => {
    const id = `cfg-cron-${run}`;
    await seedAccounts([{ id, platform: "spareroom", label: id, isActive: true }]);
    for (const minute of ["10:00", "10:01"])
      await cronTick(Date.parse(`2026-11-27T${minute}:00Z`), { ACCESS_AUD: "" });
    expect(await objectExists(id)).toBe(false);
    expect(events("cron_tick")).toEqual([]);
    const problems = events("config_problem");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("ACCESS_AUD");

    // Fixed: the very next run ticks the account.
    await cronTick(Date.parse("2026-11-27T10:02:00Z"));
    expect(await objectExists(id)).toBe(true);
    expect((await accountStub(env, { accountId: id, platform: "spareroom" }).status()).ticks).toBe(1);
    expect(events("cron_tick")).toHaveLength(1);
  });

  it("a notification e-mail wakes nothing and is not counted while the session key is unusable; logged once, never rejected", async () => {
    const push = `cfg-mail-${run}`;
    const off = `cfg-mail-off-${run}`;
    const address = (id: string) => `${id}@notify.lease-bot.test`;
    await seedAccounts([
      { id: push, platform: "spareroom", label: push, notifyAddress: address(push), pushEnabled: true },
      { id: off, platform: "spareroom", label: off, notifyAddress: address(off), pushEnabled: false },
    ]);
    const deliver = (id: string, over: Partial<Env> = {}) =>
      deliverEmail(
        { from: "bounces@spareroom.com", to: address(id) },
        notificationEmail({
          platform: "spareroom",
          to: address(id),
          leadName: "Maria Lopez",
          threadId: "1_2",
          messageId: "3",
          at: Date.now(),
        }),
        over,
      );
    const counts = async () =>
      (await env.DB.prepare("SELECT verdict, count FROM notification_counts").all()).results;

    // deliverEmail's message throws if the handler rejects (bounces) it.
    for (const id of [push, off, push]) await deliver(id, { SESSION_KEY: "too-short" });
    expect(await objectExists(push)).toBe(false);
    expect(await counts()).toEqual([]);
    expect(events("notification_email")).toEqual([]);
    expect(events("notification_email_dropped")).toHaveLength(3);
    const problems = events("config_problem");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("SESSION_KEY");

    // Fixed: the same e-mail is judged and counted again (push off: counted, no wake needed).
    await deliver(off);
    expect(await counts()).toEqual([{ verdict: "push_off", count: 1 }]);
  });
  it("an account object's own alarm runs nothing while the Access team domain is missing; fixed, it runs", async () => {
    const ref: AccountRef = { accountId: `cfg-alarm-${run}`, platform: "spareroom" };
    await seedAccounts([{ id: ref.accountId, platform: ref.platform, label: ref.accountId, isActive: true }]);
    const stub = accountStub(env, ref);
    // The alarm an object set before the configuration broke fires under the broken one.
    await runInDurableObject(stub, async (instance: PlatformAccount) => {
      // remember() is what a tick or a wake does first, without setting an alarm of its own.
      (instance as unknown as { remember(r: AccountRef): void }).remember(ref);
      Object.defineProperty(instance, "env", {
        value: { ...env, ACCESS_TEAM_DOMAIN: "" },
        configurable: true,
      });
      await instance.alarm();
      await instance.alarm();
    });
    expect((await stub.status()).lastRun).toBeNull();
    expect(events("run_skipped_config")).toHaveLength(2);
    const problems = events("config_problem");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("ACCESS_TEAM_DOMAIN");

    // Fixed: the next alarm runs.
    await runInDurableObject(stub, async (instance: PlatformAccount) => {
      Object.defineProperty(instance, "env", { value: env, configurable: true });
      await instance.alarm();
    });
    expect((await stub.status()).lastRun).not.toBeNull();
    expect(events("run_skipped_config")).toHaveLength(2);
  });
});
