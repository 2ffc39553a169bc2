import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { siteOrigin } from "../support/sandbox-client.ts";
import { ADMIN, AGENT, accessToken, call, json, seedAccounts, seedUsers, verifyViaApi } from "./helpers.ts";

type ErrorJson = {
  error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] };
};
type Account = {
  id: string;
  isActive: boolean;
  sendMode: string | null;
  effectiveSendMode: string;
  disableReason: string | null;
  updatedBy: string;
  health: { sessionState: string; circuitState: string; errors24h: number };
};
type PlatformList = { globalDefaultSendMode: string; items: Account[] };

beforeEach(async () => {
  await env.DB.exec("DELETE FROM platform_accounts; DELETE FROM audit_log; DELETE FROM users;");
  await env.DB.prepare("UPDATE settings SET value = 'draft_only' WHERE key = 'default_send_mode'").run();
  await seedUsers();
  // sr-1 on the sandbox's site: switching it to auto_send needs a passed verify check there first.
  await seedAccounts([
    { id: "sr-1", platform: "spareroom", baseUrl: siteOrigin("spareroom") },
    { id: "rm-1", platform: "roomies", sendMode: "auto_send" },
  ]);
});

describe("GET /api/health", () => {
  it("answers without identity and without data", async () => {
    const res = await call("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe("authentication", () => {
  it("401 without an Access token, in the one error shape", async () => {
    const res = await call("GET", "/api/platforms");
    expect(res.status).toBe(401);
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("unauthenticated");
    expect(body.error.message).toMatch(/Access/);
  });

  it.each([
    ["forged (signed by a key Access does not publish)", { key: "foreign" as const }],
    ["expired", { expiresIn: Math.floor(Date.now() / 1000) - 30 }],
    ["for another audience", { aud: "some-other-app" }],
    ["from another issuer", { iss: "https://evil.cloudflareaccess.com" }],
  ])("401 for a %s token", async (_label, opts) => {
    const token = await accessToken(ADMIN, opts);
    const res = await call("GET", "/api/platforms", { headers: { "Cf-Access-Jwt-Assertion": token } });
    expect(res.status).toBe(401);
    expect((await json<ErrorJson>(res)).error.code).toBe("unauthenticated");
  });

  it("401 for a token that is not a JWT at all", async () => {
    const res = await call("GET", "/api/platforms", { headers: { "Cf-Access-Jwt-Assertion": "not-a-jwt" } });
    expect(res.status).toBe(401);
  });

  it("403 for a verified email that is not a lease-bot user", async () => {
    const res = await call("GET", "/api/platforms", { as: "stranger@example.com" });
    expect(res.status).toBe(403);
    expect((await json<ErrorJson>(res)).error.code).toBe("forbidden");
  });

  it("ignores X-Dev-Identity in the production configuration", async () => {
    expect(env.ENVIRONMENT).toBe("production");
    const res = await call("GET", "/api/platforms", { headers: { "X-Dev-Identity": ADMIN } });
    expect(res.status).toBe(401);
  });

  it("honours X-Dev-Identity only when ENVIRONMENT is development", async () => {
    const dev = { ENVIRONMENT: "development" };
    const ok = await call("GET", "/api/platforms", { headers: { "X-Dev-Identity": ADMIN }, env: dev });
    expect(ok.status).toBe(200);
    const unknown = await call("GET", "/api/platforms", { headers: { "X-Dev-Identity": "x@y.z" }, env: dev });
    expect(unknown.status).toBe(403);
    const agentWrite = await call("PATCH", "/api/platforms/sr-1", {
      headers: { "X-Dev-Identity": AGENT },
      env: dev,
      body: { isActive: false },
    });
    expect(agentWrite.status).toBe(403);
  });
});

describe("GET /api/platforms", () => {
  it("lists every account with override, effective mode, disable reason and who updated it", async () => {
    const res = await call("GET", "/api/platforms", { as: AGENT });
    expect(res.status).toBe(200);
    const body = await json<PlatformList>(res);
    expect(body.globalDefaultSendMode).toBe("draft_only");
    const byId = Object.fromEntries(body.items.map((a) => [a.id, a]));
    expect(byId["sr-1"]).toMatchObject({ isActive: true, sendMode: null, effectiveSendMode: "draft_only" });
    expect(byId["rm-1"]).toMatchObject({ sendMode: "auto_send", effectiveSendMode: "auto_send" });
    expect(byId["sr-1"]?.health).toMatchObject({
      sessionState: "unknown",
      circuitState: "closed",
      errors24h: 0,
    });
  });
});

describe("PATCH /api/platforms/:id", () => {
  it("changes is_active, send_mode and disable_reason and audits before and after", async () => {
    await verifyViaApi("sr-1", { ownInquiry: "spareroom" });
    const res = await call("PATCH", "/api/platforms/sr-1", {
      as: ADMIN,
      body: { isActive: false, sendMode: "auto_send", disableReason: "paused for the holidays" },
    });
    expect(res.status).toBe(200);
    const acc = await json<Account>(res);
    expect(acc).toMatchObject({
      isActive: false,
      sendMode: "auto_send",
      effectiveSendMode: "auto_send",
      disableReason: "paused for the holidays",
      updatedBy: ADMIN,
    });
    const audit = await env.DB.prepare(
      "SELECT actor, action, before_json, after_json FROM audit_log WHERE entity_id = 'sr-1' AND action != 'account_verified'",
    ).all<{ actor: string; action: string; before_json: string; after_json: string }>();
    expect(audit.results).toHaveLength(1);
    const row = audit.results[0]!;
    expect(row.actor).toBe(ADMIN);
    expect(row.action).toBe("platform_policy_updated");
    expect(JSON.parse(row.before_json)).toMatchObject({ isActive: true, sendMode: null });
    expect(JSON.parse(row.after_json)).toMatchObject({ isActive: false, sendMode: "auto_send" });
  });

  it("null send_mode returns the account to the global default", async () => {
    const res = await call("PATCH", "/api/platforms/rm-1", { as: ADMIN, body: { sendMode: null } });
    expect(await json<Account>(res)).toMatchObject({ sendMode: null, effectiveSendMode: "draft_only" });
  });

  it("400 with zod issues for bad input, and nothing changes", async () => {
    const res = await call("PATCH", "/api/platforms/sr-1", {
      as: ADMIN,
      body: { sendMode: "yolo", isActive: "yes" },
    });
    expect(res.status).toBe(400);
    const body = await json<ErrorJson>(res);
    expect(body.error.code).toBe("validation_failed");
    const paths = body.error.issues?.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["sendMode", "isActive"]));
    const row = await env.DB.prepare(
      "SELECT send_mode, is_active FROM platform_accounts WHERE id = 'sr-1'",
    ).first();
    expect(row).toEqual({ send_mode: null, is_active: 1 });
  });

  it("400 for an empty body, unknown fields and non-JSON", async () => {
    expect((await call("PATCH", "/api/platforms/sr-1", { as: ADMIN, body: {} })).status).toBe(400);
    expect(
      (await call("PATCH", "/api/platforms/sr-1", { as: ADMIN, body: { platform: "roomies" } })).status,
    ).toBe(400);
    expect((await call("PATCH", "/api/platforms/sr-1", { as: ADMIN, body: "{nope" })).status).toBe(400);
  });

  it("404 for an unknown account", async () => {
    const res = await call("PATCH", "/api/platforms/nope", { as: ADMIN, body: { isActive: false } });
    expect(res.status).toBe(404);
    expect((await json<ErrorJson>(res)).error.code).toBe("not_found");
  });

  it("403 for an agent, and nothing changes", async () => {
    const res = await call("PATCH", "/api/platforms/sr-1", { as: AGENT, body: { isActive: false } });
    expect(res.status).toBe(403);
    const row = await env.DB.prepare("SELECT is_active FROM platform_accounts WHERE id = 'sr-1'").first();
    expect(row).toEqual({ is_active: 1 });
  });
});

describe("POST /api/platforms", () => {
  it("adds an account with credential references", async () => {
    const res = await call("POST", "/api/platforms", {
      as: ADMIN,
      body: {
        platform: "renthop",
        label: "uptown",
        credentialRefs: {
          username: "secret:LEASEBOT_ACCOUNT_RENTHOP_UPTOWN_USER",
          password: "secret:LEASEBOT_ACCOUNT_RENTHOP_UPTOWN_PASSWORD",
        },
      },
    });
    expect(res.status).toBe(201);
    const acc = await json<Account & { credentialRefs: Record<string, string> }>(res);
    expect(acc).toMatchObject({ isActive: true, sendMode: null, effectiveSendMode: "draft_only" });
    expect(acc.credentialRefs.password).toBe("secret:LEASEBOT_ACCOUNT_RENTHOP_UPTOWN_PASSWORD");
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ?")
      .bind(acc.id)
      .first();
    expect(audit).toEqual({ action: "platform_account_created" });
  });

  it("refuses a plaintext secret with a clear 400 that does not echo it", async () => {
    const res = await call("POST", "/api/platforms", {
      as: ADMIN,
      body: { platform: "renthop", label: "x", credentialRefs: { password: "Sup3rS3cret!" } },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("plaintext");
    expect(text).toContain("credentialRefs");
    expect(text).not.toContain("Sup3rS3cret!");
    const n = await env.DB.prepare("SELECT count(*) AS n FROM platform_accounts").first<{ n: number }>();
    expect(n?.n).toBe(2);
  });

  it("refuses an unknown platform (400) and a duplicate label (409)", async () => {
    const bad = await call("POST", "/api/platforms", {
      as: ADMIN,
      body: { platform: "craigslist", label: "x" },
    });
    expect(bad.status).toBe(400);
    const dup = await call("POST", "/api/platforms", {
      as: ADMIN,
      body: { platform: "spareroom", label: "demo" },
    });
    expect(dup.status).toBe(409);
    expect((await json<ErrorJson>(dup)).error.code).toBe("conflict");
  });

  it("403 for an agent", async () => {
    const res = await call("POST", "/api/platforms", {
      as: AGENT,
      body: { platform: "renthop", label: "x" },
    });
    expect(res.status).toBe(403);
  });
});

describe("settings: the global default send mode", () => {
  it("is stored in D1, defaults to draft_only, and drives inheriting accounts", async () => {
    expect(await json(await call("GET", "/api/settings", { as: AGENT }))).toMatchObject({
      defaultSendMode: "draft_only",
    });
    // sr-1 follows the default: auto_send for it needs its verify check first.
    const refused = await call("PUT", "/api/settings", { as: ADMIN, body: { defaultSendMode: "auto_send" } });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/sr-1 \(This account has not been verified/);
    await verifyViaApi("sr-1", { ownInquiry: "spareroom" });
    const put = await call("PUT", "/api/settings", { as: ADMIN, body: { defaultSendMode: "auto_send" } });
    expect(put.status).toBe(200);
    const list = await json<PlatformList>(await call("GET", "/api/platforms", { as: ADMIN }));
    expect(list.globalDefaultSendMode).toBe("auto_send");
    expect(list.items.find((a) => a.id === "sr-1")?.effectiveSendMode).toBe("auto_send");
    const audit = await env.DB.prepare(
      "SELECT actor, before_json, after_json FROM audit_log WHERE action = 'settings_updated'",
    ).first<{ actor: string; before_json: string; after_json: string }>();
    expect(audit?.actor).toBe(ADMIN);
    expect(JSON.parse(audit!.before_json)).toEqual({ defaultSendMode: "draft_only" });
    expect(JSON.parse(audit!.after_json)).toEqual({ defaultSendMode: "auto_send" });
  });

  it("agents may read but not change it; bad values are a 400", async () => {
    expect(
      (await call("PUT", "/api/settings", { as: AGENT, body: { defaultSendMode: "auto_send" } })).status,
    ).toBe(403);
    expect(
      (await call("PUT", "/api/settings", { as: ADMIN, body: { defaultSendMode: "sometimes" } })).status,
    ).toBe(400);
  });
});

describe("unknown routes", () => {
  it("404 in the error shape", async () => {
    const res = await call("GET", "/api/nope", { as: ADMIN });
    expect(res.status).toBe(404);
    expect((await json<ErrorJson>(res)).error.code).toBe("not_found");
  });
});
