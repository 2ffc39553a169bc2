/**
 * The API the admin panel adds: who am I (/api/me), the audit log (/api/audit), the overview's
 * hourly activity and queue counts, and conditional GETs (ETag / If-None-Match) for polling.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { siteOrigin } from "../support/sandbox-client.ts";
import { ADMIN, AGENT, call, json, seedAccounts, seedUsers, verifyViaApi } from "./helpers.ts";

type Me = {
  email: string | null;
  role: string | null;
  devIdentities: boolean;
  devUsers?: { email: string; role: string }[];
  problem: string | null;
};
type AuditPage = {
  items: {
    id: number;
    actor: string;
    action: string;
    entityType: string;
    entityId: string;
    after: unknown;
  }[];
  nextCursor: string | null;
};
type ErrorJson = { error: { code: string; message: string; issues?: { path: (string | number)[] }[] } };

const DEV = { ENVIRONMENT: "development" } as const;

beforeEach(async () => {
  await env.DB.exec(
    "DELETE FROM decisions; DELETE FROM replies; DELETE FROM messages; DELETE FROM dead_letters; DELETE FROM account_errors; DELETE FROM conversations; DELETE FROM platform_accounts; DELETE FROM audit_log; DELETE FROM users;",
  );
  await seedUsers();
  // On the sandbox's sites: switching to auto_send needs a passed verify check there first.
  await seedAccounts([
    { id: "sr-1", platform: "spareroom", baseUrl: siteOrigin("spareroom") },
    { id: "rm-1", platform: "roomies", baseUrl: siteOrigin("roomies") },
  ]);
  const now = new Date().toISOString();
  await env.DB.batch(
    [
      ["c-1", "sr-1", "spareroom"],
      ["c-2", "rm-1", "roomies"],
    ].map(([id, account, platform]) =>
      env.DB.prepare(
        `INSERT INTO conversations (id, account_id, platform, external_thread_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).bind(id, account, platform, `t-${id}`, now, now),
    ),
  );
});

describe("GET /api/me", () => {
  it("names the Access user and role, and offers no development identities in production", async () => {
    const me = await json<Me>(await call("GET", "/api/me", { as: AGENT }));
    expect(me).toEqual({ email: AGENT, role: "agent", devIdentities: false, problem: null });
  });

  it("answers 200 with no identity (and the reason) instead of 401, so the panel can say why", async () => {
    const res = await call("GET", "/api/me");
    expect(res.status).toBe(200);
    const me = await json<Me>(res);
    expect(me.email).toBeNull();
    expect(me.devIdentities).toBe(false);
    expect(me.devUsers).toBeUndefined();
    expect(me.problem).toMatch(/Access/);
  });

  it("ignores X-Dev-Identity in production", async () => {
    const me = await json<Me>(await call("GET", "/api/me", { headers: { "X-Dev-Identity": ADMIN } }));
    expect(me.email).toBeNull();
  });

  it("in development, lists the users to pick from and honours the picked one", async () => {
    const anon = await json<Me>(await call("GET", "/api/me", { env: DEV }));
    expect(anon.devIdentities).toBe(true);
    expect(anon.devUsers).toEqual([
      { email: ADMIN, role: "admin" },
      { email: AGENT, role: "agent" },
    ]);
    const picked = await json<Me>(
      await call("GET", "/api/me", { env: DEV, headers: { "X-Dev-Identity": ADMIN } }),
    );
    expect(picked).toMatchObject({ email: ADMIN, role: "admin", devIdentities: true });
  });

  it("says who is unknown rather than failing", async () => {
    const me = await json<Me>(
      await call("GET", "/api/me", { env: DEV, headers: { "X-Dev-Identity": "stranger@example.com" } }),
    );
    expect(me.email).toBeNull();
    expect(me.problem).toMatch(/stranger@example.com is not a lease-bot user/);
  });
});

describe("GET /api/audit", () => {
  async function changes() {
    // sr-1 follows the default, which goes to auto_send below: it needs its verify check too.
    await verifyViaApi("sr-1", { ownInquiry: "spareroom" });
    await call("PATCH", "/api/platforms/sr-1", { as: ADMIN, body: { isActive: false, disableReason: "x" } });
    await verifyViaApi("rm-1", { ownInquiry: "roomies" });
    expect(
      (await call("PATCH", "/api/platforms/rm-1", { as: ADMIN, body: { sendMode: "auto_send" } })).status,
    ).toBe(200);
    await call("PUT", "/api/settings", { as: ADMIN, body: { defaultSendMode: "auto_send" } });
    await call("PATCH", "/api/platforms/sr-1", { as: ADMIN, body: { isActive: true } });
  }

  it("lists newest first, readable by agents", async () => {
    await changes();
    const page = await json<AuditPage>(await call("GET", "/api/audit", { as: AGENT }));
    expect(page.items.map((i) => [i.action, i.entityId])).toEqual([
      ["platform_policy_updated", "sr-1"],
      ["settings_updated", "default_send_mode"],
      ["platform_policy_updated", "rm-1"],
      ["account_verified", "rm-1"],
      ["platform_policy_updated", "sr-1"],
      ["account_verified", "sr-1"],
    ]);
    expect(page.items[4]?.after).toMatchObject({ isActive: false, disableReason: "x" });
    expect(page.nextCursor).toBeNull();
  });

  it("filters by account, action and actor", async () => {
    await changes();
    await env.DB.prepare(
      "INSERT INTO audit_log (actor, action, entity_type, entity_id, at) VALUES ('system:dispatch', 'circuit_reset', 'platform_account', 'sr-1', ?)",
    )
      .bind(new Date().toISOString())
      .run();
    const byAccount = await json<AuditPage>(await call("GET", "/api/audit?accountId=sr-1", { as: ADMIN }));
    expect(byAccount.items.map((i) => i.entityId)).toEqual(["sr-1", "sr-1", "sr-1", "sr-1"]);
    const byAction = await json<AuditPage>(
      await call("GET", "/api/audit?action=settings_updated", { as: ADMIN }),
    );
    expect(byAction.items.map((i) => i.action)).toEqual(["settings_updated"]);
    const byActor = await json<AuditPage>(
      await call("GET", "/api/audit?actor=system:dispatch", { as: ADMIN }),
    );
    expect(byActor.items.map((i) => i.action)).toEqual(["circuit_reset"]);
  });

  it("finds an account's reply rows through the reply's account", async () => {
    const now = new Date().toISOString();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO replies (id, conversation_id, account_id, kind, body, status, created_by, created_at, updated_at, updated_by)
         VALUES ('rep-1', 'c-2', 'rm-1', 'draft', 'hi', 'draft', 'x', ?, ?, 'x')`,
      ).bind(now, now),
      env.DB.prepare(
        "INSERT INTO audit_log (actor, action, entity_type, entity_id, at) VALUES (?, 'reply_rejected', 'reply', 'rep-1', ?)",
      ).bind(ADMIN, now),
    ]);
    const page = await json<AuditPage>(await call("GET", "/api/audit?accountId=rm-1", { as: ADMIN }));
    expect(page.items.map((i) => i.entityId)).toEqual(["rep-1"]);
    const other = await json<AuditPage>(await call("GET", "/api/audit?accountId=sr-1", { as: ADMIN }));
    expect(other.items).toEqual([]);
  });

  it("pages with a cursor without repeating or losing rows", async () => {
    await changes();
    const first = await json<AuditPage>(await call("GET", "/api/audit?limit=3", { as: ADMIN }));
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await json<AuditPage>(
      await call("GET", `/api/audit?limit=3&cursor=${first.nextCursor}`, { as: ADMIN }),
    );
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(6);
  });

  it("400 with the issues for bad filters", async () => {
    const res = await call("GET", "/api/audit?limit=0&action=DROP%20TABLE&colour=red", { as: ADMIN });
    expect(res.status).toBe(400);
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.issues?.length).toBeGreaterThanOrEqual(2);
  });

  it("needs an identity", async () => {
    expect((await call("GET", "/api/audit")).status).toBe(401);
  });
});

describe("conditional GETs for polling", () => {
  it("answers 304 while nothing changed and 200 with a new ETag after a change", async () => {
    await verifyViaApi("sr-1", { ownInquiry: "spareroom" });
    const first = await call("GET", "/api/platforms", { as: AGENT });
    const tag = first.headers.get("ETag");
    expect(tag).toMatch(/^"[0-9a-f]+"$/);
    const same = await call("GET", "/api/platforms", { as: AGENT, headers: { "If-None-Match": tag! } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe("");
    expect(
      (await call("PATCH", "/api/platforms/sr-1", { as: ADMIN, body: { sendMode: "auto_send" } })).status,
    ).toBe(200);
    const changed = await call("GET", "/api/platforms", { as: AGENT, headers: { "If-None-Match": tag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(tag);
  });

  it("never answers 304 to a write or an error", async () => {
    const err = await call("GET", "/api/platforms/nope", { as: AGENT });
    expect(err.status).toBe(404);
    expect(err.headers.get("ETag")).toBeNull();
  });
});

describe("overview read models", () => {
  it("counts received, drafted, review, sent and failed per account and hour", async () => {
    const now = new Date();
    const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
    const iso = now.toISOString();
    const old = new Date(now.getTime() - 30 * 3_600_000).toISOString();
    const msg = (id: string, dir: string, origin: string, at: string) =>
      env.DB.prepare(
        `INSERT INTO messages (id, conversation_id, account_id, external_message_id, direction, body, origin, created_at)
         VALUES (?, 'c-1', 'sr-1', ?, ?, 'x', ?, ?)`,
      ).bind(id, id, dir, origin, at);
    const dec = (id: string, message: string, action: string, at: string) =>
      env.DB.prepare(
        `INSERT INTO decisions (id, message_id, conversation_id, account_id, action, reason, intent, confidence, guardrails, decided_at)
         VALUES (?, ?, 'c-1', 'sr-1', ?, 'r', 'tour', 1, '[]', ?)`,
      ).bind(id, message, action, at);
    await env.DB.batch([
      msg("m1", "inbound", "site", iso),
      msg("m2", "inbound", "site", iso),
      msg("m3", "inbound", "site", hourAgo),
      msg("m4", "inbound", "site", old),
      msg("m5", "outbound", "bot", iso),
      msg("m6", "outbound", "site", iso),
      dec("d1", "m1", "draft", iso),
      dec("d2", "m3", "review", hourAgo),
      dec("d3", "m2", "send", iso),
      env.DB.prepare(
        "INSERT INTO account_errors (account_id, platform, stage, failure_class, at) VALUES ('sr-1', 'spareroom', 'ingest', 'timeout', ?)",
      ).bind(iso),
      env.DB.prepare(
        `INSERT INTO dead_letters (dispatch_key, account_id, platform, stage, failure_class, attempts, status, created_at, updated_at)
         VALUES ('k9', 'sr-1', 'spareroom', 'submit', 'rejected', 1, 'open', ?, ?)`,
      ).bind(hourAgo, hourAgo),
    ]);
    const body = await json<{ hours: string[]; accounts: Record<string, Record<string, number[]>> }>(
      await call("GET", "/api/metrics/hourly?hours=24", { as: AGENT }),
    );
    expect(body.hours).toHaveLength(24);
    expect(body.hours[23]).toBe(iso.slice(0, 13));
    const sr = body.accounts["sr-1"]!;
    expect(sr.received?.slice(22)).toEqual([1, 2]);
    expect(sr.received?.reduce((a, b) => a + b)).toBe(3);
    expect(sr.drafted?.[23]).toBe(1);
    expect(sr.review?.[22]).toBe(1);
    expect(sr.sent?.reduce((a, b) => a + b)).toBe(1);
    expect(sr.failed?.slice(22)).toEqual([1, 1]);
    expect(body.accounts["rm-1"]).toBeUndefined();
  });

  it("400 for an out-of-range window", async () => {
    expect((await call("GET", "/api/metrics/hourly?hours=0", { as: AGENT })).status).toBe(400);
  });

  it("counts the work waiting per account", async () => {
    const now = new Date().toISOString();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO replies (id, conversation_id, account_id, kind, body, status, created_by, created_at, updated_at, updated_by)
         VALUES ('r1', 'c-2', 'rm-1', 'draft', 'hi', 'draft', 'x', ?, ?, 'x'), ('r2', 'c-2', 'rm-1', 'auto', 'hi', 'queued', 'x', ?, ?, 'x')`,
      ).bind(now, now, now, now),
      env.DB.prepare(
        `INSERT INTO dead_letters (dispatch_key, account_id, platform, stage, failure_class, attempts, status, created_at, updated_at)
         VALUES ('k1', 'sr-1', 'spareroom', 'submit', 'timeout', 3, 'open', ?, ?), ('k2', 'sr-1', 'spareroom', 'submit', 'timeout', 3, 'discarded', ?, ?)`,
      ).bind(now, now, now, now),
    ]);
    const body = await json<{ items: Record<string, unknown>[] }>(
      await call("GET", "/api/queues", { as: AGENT }),
    );
    expect(body.items).toEqual([
      { accountId: "rm-1", needsReview: 0, draftsWaiting: 1, queued: 1, openDeadLetters: 0 },
      { accountId: "sr-1", needsReview: 0, draftsWaiting: 0, queued: 0, openDeadLetters: 1 },
    ]);
  });
});

describe("inbox filters the panel offers", () => {
  it("queued, suppressed and by the latest decision's reason", async () => {
    const now = new Date().toISOString();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO messages (id, conversation_id, account_id, external_message_id, direction, body, created_at)
         VALUES ('m1', 'c-1', 'sr-1', 'e1', 'inbound', 'stop', ?), ('m2', 'c-2', 'rm-1', 'e2', 'inbound', 'tour?', ?)`,
      ).bind(now, now),
      env.DB.prepare(
        `INSERT INTO decisions (id, message_id, conversation_id, account_id, action, reason, intent, confidence, guardrails, decided_at)
         VALUES ('d1', 'm1', 'c-1', 'sr-1', 'suppressed', 'opt_out_requested', 'opt_out', 1, '[]', ?),
                ('d2', 'm2', 'c-2', 'rm-1', 'send', 'auto_send_eligible', 'tour_request', 0.9, '[]', ?)`,
      ).bind(now, now),
      env.DB.prepare(
        `INSERT INTO replies (id, conversation_id, account_id, kind, body, status, created_by, created_at, updated_at, updated_by)
         VALUES ('r1', 'c-2', 'rm-1', 'auto', 'hi', 'queued', 'x', ?, ?, 'x')`,
      ).bind(now, now),
    ]);
    const ids = async (q: string) =>
      (
        await json<{ items: { id: string }[] }>(await call("GET", `/api/conversations?${q}`, { as: AGENT }))
      ).items.map((i) => i.id);
    expect(await ids("filter=queued")).toEqual(["c-2"]);
    expect(await ids("filter=suppressed")).toEqual(["c-1"]);
    expect(await ids("reason=auto_send_eligible")).toEqual(["c-2"]);
    expect((await call("GET", "/api/conversations?reason=made_up", { as: AGENT })).status).toBe(400);
  });
});

describe("POST /api/templates/preview", () => {
  it("renders with a listing's facts and reports what a save would refuse", async () => {
    const now = new Date().toISOString();
    await env.DB.prepare(
      `INSERT INTO listings (id, account_id, external_id, title, price, source, updated_at, updated_by)
       VALUES ('l1', 'sr-1', 'L1', 'Sunny double room', '$900', 'manual', ?, 'test')`,
    )
      .bind(now)
      .run();
    type Preview = { text: string | null; missing: string[]; problems: string[] };
    const ok = await json<Preview>(
      await call("POST", "/api/templates/preview", {
        as: AGENT,
        body: {
          body: "Hi {{first_name}}, {{listing_title}} is {{price}}.",
          listingId: "l1",
          leadName: "jane doe",
        },
      }),
    );
    expect(ok).toMatchObject({ text: "Hi Jane, Sunny double room is $900.", missing: [], problems: [] });
    const lacking = await json<Preview>(
      await call("POST", "/api/templates/preview", {
        as: AGENT,
        body: { body: "See {{viewing_link}} or {{colour}}", listingId: "l1" },
      }),
    );
    expect(lacking.text).toBeNull();
    expect(lacking.missing).toEqual(["viewing_link", "colour"]);
    expect(lacking.problems.join(" ")).toMatch(/Unknown template variables: colour/);
    const missing = await call("POST", "/api/templates/preview", {
      as: AGENT,
      body: { body: "x", listingId: "nope" },
    });
    expect(missing.status).toBe(404);
  });
});
