import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { accountStub } from "../../domain/account/address.ts";
import type { Platform } from "../../domain/db/schema.ts";
import { ADMIN, call, cronTick, seedAccounts, seedUsers } from "./helpers.ts";

// Storage (D1 and objects) is shared by the tests of a file, so each test gets fresh ids.
let run = 0;
let ACCOUNTS: { id: string; platform: Platform; isActive: boolean }[] = [];

async function ticks(a: { id: string; platform: Platform }) {
  return (await accountStub(env, { accountId: a.id, platform: a.platform }).status()).ticks;
}

beforeEach(async () => {
  run++;
  await env.DB.exec("DELETE FROM account_health; DELETE FROM platform_accounts;");
  ACCOUNTS = [
    { id: `sr${run}`, platform: "spareroom", isActive: true },
    { id: `rm${run}`, platform: "roomies", isActive: false },
    { id: `lb${run}`, platform: "leasebreak", isActive: true },
    { id: `rh${run}`, platform: "renthop", isActive: false },
    { id: `ff${run}`, platform: "furnishedfinder", isActive: true },
  ];
  await seedUsers();
  await seedAccounts(ACCOUNTS);
});

describe("cron gating", () => {
  it("ticks only active accounts; inactive ones get no object at all", async () => {
    await cronTick(Date.parse("2026-11-27T10:00:00Z"));
    // Only the three active accounts' objects exist: the inactive ones were never addressed.
    const ids = await listDurableObjectIds(env.PLATFORM_ACCOUNT);
    expect(ids).toHaveLength(3);
    const names = ACCOUNTS.filter((a) => a.isActive).map((a) =>
      env.PLATFORM_ACCOUNT.idFromName(`${a.platform}:${a.id}`).toString(),
    );
    expect(ids.map((i) => i.toString()).sort()).toEqual(names.sort());
    for (const a of ACCOUNTS.filter((x) => x.isActive)) expect(await ticks(a)).toBe(1);
    // The inactive accounts' health was not written either.
    const health = await env.DB.prepare("SELECT account_id FROM account_health ORDER BY account_id").all();
    expect(health.results.map((r) => r.account_id)).toEqual([`ff${run}`, `lb${run}`, `sr${run}`]);
  });

  it("follows a flip made through the API on the very next run", async () => {
    await cronTick(Date.parse("2026-11-27T10:00:00Z"));
    const res = await call("PATCH", `/api/platforms/rm${run}`, { as: ADMIN, body: { isActive: true } });
    expect(res.status).toBe(200);
    const off = await call("PATCH", `/api/platforms/sr${run}`, { as: ADMIN, body: { isActive: false } });
    expect(off.status).toBe(200);
    await cronTick(Date.parse("2026-11-27T10:01:00Z"));
    expect(await ticks(ACCOUNTS[1]!)).toBe(1); // roomies, newly active
    expect(await ticks(ACCOUNTS[0]!)).toBe(1); // spareroom, now inactive: still only its first tick
    expect(await ticks(ACCOUNTS[2]!)).toBe(2);
    expect(await ticks(ACCOUNTS[4]!)).toBe(2);
  });
});
