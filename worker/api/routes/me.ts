/**
 * Who the panel is talking for. Answers before the identity middleware so the panel can tell
 * "not signed in" from "signed in": in development it then offers the development identities
 * (sent back as X-Dev-Identity); in production there is nothing to pick, Access decides.
 */
import { asc } from "drizzle-orm";
import { Hono } from "hono";
import { db } from "../../../domain/db/client.ts";
import type { Role } from "../../../domain/db/schema.ts";
import { users } from "../../../domain/db/schema.ts";
import { resolveCaller } from "../../auth/identity.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";

export interface MeDto {
  email: string | null;
  role: Role | null;
  /** Whether this deployment honours X-Dev-Identity (ENVIRONMENT=development only). */
  devIdentities: boolean;
  /** The users a development sign-in may pick from; absent outside development. */
  devUsers?: { email: string; role: Role }[];
  /** Why there is no identity (the API's own message), when there is none. */
  problem: string | null;
}

export const meRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const devIdentities = c.env.ENVIRONMENT === "development";
  const [devUsers, caller] = await Promise.all([
    devIdentities
      ? db(c.env.DB)
          .select({ email: users.email, role: users.role })
          .from(users)
          .orderBy(asc(users.role), asc(users.email))
          .all()
      : undefined,
    resolveCaller(c.req.raw, c.env).catch((err: unknown) => {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return err;
      throw err;
    }),
  ]);
  const base = { devIdentities, ...(devUsers ? { devUsers } : {}) };
  if (caller instanceof ApiError)
    return c.json<MeDto>({ ...base, email: null, role: null, problem: caller.message });
  return c.json<MeDto>({ ...base, email: caller.email, role: caller.role, problem: null });
});
