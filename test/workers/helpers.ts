/** Shared helpers for workerd tests: seed data, Access tokens, and calls into the Worker. */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { importJWK, SignJWT } from "jose";
import { expect, inject } from "vitest";
import "../support/provided-context.ts";
import { accountStub } from "../../domain/account/address.ts";
import type { Platform } from "../../domain/db/schema.ts";
import worker from "../../worker/index.ts";
import { sandbox, siteOrigin } from "../support/sandbox-client.ts";

export const ADMIN = "admin@lease-bot.local";
export const AGENT = "agent@lease-bot.local";

export async function seedUsers(): Promise<void> {
  const now = new Date().toISOString();
  await env.DB.batch([
    env.DB.prepare("INSERT OR IGNORE INTO users (email, role, created_at) VALUES (?, 'admin', ?)").bind(
      ADMIN,
      now,
    ),
    env.DB.prepare("INSERT OR IGNORE INTO users (email, role, created_at) VALUES (?, 'agent', ?)").bind(
      AGENT,
      now,
    ),
  ]);
}

export interface SeedAccount {
  id: string;
  platform: Platform;
  label?: string;
  isActive?: boolean;
  sendMode?: "auto_send" | "draft_only" | null;
  baseUrl?: string | null;
  credentialRefs?: Record<string, string>;
  notifyAddress?: string | null;
  pushEnabled?: boolean;
  timeZone?: string | null;
}

export async function seedAccounts(accounts: SeedAccount[]): Promise<void> {
  const now = new Date().toISOString();
  await env.DB.batch(
    accounts.map((a) =>
      env.DB.prepare(
        `INSERT INTO platform_accounts (id, platform, label, is_active, send_mode, credential_refs, base_url, notify_address, push_enabled, time_zone, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test')`,
      ).bind(
        a.id,
        a.platform,
        a.label ?? "demo",
        a.isActive === false ? 0 : 1,
        a.sendMode ?? null,
        JSON.stringify(
          a.credentialRefs ?? {
            username: "secret:LEASEBOT_ACCOUNT_SANDBOX_USERNAME",
            password: "secret:LEASEBOT_ACCOUNT_SANDBOX_PASSWORD",
          },
        ),
        a.baseUrl ?? null,
        a.notifyAddress ?? null,
        a.pushEnabled ? 1 : 0,
        a.timeZone ?? null,
        now,
        now,
      ),
    ),
  );
}

type TokenOptions = { aud?: string; expiresIn?: string | number; key?: "trusted" | "foreign"; iss?: string };

/** A Cloudflare Access-style JWT signed by the test key server's key (or a foreign one). */
export async function accessToken(email: string, opts: TokenOptions = {}): Promise<string> {
  const jwk = inject(opts.key === "foreign" ? "accessForeignJwk" : "accessPrivateJwk");
  const key = await importJWK(jwk, "RS256");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email, type: "app" })
    .setProtectedHeader({ alg: "RS256", kid: "test-key-1" })
    .setIssuer(opts.iss ?? env.ACCESS_TEAM_DOMAIN)
    .setAudience(opts.aud ?? env.ACCESS_AUD)
    .setSubject(`user-${email}`)
    .setIssuedAt(now - 60)
    .setExpirationTime(typeof opts.expiresIn === "number" ? opts.expiresIn : (opts.expiresIn ?? "10m"))
    .sign(key);
}

export interface CallOptions {
  as?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  env?: Partial<Env>;
}

/** Calls the Worker's fetch handler in-process, as a given user (via an Access token). */
export async function call(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers = new Headers(opts.headers);
  if (opts.as) headers.set("Cf-Access-Jwt-Assertion", await accessToken(opts.as));
  let body: string | undefined;
  if (opts.body !== undefined) body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  // Like the scripts: a mutating call declares JSON (with or without a body), which is what lets
  // a request without Origin through the API's cross-site guard (worker/api/request-guards.ts).
  if (!headers.has("content-type") && (body !== undefined || !/^(GET|HEAD)$/.test(method)))
    headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://lease-bot.test${path}`, { method, headers, body }),
    { ...env, ...opts.env },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Fires the Worker's cron handler once, as the every-minute trigger would. */
/**
 * Delivers a raw RFC 822 message to the Worker's email() handler, as Cloudflare Email Routing
 * does (envelope from/to, the raw stream and its size).
 */
export async function deliverEmail(
  envelope: { from: string; to: string },
  raw: string,
  envOverride: Partial<Env> = {},
): Promise<void> {
  const bytes = new TextEncoder().encode(raw);
  const message: ForwardableEmailMessage = {
    from: envelope.from,
    to: envelope.to,
    raw: new Response(bytes).body!,
    rawSize: bytes.byteLength,
    headers: new Headers(),
    canBeForwarded: false,
    setReject: () => {
      throw new Error("the handler must not reject (a bounce could stop a site's notifications)");
    },
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
  };
  const ctx = createExecutionContext();
  await worker.email(message, { ...env, ...envOverride }, ctx);
  await waitOnExecutionContext(ctx);
}

export async function cronTick(at: number = Date.now(), envOverride: Partial<Env> = {}): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ cron: "* * * * *", scheduledTime: at }),
    { ...env, ...envOverride },
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

/**
 * Verifies an account the way an admin does (POST /api/platforms/:id/verify: the read-only check
 * in the account's object against its site, the sandbox here), so a test may then switch it to
 * auto_send. With `ownInquiry`, first writes the operator's own test inquiry to the site, as the
 * go-live runbook says, so the check has a thread to open.
 */
export async function verifyViaApi(
  accountId: string,
  opts: { ownInquiry?: Platform } = {},
): Promise<{
  report: { ok: boolean; requiredMissing: string[]; problems: string[] };
  verification: { state: string };
}> {
  if (opts.ownInquiry) {
    await sandbox.lead(opts.ownInquiry, "Verify Check", "Hello, this is my own test inquiry to my listing.");
  }
  const res = await call("POST", `/api/platforms/${accountId}/verify`, { as: ADMIN });
  const body = (await res.json()) as Awaited<ReturnType<typeof verifyViaApi>>;
  if (res.status !== 200 || !body.report.ok)
    throw new Error(`verify ${accountId}: ${res.status} ${JSON.stringify(body).slice(0, 600)}`);
  return body;
}

/**
 * The start of each test that drives leads end to end: no faults, an empty sandbox (its
 * accounts stay), the seeded users, and `tourTemplate` as the only template in D1.
 */
export async function freshSandboxWithTourTemplate(tourTemplate: string): Promise<void> {
  await sandbox.clearFaults();
  await sandbox.reset({ seed: 3, empty: true });
  await seedUsers();
  await env.DB.exec("DELETE FROM templates");
  const res = await call("POST", "/api/templates", {
    as: ADMIN,
    body: { intent: "tour_request", name: "Tour invite", body: tourTemplate },
  });
  expect(res.status).toBe(201);
}

/** An account with no usable stored credentials: only a person's captured session logs it in. */
export async function accountWithoutCredentials(platform: Platform, prefix: string) {
  const id = `${prefix}-${Date.now()}`;
  await seedAccounts([
    {
      id,
      platform,
      label: id,
      sendMode: "auto_send",
      baseUrl: siteOrigin(platform),
      credentialRefs: {
        username: "secret:LEASEBOT_ACCOUNT_NOT_SET_USER",
        password: "secret:LEASEBOT_ACCOUNT_NOT_SET_PASSWORD",
      },
    },
  ]);
  const ref = { accountId: id, platform };
  return { id, ref, stub: accountStub(env, ref) };
}
