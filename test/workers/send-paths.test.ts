/**
 * Send paths against the sandbox's bot defences (sandbox/bot-defence.ts, docs/anti-bot.md):
 * a site that ties the session to the browser that logged in refuses the submit relay's copy
 * (in Cloudflare's or DataDome's style); the send then goes in-browser once and the site stores
 * exactly one copy. The account learns in-browser only after three refusals with no relay
 * success between, never over an admin's choice (domain/account/send-path-learning.ts).
 * Judged by the sandbox's ground truth and request log.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sandbox } from "../support/sandbox-client.ts";
import { deliveriesOf, firstThread, queuedReply, settle, setupAccount } from "./dispatch-harness.ts";
import { ADMIN, call, json, seedUsers } from "./helpers.ts";

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 24 });
  await seedUsers();
});

async function sendPathOf(accountId: string): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT send_path FROM platform_accounts WHERE id = ?")
    .bind(accountId)
    .first<{ send_path: string }>();
  return row?.send_path;
}

async function evidenceOf(accountId: string) {
  const row = await env.DB.prepare(
    "SELECT send_path, send_path_source, relay_refusal_times, relay_refused_by FROM platform_accounts WHERE id = ?",
  )
    .bind(accountId)
    .first<{
      send_path: string;
      send_path_source: string;
      relay_refusal_times: string | null;
      relay_refused_by: string | null;
    }>();
  return {
    path: row?.send_path,
    source: row?.send_path_source,
    times: row?.relay_refusal_times ? (JSON.parse(row.relay_refusal_times) as number[]) : [],
    by: row?.relay_refused_by ?? null,
  };
}

async function learntAudits(accountId: string) {
  const audit = await env.DB.prepare(
    "SELECT actor, after_json FROM audit_log WHERE action = 'send_path_learnt' AND entity_id = ?",
  )
    .bind(accountId)
    .all<{ actor: string; after_json: string }>();
  return audit.results;
}

/** Two refusals already on record (within the window), as earlier sends would have left them. */
async function twoRefusalsOnRecord(accountId: string) {
  const now = Date.now();
  await env.DB.prepare(
    "UPDATE platform_accounts SET relay_refusal_times = ?, relay_refused_by = ? WHERE id = ?",
  )
    .bind(JSON.stringify([now - 120_000, now - 60_000]), "cloudflare: cf-mitigated: challenge", accountId)
    .run();
}

describe("client-bound session (defence b)", () => {
  it("roomies, DataDome-style refusal: the relayed submit stores nothing, is tried once in-browser, one copy; one refusal does not move the account", async () => {
    await sandbox.defences({ platform: "roomies", client: true, style: "datadome" });
    const { ref, stub } = await setupAccount("roomies");
    const t = await firstThread("roomies");
    const text = "Thanks for asking: viewings are on Saturday between 10 and 12. (roomies datadome)";
    await stub.enqueue(await queuedReply(ref, t.threadId, text));
    const [item] = await settle(stub);
    expect(item).toMatchObject({ state: "delivered" });
    expect(await deliveriesOf("roomies", t.threadId, text)).toBe(1);
    // The site saw exactly one refused request: the relay's copy, answered DataDome's way.
    expect((await sandbox.counters("roomies")).defenceRefusals).toEqual({ automation: 0, client: 1 });
    const status = await stub.status();
    expect(status.counters).toMatchObject({ relay_refused: 1, sent_browser_browser_run: 1 });
    expect(status.counters.sent_relay_browser_run ?? 0).toBe(0);
    // Evidence kept, path unchanged, nothing audited.
    const ev = await evidenceOf(ref.accountId);
    expect(ev).toMatchObject({ path: "relay", source: "default", by: "datadome: x-datadome" });
    expect(ev.times).toHaveLength(1);
    expect(await learntAudits(ref.accountId)).toHaveLength(0);
    // The panel's data shows the evidence.
    const view = await json<{ relayRefusals: { times: number[]; by: string } }>(
      await call("GET", `/api/platforms/${ref.accountId}`, { as: ADMIN }),
    );
    expect(view.relayRefusals).toMatchObject({ by: "datadome: x-datadome" });
    expect(view.relayRefusals.times).toHaveLength(1);
  });

  it("leasebreak: three refusals with no relay success between teach the account in-browser, audited once; the next send goes in-browser at once", async () => {
    const platform = "leasebreak";
    await sandbox.defences({ platform, client: true });
    const { ref, stub } = await setupAccount(platform);
    const t = await firstThread(platform);
    for (const [n, learnt] of [
      [1, false],
      [2, false],
      [3, true],
    ] as const) {
      const text = `Viewings are on Saturday between 10 and 12. (leasebreak ${n})`;
      await stub.enqueue(await queuedReply(ref, t.threadId, text));
      const items = await settle(stub);
      expect(items.every((i) => i.state === "delivered")).toBe(true);
      expect(await deliveriesOf(platform, t.threadId, text)).toBe(1);
      expect((await sandbox.counters(platform)).defenceRefusals).toEqual({ automation: 0, client: n });
      expect(await sendPathOf(ref.accountId)).toBe(learnt ? "browser" : "relay");
      expect(await learntAudits(ref.accountId)).toHaveLength(learnt ? 1 : 0);
    }
    const [audit] = await learntAudits(ref.accountId);
    expect(audit!.actor).toBe("system:send-path");
    const after = JSON.parse(audit!.after_json) as { sendPath: string; reason: string; refusals: string[] };
    expect(after).toMatchObject({ sendPath: "browser" });
    expect(after.reason).toContain("3 times");
    expect(after.refusals).toHaveLength(3);
    expect((await evidenceOf(ref.accountId)).source).toBe("learnt");

    // The next reply goes in-browser at once: no refusal, one copy.
    const fourth = `The room is still available from the first of next month. (${platform} four)`;
    await stub.enqueue(await queuedReply(ref, t.threadId, fourth));
    expect((await settle(stub)).every((i) => i.state === "delivered")).toBe(true);
    expect(await deliveriesOf(platform, t.threadId, fourth)).toBe(1);
    expect((await sandbox.counters(platform)).defenceRefusals).toEqual({ automation: 0, client: 3 });
    expect((await stub.status()).counters).toMatchObject({ relay_refused: 3, sent_browser_browser_run: 4 });
  });

  it("a relay an admin set is never overridden by learning, however much evidence", async () => {
    await sandbox.defences({ platform: "roomies", client: true });
    const { ref, stub } = await setupAccount("roomies");
    const patched = await call("PATCH", `/api/platforms/${ref.accountId}`, {
      as: ADMIN,
      body: { sendPath: "relay" },
    });
    expect(patched.status).toBe(200);
    await twoRefusalsOnRecord(ref.accountId);
    const t = await firstThread("roomies");
    const text = "Bills are included in the rent. (admin's relay)";
    await stub.enqueue(await queuedReply(ref, t.threadId, text));
    expect((await settle(stub))[0]).toMatchObject({ state: "delivered" });
    expect(await deliveriesOf("roomies", t.threadId, text)).toBe(1);
    // The third refusal in a day: would be learnt, but the admin's choice stands.
    const ev = await evidenceOf(ref.accountId);
    expect(ev).toMatchObject({ path: "relay", source: "admin" });
    expect(ev.times).toHaveLength(3);
    expect(await learntAudits(ref.accountId)).toHaveLength(0);
  });

  it("without the defence the relay sends as before, wipes earlier refusals and the account stays on it", async () => {
    const { ref, stub } = await setupAccount("leasebreak");
    await twoRefusalsOnRecord(ref.accountId);
    const t = await firstThread("leasebreak");
    const text = "Yes, all bills are included in the rent. (no defence)";
    await stub.enqueue(await queuedReply(ref, t.threadId, text));
    expect((await settle(stub))[0]).toMatchObject({ state: "delivered" });
    expect(await deliveriesOf("leasebreak", t.threadId, text)).toBe(1);
    expect((await stub.status()).counters).toMatchObject({ sent_relay_browser_run: 1 });
    expect((await stub.status()).counters.relay_refused ?? 0).toBe(0);
    expect(await evidenceOf(ref.accountId)).toMatchObject({
      path: "relay",
      source: "default",
      times: [],
      by: null,
    });
  });
});

describe("the in-browser path's one duplicate: Chromium's own re-send", () => {
  it.each(["spareroom", "furnishedfinder"] as const)(
    "%s: the site stores the submit twice after a dropped connection; the confirm sees it, counts it and alerts",
    async (platform) => {
      const { ref, stub } = await setupAccount(platform);
      await env.DB.prepare("UPDATE platform_accounts SET send_path = 'browser' WHERE id = ?")
        .bind(ref.accountId)
        .run();
      await fetch(env.ALERT_WEBHOOK_URL!, { method: "DELETE" });
      const t = await firstThread(platform);
      const text = "Viewings are on Saturday mornings; bring a photo ID. (re-send)";
      // The site stores the message, then drops the connection before answering: Chromium sends
      // the POST again by itself on the in-browser path (the relay exists to stop exactly this).
      await sandbox.fault({ platform, kind: "submit_dropped", mode: "reset", pages: ["submit"], times: 1 });
      await stub.enqueue(await queuedReply(ref, t.threadId, text));
      const [item] = await settle(stub);
      expect(item).toMatchObject({ state: "delivered" });
      expect(await deliveriesOf(platform, t.threadId, text)).toBe(2);
      expect((await sandbox.counters(platform)).resends).toBe(1);
      expect((await stub.status()).counters).toMatchObject({
        resend_seen_browser: 1,
        sent_browser_browser_run: 1,
      });
      const alerts = (await (await fetch(env.ALERT_WEBHOOK_URL!)).json()) as {
        event: string;
        accountId: string;
      }[];
      expect(
        alerts.filter((a) => a.event === "duplicate_seen" && a.accountId === ref.accountId),
      ).toHaveLength(1);
    },
  );
});

describe("an admin sets the path and the browser (PATCH /api/platforms/:id)", () => {
  it("validates, stores, shows and audits the settings", async () => {
    const { ref } = await setupAccount("renthop");
    const path = `/api/platforms/${ref.accountId}`;
    const bad = await call("PATCH", path, { as: ADMIN, body: { sendPath: "carrier-pigeon" } });
    expect(bad.status).toBe(400);
    const noRefs = await call("PATCH", path, { as: ADMIN, body: { browserProvider: "cdp" } });
    expect(noRefs.status).toBe(400);
    // A pasted address (not a secret reference) is refused and not echoed.
    const plain = await call("PATCH", path, {
      as: ADMIN,
      body: { browserProvider: "cdp", browserRefs: { endpoint: "wss://chrome.example/devtools?token=abc" } },
    });
    expect(plain.status).toBe(400);
    expect(await plain.text()).not.toContain("token=abc");

    const ok = await call("PATCH", path, {
      as: ADMIN,
      body: {
        sendPath: "browser",
        browserProvider: "cdp",
        browserRefs: {
          endpoint: "secret:LEASEBOT_ACCOUNT_RENTHOP_MAIN_CDP_ENDPOINT",
          token: "secret:LEASEBOT_ACCOUNT_RENTHOP_MAIN_CDP_TOKEN",
        },
      },
    });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({
      sendPath: "browser",
      browserProvider: "cdp",
      browserRefs: { endpoint: "secret:LEASEBOT_ACCOUNT_RENTHOP_MAIN_CDP_ENDPOINT" },
    });
    const audit = await env.DB.prepare(
      "SELECT after_json FROM audit_log WHERE action = 'platform_policy_updated' AND entity_id = ? ORDER BY id DESC",
    )
      .bind(ref.accountId)
      .first<{ after_json: string }>();
    expect(JSON.parse(audit!.after_json)).toMatchObject({ sendPath: "browser", browserProvider: "cdp" });
    // An agent may not.
    const agent = await call("PATCH", path, { as: "agent@lease-bot.local", body: { sendPath: "relay" } });
    expect(agent.status).toBe(403);
  });
});
