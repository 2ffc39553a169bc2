/**
 * Fails closed on configuration: in production, while domain/config/config-check.ts finds a
 * blocking problem (a missing or placeholder Access audience or team domain, no usable
 * SESSION_KEY, ...), every API route answers 503 with the exact fix instead of running a weaker
 * check. Each distinct problem is logged once per isolate, not once per request.
 */
import type { MiddlewareHandler } from "hono";
import {
  blocking,
  type ConfigFacts,
  checkConfig,
  describeProblems,
  environmentOf,
} from "../../domain/config/config-check.ts";
import { logEvent } from "../../domain/log.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

const logged = new Set<string>();

/** The facts the running Worker can see (vars and secrets; never logged as values). */
export function workerFacts(env: Env): ConfigFacts {
  const e = env as Env & Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    ENVIRONMENT: str(e.ENVIRONMENT),
    ACCESS_TEAM_DOMAIN: str(e.ACCESS_TEAM_DOMAIN),
    ACCESS_AUD: str(e.ACCESS_AUD),
    SESSION_KEY: str(e.SESSION_KEY),
    SITE_ORIGIN_ALLOWLIST: str(e.SITE_ORIGIN_ALLOWLIST),
  };
}

export const configGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (environmentOf(c.env.ENVIRONMENT) !== "production") return next();
  const problems = blocking(checkConfig(workerFacts(c.env), "worker"));
  if (problems.length === 0) return next();
  const lines = describeProblems(problems);
  for (const line of lines) {
    if (logged.has(line)) continue;
    logged.add(line);
    logEvent(c.env, "config_problem", { problem: line });
  }
  throw new ApiError(503, "misconfigured", `lease-bot is not configured: ${lines.join("; ")}`, undefined, {
    problems: problems.map(({ key, problem, fix }) => ({ key, problem, fix })),
  });
};
