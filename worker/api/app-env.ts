import type { Role } from "../../domain/db/schema.ts";

export interface Caller {
  email: string;
  role: Role;
}

/** Hono's environment for every route: the Worker bindings and the resolved caller. */
export interface AppEnv {
  Bindings: Env;
  Variables: { user: Caller };
}
