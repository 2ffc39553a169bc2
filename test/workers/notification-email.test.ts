/**
 * Push-triggered runs (worker/email): a site's notification e-mail, delivered to the Worker's
 * email() handler as Email Routing does, wakes the account it is addressed to and no other; mail
 * that is forged, from another sender, unauthenticated, malformed or misaddressed wakes nothing
 * and is counted; and a lost e-mail is caught by the account's own safety-net poll.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import { notificationEmail, passStamp } from "../../sandbox/notify-mail.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { ADMIN, AGENT, call, deliverEmail, json, seedAccounts, seedUsers } from "./helpers.ts";

const P = "spareroom" as const;
let n = 0;

async function account(opts: { push: boolean }) {
  n++;
  const ref: AccountRef = { accountId: `push-${n}-${Date.now()}`, platform: P };
  const address = `${ref.accountId}@notify.lease-bot.test`;
  await seedAccounts([
    {
      id: ref.accountId,
      platform: P,
      label: ref.accountId,
      sendMode: "draft_only",
      baseUrl: siteOrigin(P),
      notifyAddress: address,
      pushEnabled: opts.push,
    },
  ]);
  return { ref, address, stub: accountStub(env, ref) };
}

const mail = (to: string, over: Partial<Parameters<typeof notificationEmail>[0]> = {}) =>
  notificationEmail({
    platform: P,
    to,
    leadName: "Maria Lopez",
    threadId: "1_2",
    messageId: "3",
    at: Date.now(),
    ...over,
  });

const envelope = (to: string) => ({ from: "bounces@spareroom.com", to });

async function counts(): Promise<Record<string, number>> {
  const rows = await env.DB.prepare(
    "SELECT verdict, sum(count) AS n FROM notification_counts GROUP BY verdict",
  ).all<{
    verdict: string;
    n: number;
  }>();
  return Object.fromEntries(rows.results.map((r) => [r.verdict, r.n]));
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function inboundTexts(accountId: string): Promise<string[]> {
  const rows = await env.DB.prepare(
    "SELECT body FROM messages WHERE account_id = ? AND direction = 'inbound' ORDER BY sent_at",
  )
    .bind(accountId)
    .all<{ body: string }>();
  return rows.results.map((r) => r.body);
}

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 5, empty: true });
  await seedUsers();
  await env.DB.exec("UPDATE platform_accounts SET is_active = 0; DELETE FROM notification_counts;");
});

describe("notification e-mails", () => {
  it("wake the account they are addressed to, at once, and no other", async () => {
    const a = await account({ push: true });
    const b = await account({ push: true });
    await sandbox.lead(P, "Maria Lopez", "Hi! Could I come and see the room on Saturday?");
    await deliverEmail(envelope(a.address), mail(a.address));
    // No cron tick: the e-mail alone brings A to the site, which it reads as always.
    const s = await until(
      () => a.stub.status(),
      (x) => x.lastRun !== null && x.lastRun.skipped === null,
    );
    expect(s.ticks).toBe(0);
    expect(s.lastRun).toMatchObject({ newMessages: 1, failure: null });
    expect(await inboundTexts(a.ref.accountId)).toEqual(["Hi! Could I come and see the room on Saturday?"]);
    expect(s.push).toMatchObject({ enabled: true, pending: false, misses: 0 });
    // B reads the same site but was not woken: no run, nothing ingested.
    const sb = await b.stub.status();
    expect(sb.lastRun).toBeNull();
    expect(sb.push.lastAt).toBeNull();
    expect(await inboundTexts(b.ref.accountId)).toEqual([]);
    expect(await counts()).toEqual({ woke: 1 });
  });

  it("forged, foreign, unauthenticated, malformed or misaddressed mail wakes nothing, and is counted", async () => {
    const a = await account({ push: true });
    const off = await account({ push: false });
    await sandbox.lead(P, "Maria Lopez", "Hi! Could I come and see the room on Saturday?");
    const to = a.address;
    const failStamp =
      "i=1; mx.cloudflare.net; dkim=fail header.d=spareroom.com; dmarc=fail header.from=spareroom.com; spf=softfail smtp.mailfrom=x@attacker.example";
    const cases: [string, string, string][] = [
      // A stranger's domain, however well authenticated.
      ["unknown_sender", to, mail(to, { from: "alerts@spare-room-alerts.example" })],
      // Another site's genuine e-mail is not this account's site.
      ["unknown_sender", to, mail(to, { from: "messages@renthop.com" })],
      // The site's name with no pass from our receiving server.
      ["unauthenticated", to, mail(to, { stamp: null })],
      // A forger's own "pass" below the receiving server's fail: the topmost stamp counts.
      ["unauthenticated", to, `ARC-Authentication-Results: ${failStamp}\r\n${mail(to)}`],
      // A pass written by some other server than ours.
      [
        "unauthenticated",
        to,
        mail(to, {
          stamp: passStamp("messages@spareroom.com").replace("mx.cloudflare.net", "mx.forger.example"),
        }),
      ],
      // Two From headers: the second would hide behind the first.
      ["malformed", to, mail(to).replace("To: ", "From: someone@attacker.example\r\nTo: ")],
      ["malformed", to, "this is not an e-mail at all"],
      ["malformed", to, ""],
      ["unknown_recipient", "nobody@notify.lease-bot.test", mail("nobody@notify.lease-bot.test")],
      // Genuine, but the account has push off.
      ["push_off", off.address, mail(off.address)],
    ];
    for (const [, rcpt, raw] of cases) await deliverEmail(envelope(rcpt), raw);
    const expected: Record<string, number> = {};
    for (const [verdict] of cases) expected[verdict] = (expected[verdict] ?? 0) + 1;
    expect(await counts()).toEqual(expected);
    // Give an (unwanted) alarm time to fire: nothing ran, nothing was read.
    await new Promise((r) => setTimeout(r, 1500));
    for (const x of [a, off]) {
      const s = await x.stub.status();
      expect(s.lastRun).toBeNull();
      expect(s.push.lastAt).toBeNull();
      expect(await inboundTexts(x.ref.accountId)).toEqual([]);
    }
    expect((await sandbox.counters(P)).logins).toBe(0);
  });

  it("a person's 'check inbox now' reads the site at once, though the next poll is minutes away; audited; agents may not", async () => {
    const a = await account({ push: false });
    const prefs = { pushEnabled: false, timeZone: null };
    // The first tick polls at once and plans the next poll, ten minutes away in these tests.
    await a.stub.tick(a.ref, new Date().toISOString(), prefs);
    const first = await until(
      () => a.stub.status(),
      (x) => x.lastRun !== null && x.lastRun.skipped === null,
    );
    expect(Date.parse(first.pollAt!) - Date.now()).toBeGreaterThan(5 * 60_000);
    await sandbox.lead(P, "Maria Lopez", "Hi! Could I come and see the room on Saturday?");
    // A tick leaves the site alone until the poll is due.
    const requests = (await sandbox.counters(P)).requests.length;
    await a.stub.tick(a.ref, new Date().toISOString(), prefs);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await sandbox.counters(P)).requests.length).toBe(requests);
    expect(await inboundTexts(a.ref.accountId)).toEqual([]);

    expect((await call("POST", `/api/platforms/${a.ref.accountId}/run`, { as: AGENT })).status).toBe(403);
    const res = await call("POST", `/api/platforms/${a.ref.accountId}/run`, { as: ADMIN });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ ran: true, skipped: null, newMessages: 1, failure: null });
    expect(await inboundTexts(a.ref.accountId)).toEqual(["Hi! Could I come and see the room on Saturday?"]);
    const audit = await env.DB.prepare(
      "SELECT actor, after_json FROM audit_log WHERE action = 'inbox_check_requested' AND entity_id = ?",
    )
      .bind(a.ref.accountId)
      .first<{ actor: string; after_json: string }>();
    expect(audit).toMatchObject({ actor: ADMIN });
    expect(JSON.parse(audit!.after_json)).toMatchObject({ ran: true, newMessages: 1 });
    // An inactive account is not read on request.
    await env.DB.prepare("UPDATE platform_accounts SET is_active = 0 WHERE id = ?")
      .bind(a.ref.accountId)
      .run();
    expect((await call("POST", `/api/platforms/${a.ref.accountId}/run`, { as: ADMIN })).status).toBe(409);
  });

  it("a lost e-mail is caught by the account's safety-net poll, which counts it against push", async () => {
    const a = await account({ push: true });
    await sandbox.lead(P, "Maria Lopez", "Hi! Could I come and see the room on Saturday?");
    await deliverEmail(envelope(a.address), mail(a.address));
    await until(
      () => inboundTexts(a.ref.accountId),
      (t) => t.length === 1,
    );
    // The lead writes again; the site's e-mail about it never arrives.
    await sandbox.lead(P, "Maria Lopez", "Also, is the deposit refundable?");
    const texts = await until(
      () => inboundTexts(a.ref.accountId),
      (t) => t.length === 2,
      90_000,
    );
    expect(texts[1]).toBe("Also, is the deposit refundable?");
    const s = await a.stub.status();
    expect(s.ticks).toBe(0); // the alarm found it, not the cron
    expect(s.push.misses).toBe(1);
    expect(s.pollAt).not.toBeNull();
  });
});
