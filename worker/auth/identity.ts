/**
 * Who is calling, and may they? Production trusts only a verified Cloudflare Access token.
 * When — and only when — ENVIRONMENT is "development", a request may name its user in
 * X-Dev-Identity instead, so `npm start` works without Access in front.
 */
import { eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { db } from "../../domain/db/client.ts";
import { users } from "../../domain/db/schema.ts";
import type { AppEnv, Caller } from "../api/app-env.ts";
import { ApiError } from "../api/errors.ts";
import { verifyAccessJwt } from "./access-jwt.ts";

export const DEV_IDENTITY_HEADER = "X-Dev-Identity";
export const ACCESS_JWT_HEADER = "Cf-Access-Jwt-Assertion";

async function callerEmail(req: Request, env: Env): Promise<string> {
  if (env.ENVIRONMENT === "development") {
    const dev = req.headers.get(DEV_IDENTITY_HEADER);
    if (dev) return dev.trim().toLowerCase();
  }
  const token = req.headers.get(ACCESS_JWT_HEADER);
  if (!token)
    throw ApiError.unauthenticated("Sign in through Cloudflare Access (no Access token on the request)");
  const result = await verifyAccessJwt(token, {
    teamDomain: env.ACCESS_TEAM_DOMAIN,
    audience: env.ACCESS_AUD,
  });
  if (!result.ok) throw ApiError.unauthenticated(result.reason);
  return result.email;
}

/** Resolves the caller to a lease-bot user (401 without identity, 403 when unknown). */
export async function resolveCaller(req: Request, env: Env): Promise<Caller> {
  const email = await callerEmail(req, env);
  const row = await db(env.DB).select().from(users).where(eq(users.email, email)).get();
  if (!row) throw ApiError.forbidden(`${email} is not a lease-bot user; ask an admin to add you`);
  return { email: row.email, role: row.role };
}

export const identify: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", await resolveCaller(c.req.raw, c.env));
  await next();
};

/** Policy writes are for admins; agents may read. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("user").role !== "admin") throw ApiError.forbidden("Only admins may change this");
  await next();
};
