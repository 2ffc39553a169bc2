/**
 * Issue 22, findings 1 and 2 (docs/security.md): what a web page in an admin's browser, or an
 * admin's own request, cannot make the API do — and what a misconfigured production Worker does.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { verifyAccessJwt } from "../../worker/auth/access-jwt.ts";
import { ADMIN, accessToken, call, json, seedUsers } from "./helpers.ts";

type ErrorJson = {
  error: { code: string; message: string; details?: { problems?: { key: string; fix: string }[] } };
};

const ORIGIN = "https://lease-bot.test";

beforeEach(async () => {
  await env.DB.exec("DELETE FROM platform_accounts; DELETE FROM audit_log; DELETE FROM users;");
  await seedUsers();
});

const accounts = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM platform_accounts").first<{ n: number }>())?.n ?? 0;

describe("cross-site requests", () => {
  it("refuses a cross-site form post carrying the admin's Access identity (403), and stores nothing", async () => {
    const res = await call("POST", "/api/platforms", {
      as: ADMIN,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      body: "platform=spareroom&label=x",
    });
    expect(res.status).toBe(403);
    expect((await json<ErrorJson>(res)).error.code).toBe("forbidden");
    expect(await accounts()).toBe(0);
  });

  it("refuses a text/plain body that holds JSON (what a form with enctype=text/plain sends), even same-origin", async () => {
    const body = JSON.stringify({ platform: "spareroom", label: "x" });
    for (const headers of [
      { "content-type": "text/plain", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN, "sec-fetch-site": "same-origin" },
    ]) {
      const res = await call("POST", "/api/platforms", { as: ADMIN, headers, body });
      expect([403, 415]).toContain(res.status);
    }
    const sameOrigin = await call("POST", "/api/platforms", {
      as: ADMIN,
      headers: { "content-type": "text/plain", origin: ORIGIN },
      body,
    });
    expect(sameOrigin.status).toBe(415);
    expect((await json<ErrorJson>(sameOrigin)).error.code).toBe("unsupported_media_type");
    expect(await accounts()).toBe(0);
  });

  it("refuses a body-less cross-site POST, and lets the panel (same origin) and scripts (JSON, no Origin) through", async () => {
    const foreign = await call("POST", "/api/platforms", {
      as: ADMIN,
      headers: { "content-type": "", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(foreign.status).toBe(403);
    const panel = await call("POST", "/api/platforms", {
      as: ADMIN,
      headers: { origin: ORIGIN, "sec-fetch-site": "same-origin" },
      body: { platform: "spareroom", label: "panel" },
    });
    expect(panel.status).toBe(201);
    const script = await call("POST", "/api/platforms", {
      as: ADMIN,
      body: { platform: "roomies", label: "script" },
    });
    expect(script.status).toBe(201);
  });

  it("refuses an oversized body (413) on every route, before reading it", async () => {
    const big = JSON.stringify({ platform: "spareroom", label: "x", pad: "a".repeat(200_000) });
    for (const path of ["/api/platforms", "/api/templates", "/api/nowhere"]) {
      const res = await call("POST", path, { as: ADMIN, body: big });
      expect(res.status, path).toBe(413);
      expect((await json<ErrorJson>(res)).error.code).toBe("payload_too_large");
    }
    expect(await accounts()).toBe(0);
  });
});

describe("credential references and site addresses", () => {
  it("refuses references to anything but an account-credential secret, says which names are allowed, echoes no value", async () => {
    for (const name of ["SESSION_KEY", "ALERT_WEBHOOK_URL", "ACCESS_AUD", "DB", "SANDBOX_PASSWORD"]) {
      const res = await call("POST", "/api/platforms", {
        as: ADMIN,
        body: { platform: "spareroom", label: name, credentialRefs: { password: `secret:${name}` } },
      });
      expect(res.status, name).toBe(400);
      const text = await res.text();
      expect(text).toContain("LEASEBOT_ACCOUNT_");
      expect(text).not.toContain(env.SESSION_KEY);
      const patch = await call("PATCH", "/api/platforms/none", {
        as: ADMIN,
        body: { credentialRefs: { username: `secret:${name}` } },
      });
      expect(patch.status).toBe(400);
    }
    const ok = await call("POST", "/api/platforms", {
      as: ADMIN,
      body: {
        platform: "spareroom",
        label: "main",
        credentialRefs: { password: "secret:LEASEBOT_ACCOUNT_SPAREROOM_MAIN_PASSWORD" },
      },
    });
    expect(ok.status).toBe(201);
    expect(await accounts()).toBe(1);
  });

  it("refuses a site address other than the platform's own in production (look-alikes included)", async () => {
    for (const baseUrl of [
      "https://evil.example",
      "https://www.spareroom.com.evil.example",
      "http://127.0.0.1:1",
    ]) {
      const res = await call("POST", "/api/platforms", {
        as: ADMIN,
        body: { platform: "spareroom", label: baseUrl, baseUrl },
      });
      expect(res.status, baseUrl).toBe(400);
    }
    const own = await call("POST", "/api/platforms", {
      as: ADMIN,
      body: { platform: "spareroom", label: "own", baseUrl: "https://www.spareroom.com" },
    });
    expect(own.status).toBe(201);
  });
});

describe("configuration fails closed", () => {
  it("answers 503 with the exact fix while the Access audience is missing or the placeholder, and logs it once", async () => {
    const log = vi.spyOn(console, "log");
    try {
      for (const ACCESS_AUD of ["", "set-me-to-the-access-application-aud-tag"]) {
        for (let i = 0; i < 2; i++) {
          const res = await call("GET", "/api/platforms", { as: ADMIN, env: { ACCESS_AUD } });
          expect(res.status).toBe(503);
          const body = await json<ErrorJson>(res);
          expect(body.error.code).toBe("misconfigured");
          expect(body.error.details?.problems?.[0]?.key).toBe("ACCESS_AUD");
          expect(body.error.details?.problems?.[0]?.fix).toContain("Application Audience");
        }
      }
      const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('"config_problem"'));
      expect(lines).toHaveLength(2);
    } finally {
      log.mockRestore();
    }
    expect((await call("GET", "/api/platforms", { as: ADMIN })).status).toBe(200);
  });

  it("verifyAccessJwt refuses an empty audience itself (jose would skip the check)", async () => {
    const token = await accessToken(ADMIN, { aud: "another-access-app" });
    // What an `[env.*]` block without ACCESS_AUD hands the Worker: no value at all.
    for (const audience of [undefined, "", " "]) {
      const r = await verifyAccessJwt(token, {
        teamDomain: env.ACCESS_TEAM_DOMAIN,
        audience: audience as string,
      });
      expect(r.ok, String(audience)).toBe(false);
    }
  });
});
