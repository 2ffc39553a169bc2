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
    const first = await Promise.all(holders.map((h) => g.acquire(h, { launch: true, now: t0 })));
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
      // Waves 20 s apart stay within 30 launches a minute.
      now += 20_000;
      for (const h of holders.filter((x) => !served.has(x))) {
        const r = await g.acquire(h, { launch: true, now });
        if (r.granted) served.add(h);
      }
      expect((await g.snapshot(now)).active).toBeLessThanOrEqual(10);
    }
    expect(served.size).toBe(100);
  });

  it("caps new browsers per minute; reconnecting to a kept-alive browser does not count", async () => {
    const g = governor(`l-${Date.now()}`);
    const t0 = 2_000_000;
    // h0 keeps its browser after its run.
    expect((await g.acquire("h0", { launch: true, now: t0 })).granted).toBe(true);
    await g.keep("h0", "session-h0", { until: t0 + 60_000, now: t0 });
    for (let i = 1; i < 30; i++) {
      const r = await g.acquire(`h${i}`, { launch: true, now: t0 + i });
      expect(r.granted).toBe(true);
      await g.release(`h${i}`);
    }
    const over = await g.acquire("h30", { launch: true, now: t0 + 100 });
    expect(over).toMatchObject({ granted: false, reason: "launch_rate" });
    // Saying "no launch" does not get round the cap: h30 has no browser to reconnect to.
    expect(await g.acquire("h30", { launch: false, now: t0 + 100 })).toMatchObject({
      granted: false,
      reason: "launch_rate",
    });
    // h0 reconnects to its kept browser: no launch, so the cap does not apply.
    expect(await g.acquire("h0", { launch: false, now: t0 + 100 })).toMatchObject({
      granted: true,
      reuse: true,
    });
    await g.release("h0");
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

  it("counts kept browsers as alive: they hold their slots until closed or lapsed", async () => {
    const g = governor(`k-${Date.now()}`);
    const t0 = 4_000_000;
    // Ten accounts run and keep their browsers for a minute: all ten slots stay taken.
    for (let i = 0; i < 10; i++) {
      expect((await g.acquire(`k${i}`, { launch: true, now: t0 })).granted).toBe(true);
      await g.keep(`k${i}`, `s${i}`, { until: t0 + 60_000, now: t0 + i });
    }
    expect(await g.snapshot(t0 + 100)).toMatchObject({ active: 10, kept: 10 });
    // Each one reconnects to its own browser inside its keep-alive, without a launch.
    expect(await g.acquire("k3", { launch: false, now: t0 + 1000 })).toMatchObject({
      granted: true,
      reuse: true,
    });
    await g.keep("k3", "s3", { until: t0 + 61_000, now: t0 + 1000 });
    // Once the keep-alive lapses, Browser Run has closed the browser: the slot is free.
    expect((await g.snapshot(t0 + 60_500)).active).toBe(1);
  });

  it("more accounts than slots: an idle kept browser gives way to an account with work; running ones never do", async () => {
    const g = governor(`r-${Date.now()}`);
    const t0 = 5_000_000;
    for (let i = 0; i < 10; i++) {
      await g.acquire(`a${i}`, { launch: true, now: t0 });
      if (i < 3) await g.keep(`a${i}`, `sess-a${i}`, { until: t0 + 60_000, now: t0 + i });
    }
    // Three kept, seven running: the eleventh account takes the least recently used kept slot.
    const late = await g.acquire("late", { launch: true, now: t0 + 10 });
    expect(late).toMatchObject({ granted: true, reuse: false });
    expect(await g.snapshot(t0 + 10)).toMatchObject({ active: 10, kept: 2 });
    // a0 lost its browser: its next run is told to launch, not to reconnect.
    await g.release("a9");
    expect(await g.acquire("a0", { launch: false, now: t0 + 20 })).toMatchObject({
      granted: true,
      reuse: false,
    });
    // Ten running browsers and no kept one: the next account waits instead of failing a launch.
    for (const h of ["a1", "a2"]) await g.acquire(h, { launch: false, now: t0 + 30 });
    const full = await g.acquire("another", { launch: true, now: t0 + 40 });
    expect(full).toMatchObject({ granted: false, reason: "concurrency" });
    expect((await g.snapshot(t0 + 40)).active).toBe(10);
  });
  it("keeps the last two of ten slots for urgent runs: polls wait, a lead who just wrote does not", async () => {
    const g = governor(`u-${Date.now()}`);
    const t0 = 6_000_000;
    // Routine polls fill eight slots; the ninth poll is told to wait.
    for (let i = 0; i < 8; i++)
      expect((await g.acquire(`p${i}`, { launch: true, urgent: false, now: t0 })).granted).toBe(true);
    expect(await g.acquire("p8", { launch: true, urgent: false, now: t0 + 1 })).toMatchObject({
      granted: false,
      reason: "reserved",
    });
    // An e-mailed account and one with a reply due take the reserved two.
    expect((await g.acquire("pushed", { launch: true, urgent: true, now: t0 + 2 })).granted).toBe(true);
    expect((await g.acquire("sending", { launch: true, urgent: true, now: t0 + 3 })).granted).toBe(true);
    expect((await g.snapshot(t0 + 3)).active).toBe(10);
    // A poll that finishes frees a slot for another poll only while two stay free.
    await g.release("p0");
    expect((await g.acquire("p8", { launch: true, urgent: false, now: t0 + 4 })).granted).toBe(false);
    await g.release("pushed");
    await g.release("sending");
    expect((await g.acquire("p8", { launch: true, urgent: false, now: t0 + 5 })).granted).toBe(true);
  });

  it("lets a poll close an idle kept browser for its slot, as long as runs in progress leave the reserve", async () => {
    const g = governor(`k-${Date.now()}`);
    const t0 = 7_000_000;
    // Eight accounts ran and keep their browsers (work due soon); every slot but two is kept.
    for (let i = 0; i < 8; i++) {
      expect((await g.acquire(`k${i}`, { launch: true, urgent: false, now: t0 + i })).granted).toBe(true);
      await g.keep(`k${i}`, `sess-k${i}`, { until: t0 + 60_000, now: t0 + i });
    }
    // A routine poll is not kept waiting by idle browsers: it takes the oldest kept one's slot...
    for (let i = 0; i < 4; i++)
      expect(await g.acquire(`p${i}`, { launch: true, urgent: false, now: t0 + 10 + i })).toMatchObject({
        granted: true,
        reuse: false,
      });
    expect(await g.snapshot(t0 + 20)).toMatchObject({ active: 10, kept: 6 });
    // ...until the runs in progress (eight) would eat into the two kept for urgent runs.
    for (let i = 4; i < 8; i++)
      expect((await g.acquire(`p${i}`, { launch: true, urgent: false, now: t0 + 20 + i })).granted).toBe(
        true,
      );
    expect(await g.acquire("p8", { launch: true, urgent: false, now: t0 + 30 })).toMatchObject({
      granted: false,
      reason: "reserved",
    });
    // A lead who just wrote still gets a slot at once, by closing a kept browser.
    expect((await g.acquire("pushed", { launch: true, urgent: true, now: t0 + 31 })).granted).toBe(true);
    // With every slot running, a lead waits for one, but asks again sooner than a routine poll.
    expect((await g.acquire("pushed2", { launch: true, urgent: true, now: t0 + 31 })).granted).toBe(true);
    const full = await g.acquire("pushed3", { launch: true, urgent: true, now: t0 + 31 });
    expect(full).toMatchObject({ granted: false, reason: "concurrency" });
    if (!full.granted) expect(full.retryAfterMs).toBeLessThanOrEqual(2000);
    const poll = await g.acquire("p9", { launch: true, urgent: false, now: t0 + 31 });
    expect(poll).toMatchObject({ granted: false, reason: "reserved" });
    if (!poll.granted) expect(poll.retryAfterMs).toBeGreaterThanOrEqual(3000);
    // The first kept browsers were closed for the polls: those accounts launch again.
    expect(await g.acquire("k0", { launch: false, urgent: false, now: t0 + 32 })).toMatchObject({
      granted: false,
    });
  });
});
