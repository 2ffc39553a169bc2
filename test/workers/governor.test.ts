/**
 * The browser governor: Browser Run plan limits across all accounts (here the wrangler.toml
 * defaults, 10 concurrent browsers and 30 launches a minute). Accounts over the limit are told
 * when to ask again — they queue, they do not fail.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const governor = (name: string) => env.BROWSER_GOVERNOR.getByName(name);

describe("browser governor", () => {
  it("caps concurrent browsers; a hundred accounts queue and all get a slot as others finish", async () => {
    const g = governor(`g-${Date.now()}`);
    const t0 = 1_000_000;
    const holders = Array.from({ length: 100 }, (_, i) => `acc-${i}`);
    const first = await Promise.all(holders.map((h) => g.acquire(h, { launch: false, now: t0 })));
    const granted = first.filter((r) => r.granted).length;
    expect(granted).toBe(10);
    for (const r of first.filter((x) => !x.granted)) {
      expect(r).toMatchObject({ granted: false, reason: "concurrency" });
      // Ask again within seconds, not when the oldest lease would expire (minutes).
      if (!r.granted) expect(r.retryAfterMs).toBeLessThanOrEqual(5000);
    }
    // Runs finish and release; the queue drains in waves of ten.
    const served = new Set(holders.filter((_, i) => first[i]!.granted));
    let now = t0;
    for (let wave = 0; wave < 20 && served.size < 100; wave++) {
      for (const h of served) await g.release(h);
      now += 5000;
      for (const h of holders.filter((x) => !served.has(x))) {
        const r = await g.acquire(h, { launch: false, now });
        if (r.granted) served.add(h);
      }
      expect((await g.snapshot(now)).active).toBeLessThanOrEqual(10);
    }
    expect(served.size).toBe(100);
  });

  it("caps new browsers per minute; reconnecting to a kept-alive browser does not count", async () => {
    const g = governor(`l-${Date.now()}`);
    const t0 = 2_000_000;
    for (let i = 0; i < 30; i++) {
      const r = await g.acquire(`h${i}`, { launch: true, now: t0 + i });
      expect(r.granted).toBe(true);
      await g.release(`h${i}`);
    }
    const over = await g.acquire("h30", { launch: true, now: t0 + 100 });
    expect(over).toMatchObject({ granted: false, reason: "launch_rate" });
    expect((await g.acquire("h30", { launch: false, now: t0 + 100 })).granted).toBe(true);
    await g.release("h30");
    // A minute after the first launches, the window has room again.
    expect((await g.acquire("h31", { launch: true, now: t0 + 60_001 })).granted).toBe(true);
  });

  it("frees the slot of a holder that died without releasing it, once its lease expires", async () => {
    const g = governor(`e-${Date.now()}`);
    const t0 = 3_000_000;
    for (let i = 0; i < 10; i++) await g.acquire(`d${i}`, { launch: false, now: t0, leaseMs: 60_000 });
    expect((await g.acquire("late", { launch: false, now: t0 + 1000 })).granted).toBe(false);
    expect((await g.acquire("late", { launch: false, now: t0 + 60_001 })).granted).toBe(true);
  });
});
