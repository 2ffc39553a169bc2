/**
 * Operating accounts: sessions (sealed cookies, manual capture, needs_login), blocks and the
 * circuit, alerts, the dead-letter API, metrics, and secrets staying out of logs.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { accountStub } from "../../domain/account/address.ts";
import { captureSession, sandbox } from "../support/sandbox-client.ts";
import { queuedReply, refuseSubmits, settle, setupAccount } from "./dispatch-harness.ts";
import { ADMIN, AGENT, accountWithoutCredentials, call, json, seedUsers } from "./helpers.ts";

const P = "spareroom" as const;

async function alerts(): Promise<{ event: string; reason: string; accountId: string }[]> {
  return (await fetch(env.ALERT_WEBHOOK_URL!)).json();
}

async function health(accountId: string) {
  const list = await json<{ items: { id: string; health: Record<string, unknown> }[] }>(
    await call("GET", "/api/platforms", { as: ADMIN }),
  );
  return list.items.find((a) => a.id === accountId)!.health;
}

/** A person logs in to the site in a real browser (session-capture runbook); returns the cookies. */
const personLogsIn = () =>
  captureSession(P, env.LEASEBOT_ACCOUNT_SANDBOX_USERNAME, env.LEASEBOT_ACCOUNT_SANDBOX_PASSWORD);

/** Runs until the object reports a run that did something other than being busy. */
async function runUntil(
  stub: ReturnType<typeof accountStub>,
  done: (s: Awaited<ReturnType<ReturnType<typeof accountStub>["status"]>>) => boolean,
) {
  let last: unknown = null;
  // By the clock, not a count of runs: a run that finds the circuit open returns at once, and
  // on a loaded machine the cooldown outlasts any fixed number of those.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await stub.runNow();
    const s = await stub.status();
    if (done(s)) return s;
    last = { circuit: s.circuit, sessionState: s.sessionState, lastRun: s.lastRun };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not reached; last status: ${JSON.stringify(last)}`);
}

beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 5 });
  await fetch(env.ALERT_WEBHOOK_URL!, { method: "DELETE" });
  await seedUsers();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("sessions", () => {
  it("logs in from credential references, seals the cookies, and reuses them next run", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = (await sandbox.truth(P))[0]!;
    await stub.enqueue(await queuedReply(ref, t.threadId, `First reply ${Date.now()}`));
    await settle(stub);
    expect((await sandbox.counters(P)).logins).toBe(1);
    const sealed = await runInDurableObject(
      stub,
      (_i, state) =>
        state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'cookies'").one().value,
    );
    expect(sealed).toMatch(/^"v1\./);
    expect(sealed).not.toContain("sr_session");
    // A second reply: the saved login is used, no new login at the site.
    await stub.enqueue(await queuedReply(ref, t.threadId, `Second reply ${Date.now()}`));
    await settle(stub);
    expect((await sandbox.counters(P)).logins).toBe(1);
    expect((await health(ref.accountId)).sessionState).toBe("ok");
  });

  it("without usable credentials a lost login becomes needs_login: visible, alerted, and the account is left alone", async () => {
    const { id, ref, stub } = await accountWithoutCredentials(P, "nologin");
    const t = (await sandbox.truth(P))[0]!;
    const req = await queuedReply(ref, t.threadId, `Reply ${Date.now()}`);
    await stub.enqueue(req);
    await runUntil(stub, (s) => s.sessionState === "needs_login");
    expect((await health(id)).sessionState).toBe("needs_login");
    expect((await alerts()).filter((a) => a.accountId === id).map((a) => a.event)).toEqual([
      "missing_secret",
      "needs_login",
    ]);
    expect((await stub.outbox())[0]).toMatchObject({ state: "pending", attempts: 0 });
    const loads = (await sandbox.counters(P)).requests.length;
    await stub.runNow();
    expect((await sandbox.counters(P)).requests.length).toBe(loads);

    // A person captures a session in a real browser and hands the cookies over.
    const cookies = await personLogsIn();
    expect(cookies).toHaveLength(1);
    const res = await call("POST", `/api/platforms/${id}/session`, {
      as: ADMIN,
      body: { cookies: cookies.map((c) => ({ ...c, sameSite: "lax" })) },
    });
    expect(res.status).toBe(200);
    const audit = await env.DB.prepare(
      "SELECT after_json FROM audit_log WHERE action = 'session_captured' AND entity_id = ?",
    )
      .bind(id)
      .first<{ after_json: string }>();
    expect(audit?.after_json).not.toContain(cookies[0]!.value);
    const items = await settle(stub);
    expect(items[0]!.state).toBe("delivered");
    expect((await health(id)).sessionState).toBe("ok");
  });

  it("caps automatic logins at 3 an hour; a captured session resumes the account and the count starts over", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = (await sandbox.truth(P))[0]!;
    const reply = async (label: string) => {
      await stub.enqueue(await queuedReply(ref, t.threadId, `${label} ${Date.now()}`));
      return (await settle(stub)).at(-1)!;
    };
    const expireOnce = () =>
      sandbox.fault({ platform: P, kind: "session_expired", pages: ["thread"], times: 1 });
    // First login, then two lost sessions repaired with the stored credentials: 3 logins.
    expect((await reply("First")).state).toBe("delivered");
    for (const n of [2, 3]) {
      await expireOnce();
      expect((await reply(`Reply ${n}`)).state).toBe("delivered");
    }
    expect((await sandbox.counters(P)).logins).toBe(3);

    // A fourth lost session within the hour: no fourth login, a person is asked.
    await expireOnce();
    await stub.enqueue(await queuedReply(ref, t.threadId, `Parked ${Date.now()}`));
    await runUntil(stub, (s) => s.sessionState === "needs_login");
    expect((await sandbox.counters(P)).logins).toBe(3);
    expect((await alerts()).filter((a) => a.accountId === ref.accountId).map((a) => a.event)).toEqual([
      "needs_login",
    ]);
    expect((await stub.outbox()).at(-1)).toMatchObject({ state: "pending", attempts: 0 });

    // An admin's "retry login" does not get around the cap: refused with when it may go, audited.
    const retry = await call("POST", `/api/platforms/${ref.accountId}/login`, { as: ADMIN });
    expect(retry.status).toBe(429);
    const refused = await json<{
      error: { code: string; message: string; details: { nextLoginAt: string } };
    }>(retry);
    expect(refused.error.code).toBe("rate_limited");
    expect(Date.parse(refused.error.details.nextLoginAt)).toBeGreaterThan(Date.now());
    expect((await sandbox.counters(P)).logins).toBe(3);
    expect((await stub.status()).sessionState).toBe("needs_login");
    const capAudit = await env.DB.prepare(
      "SELECT after_json FROM audit_log WHERE action = 'login_retry_requested' AND entity_id = ?",
    )
      .bind(ref.accountId)
      .first<{ after_json: string }>();
    expect(JSON.parse(capAudit!.after_json)).toMatchObject({ refused: "login_cap" });

    // The person logs in in a browser and hands the session over: the parked reply goes.
    await stub.importCookies(ref, await personLogsIn());
    expect((await settle(stub)).at(-1)!.state).toBe("delivered");
    const afterCapture = (await sandbox.counters(P)).logins; // the person's login counts at the site

    // The next lost session is repaired automatically again: the cap counts from the capture.
    await expireOnce();
    expect((await reply("After capture")).state).toBe("delivered");
    expect((await sandbox.counters(P)).logins).toBe(afterCapture + 1);
    expect((await stub.status()).sessionState).toBe("ok");
  });

  it("an agent cannot hand over cookies; a malformed export is a 400", async () => {
    const { ref } = await setupAccount(P);
    expect(
      (
        await call("POST", `/api/platforms/${ref.accountId}/session`, {
          as: AGENT,
          body: { cookies: [{ name: "a", value: "b" }] },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call("POST", `/api/platforms/${ref.accountId}/session`, { as: ADMIN, body: { cookies: [] } }))
        .status,
    ).toBe(400);
    expect(
      (
        await call("POST", `/api/platforms/${ref.accountId}/session`, {
          as: ADMIN,
          body: { cookies: [{ value: "x" }] },
        })
      ).status,
    ).toBe(400);
  });
});

describe("recovering a parked login without cookies", () => {
  const demoRefs = {
    username: "secret:LEASEBOT_ACCOUNT_SANDBOX_USERNAME",
    password: "secret:LEASEBOT_ACCOUNT_SANDBOX_PASSWORD",
  };

  /** Parks an account whose references name secrets the Worker does not have. */
  async function parked(prefix: string) {
    const a = await accountWithoutCredentials(P, prefix);
    // An e-mail's wake asks for one ingest without starting the account's safety-net polling,
    // whose background runs would add logins to the counts these tests check.
    await a.stub.wake(a.ref);
    await runUntil(a.stub, (s) => s.sessionState === "needs_login");
    return a;
  }

  it("a missing credential secret is named in the API, in health and in an alert", async () => {
    const { id } = await parked("missing");
    const account = await json<{ missingSecrets: string[]; health: { sessionReason: string } }>(
      await call("GET", `/api/platforms/${id}`, { as: AGENT }),
    );
    expect(account.missingSecrets).toEqual([
      "LEASEBOT_ACCOUNT_NOT_SET_USER",
      "LEASEBOT_ACCOUNT_NOT_SET_PASSWORD",
    ]);
    expect(account.health.sessionReason).toContain(
      "no secrets LEASEBOT_ACCOUNT_NOT_SET_USER, LEASEBOT_ACCOUNT_NOT_SET_PASSWORD",
    );
    const mine = (await alerts()).filter((a) => a.accountId === id);
    expect(mine.find((a) => a.event === "missing_secret")?.reason).toBe(
      "LEASEBOT_ACCOUNT_NOT_SET_USER, LEASEBOT_ACCOUNT_NOT_SET_PASSWORD",
    );
    // The demo accounts name secrets the Worker has: nothing is reported for them.
    const { ref } = await setupAccount(P);
    const ok = await json<{ missingSecrets: string[] }>(
      await call("GET", `/api/platforms/${ref.accountId}`, { as: ADMIN }),
    );
    expect(ok.missingSecrets).toEqual([]);
  });

  it("after the references are fixed, an admin's retry logs in at once; audited; agents may not", async () => {
    const { id, stub } = await parked("retry");
    const logins = (await sandbox.counters(P)).logins;
    const patched = await call("PATCH", `/api/platforms/${id}`, {
      as: ADMIN,
      body: { credentialRefs: demoRefs },
    });
    expect(patched.status).toBe(200);
    expect((await json<{ missingSecrets: string[] }>(patched)).missingSecrets).toEqual([]);
    expect((await call("POST", `/api/platforms/${id}/login`, { as: AGENT })).status).toBe(403);

    const res = await call("POST", `/api/platforms/${id}/login`, { as: ADMIN });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      ran: true,
      sessionState: "ok",
      sessionReason: null,
      failure: null,
    });
    expect((await sandbox.counters(P)).logins).toBe(logins + 1);
    expect((await stub.status()).sessionState).toBe("ok");
    const audit = await env.DB.prepare(
      "SELECT actor, after_json FROM audit_log WHERE action = 'login_retry_requested' AND entity_id = ?",
    )
      .bind(id)
      .first<{ actor: string; after_json: string }>();
    expect(audit).toMatchObject({ actor: ADMIN });
    expect(JSON.parse(audit!.after_json)).toMatchObject({ sessionState: "ok", ran: true });
  });

  it("a retry while the secrets are still missing says so, and the account stays parked", async () => {
    const { id } = await parked("still-missing");
    const res = await call("POST", `/api/platforms/${id}/login`, { as: ADMIN });
    expect(res.status).toBe(200);
    const body = await json<{ sessionState: string; sessionReason: string }>(res);
    expect(body.sessionState).toBe("needs_login");
    expect(body.sessionReason).toContain("LEASEBOT_ACCOUNT_NOT_SET_PASSWORD");
  });

  it("changing the credential references brings a parked account back by itself", async () => {
    const { id, ref, stub } = await parked("auto");
    const t = (await sandbox.truth(P))[0]!;
    await stub.enqueue(await queuedReply(ref, t.threadId, `Parked reply ${Date.now()}`));
    // Parked and unchanged: runs leave the site alone.
    const before = (await sandbox.counters(P)).requests.length;
    await stub.runNow();
    expect((await sandbox.counters(P)).requests.length).toBe(before);

    await call("PATCH", `/api/platforms/${id}`, { as: ADMIN, body: { credentialRefs: demoRefs } });
    const items = await settle(stub);
    expect(items.at(-1)!.state).toBe("delivered");
    expect((await stub.status()).sessionState).toBe("ok");
    expect((await health(id)).sessionState).toBe("ok");
  });
});

describe("blocks, the circuit and alerts", () => {
  it("an access block stops the account and alerts; a person's reset resumes it", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = (await sandbox.truth(P))[0]!;
    const req = await queuedReply(ref, t.threadId, `Blocked reply ${Date.now()}`);
    await sandbox.fault({ platform: P, kind: "blocked", pages: ["thread"] });
    await stub.enqueue(req);
    await runUntil(stub, (s) => s.circuit.state === "stopped");
    expect(await health(ref.accountId)).toMatchObject({
      circuitState: "stopped",
      circuitReason: "access_blocked",
      errors24h: 1,
    });
    expect((await alerts()).filter((a) => a.accountId === ref.accountId).map((a) => a.event)).toEqual([
      "access_blocked",
    ]);
    const evidence = await json<{ items: { id: string; failureClass: string }[] }>(
      await call("GET", `/api/platforms/${ref.accountId}/evidence`, { as: AGENT }),
    );
    expect(evidence.items[0]?.failureClass).toBe("access_blocked");
    const detail = await json<{ html: string; trail: unknown[] }>(
      await call("GET", `/api/platforms/${ref.accountId}/evidence/${evidence.items[0]!.id}`, { as: AGENT }),
    );
    expect(detail.html).toContain("you have been blocked");
    expect(detail.trail.length).toBeGreaterThan(0);

    await sandbox.clearFaults();
    expect((await call("POST", `/api/platforms/${ref.accountId}/circuit/reset`, { as: AGENT })).status).toBe(
      403,
    );
    expect((await call("POST", `/api/platforms/${ref.accountId}/circuit/reset`, { as: ADMIN })).status).toBe(
      200,
    );
    expect((await settle(stub))[0]!.state).toBe("delivered");
  });

  it("a probe that loses the login leaves the circuit ready to probe again, so a captured session drains the queue", async () => {
    const { ref, stub } = await accountWithoutCredentials(P, "probe");
    const capture = async () => {
      await stub.importCookies(ref, await personLogsIn());
    };
    await capture();
    const t = (await sandbox.truth(P))[0]!;
    await sandbox.fault({ platform: P, kind: "captcha", pages: ["thread"], times: 1 });
    await stub.enqueue(await queuedReply(ref, t.threadId, `Probe ${Date.now()}`));
    await runUntil(stub, (s) => s.circuit.state === "open");
    // After the cooldown the probe finds the login gone, with nothing to log in with: no verdict.
    await sandbox.fault({ platform: P, kind: "session_expired", pages: ["thread"], times: 1 });
    const parked = await runUntil(stub, (s) => s.sessionState === "needs_login");
    expect(parked.circuit.state).toBe("open");
    await capture();
    const items = await settle(stub, { timeoutMs: 30_000 });
    expect(items[0]).toMatchObject({ state: "delivered", attempts: 1 });
    expect((await stub.status()).circuit.state).toBe("closed");
  });

  it("alerts have a cooldown per account and reason", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = (await sandbox.truth(P))[0]!;
    await sandbox.fault({ platform: P, kind: "challenge", pages: ["thread"] });
    await stub.enqueue(await queuedReply(ref, t.threadId, `Challenge reply ${Date.now()}`));
    const opened = await runUntil(stub, (s) => s.circuit.state === "open");
    // After the cooldown the half-open probe meets the challenge again and reopens the circuit.
    // The probe may be the object's own alarm or one of our runs, and a run that finds the
    // circuit open right after it overwrites lastRun, so the failure count is the witness.
    const reopened = await runUntil(
      stub,
      (s) => s.circuit.state === "open" && s.circuit.consecutiveFailures > opened.circuit.consecutiveFailures,
    );
    expect(reopened.circuit.reason).toBe("bot_challenge");
    expect((await alerts()).filter((a) => a.accountId === ref.accountId).map((a) => a.event)).toEqual([
      "circuit_open",
    ]);
  });
});

describe("pacing", () => {
  it("spaces page actions by the minimum interval (600 ms) plus jitter, visible in the site's request log", async () => {
    const { ref, stub } = await setupAccount("leasebreak");
    const t = (await sandbox.truth("leasebreak"))[0]!;
    await sandbox.clearCounters();
    for (let i = 0; i < 3; i++)
      await stub.enqueue(await queuedReply(ref, t.threadId, `Paced reply ${i} ${Date.now()}`));
    await settle(stub);
    const reqs = (await sandbox.counters("leasebreak")).requests;
    // Our page actions as the site sees them: a GET that follows a POST within 100 ms is the
    // browser following the redirect, not a new action.
    const actions = reqs.filter(
      (r, i) =>
        !(r.method === "GET" && i > 0 && reqs[i - 1]!.method === "POST" && r.at - reqs[i - 1]!.at < 100),
    );
    const gaps = actions.slice(1).map((r, i) => r.at - actions[i]!.at);
    expect(actions.length).toBeGreaterThanOrEqual(7); // login, 3 × (open thread, submit)
    // Pacing is applied when an action starts; arrival at the site adds a little latency noise,
    // so check the sum (n-1 intervals of ≥ 600 ms) and that no two actions arrive in a burst.
    expect(actions.at(-1)!.at - actions[0]!.at).toBeGreaterThanOrEqual((actions.length - 1) * 600 * 0.9);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
    expect(new Set(gaps.map((g) => Math.round(g / 25))).size).toBeGreaterThan(1); // jitter varies
  });
});

describe("dead letters API", () => {
  it("lists, shows, refuses a bad redrive, discards with a reason — all audited", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = (await sandbox.truth(P))[0]!;
    const req = await queuedReply(ref, t.threadId, `Will be refused ${Date.now()}`);
    await refuseSubmits(P, "No phone numbers please.");
    await stub.enqueue(req);
    await settle(stub);
    const list = await json<{
      items: { dispatchKey: string; platform: string; stage: string; failureClass: string }[];
    }>(await call("GET", `/api/dead-letters?platform=${P}&status=open`, { as: AGENT }));
    expect(list.items.find((i) => i.dispatchKey === req.dispatchKey)).toMatchObject({
      platform: P,
      stage: "submit",
      failureClass: "rejected",
    });
    const detail = await json<{ lastError: string; reply: { body: string } }>(
      await call("GET", `/api/dead-letters/${req.dispatchKey}`, { as: AGENT }),
    );
    expect(detail.lastError).toContain("No phone numbers");
    expect(detail.reply.body).toBe(req.body);
    expect((await call("GET", "/api/dead-letters?stage=nowhere", { as: AGENT })).status).toBe(400);
    expect((await call("GET", "/api/dead-letters/not-a-key", { as: AGENT })).status).toBe(400);
    expect(
      (await call("POST", `/api/dead-letters/${req.dispatchKey}/discard`, { as: ADMIN, body: {} })).status,
    ).toBe(400);
    expect((await call("POST", `/api/dead-letters/${req.dispatchKey}/redrive`, { as: AGENT })).status).toBe(
      403,
    );
    const discard = await call("POST", `/api/dead-letters/${req.dispatchKey}/discard`, {
      as: ADMIN,
      body: { reason: "the lead found a place" },
    });
    expect(discard.status).toBe(200);
    const audit = await env.DB.prepare(
      "SELECT actor, after_json FROM audit_log WHERE action = 'dead_letter_discarded' AND entity_id = ?",
    )
      .bind(req.dispatchKey)
      .first<{ actor: string; after_json: string }>();
    expect(audit?.actor).toBe(ADMIN);
    expect(JSON.parse(audit!.after_json)).toMatchObject({ reason: "the lead found a place" });
  });

  it("a redrive through the API delivers under the same key; redriving again is refused", async () => {
    const { ref, stub } = await setupAccount(P);
    const t = (await sandbox.truth(P))[0]!;
    const req = await queuedReply(ref, t.threadId, `Redrive me ${Date.now()}`);
    // A refusal in the site's words (an outage would only wait: it costs a reply no attempt).
    await refuseSubmits(P, "Try again later.");
    await stub.enqueue(req);
    expect((await settle(stub))[0]).toMatchObject({ state: "dead", lastClass: "rejected" });
    await sandbox.clearFaults();
    const r = await call("POST", `/api/dead-letters/${req.dispatchKey}/redrive`, { as: ADMIN });
    expect(r.status).toBe(200);
    expect((await settle(stub))[0]!.state).toBe("delivered");
    const again = await call("POST", `/api/dead-letters/${req.dispatchKey}/redrive`, { as: ADMIN });
    expect(again.status).toBe(409);
    const dl = await env.DB.prepare("SELECT status FROM dead_letters WHERE dispatch_key = ?")
      .bind(req.dispatchKey)
      .first();
    expect(dl).toEqual({ status: "delivered" });
    const metrics = await json<{ byPlatform: Record<string, Record<string, number>> }>(
      await call("GET", "/api/metrics?hours=1", { as: AGENT }),
    );
    expect(metrics.byPlatform[P]?.success).toBeGreaterThanOrEqual(1);
    expect(metrics.byPlatform[P]?.fail).toBeGreaterThanOrEqual(1);
    expect(metrics.byPlatform[P]?.duplicate_suppressed).toBeGreaterThanOrEqual(1);
    expect((await call("GET", "/api/metrics?hours=0", { as: AGENT })).status).toBe(400);
  });
});

describe("secrets stay out of logs and errors", () => {
  it("a run that logs in prints no password, cookie or message body", async () => {
    const logs: string[] = [];
    const orig = console.log;
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      logs.push(args.map(String).join(" "));
      orig(...args);
    });
    const { ref, stub } = await setupAccount(P);
    const t = (await sandbox.truth(P))[0]!;
    const body = `Secret-free body check ${Date.now()}`;
    await stub.enqueue(await queuedReply(ref, t.threadId, body));
    await settle(stub);
    // Runs happen in the object; its console is the same isolate here, so the spy sees them.
    // The outbox row turns delivered before the D1 mirror and the metric's log line: wait for it.
    await vi.waitFor(() => expect(logs.join("\n")).toContain("dispatch_success"), { timeout: 10_000 });
    const all = logs.join("\n");
    expect(all).not.toContain("demo-password");
    expect(all).not.toContain(body);
    expect(all).not.toMatch(/sr_session=/);
    const sealed = await runInDurableObject(
      stub,
      (_i, state) =>
        state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'cookies'").one().value,
    );
    expect(all).not.toContain(sealed.slice(4, 40));
  });
});
