/**
 * The running Worker's side of the one configuration check (config-check.ts), shared by
 * everything that acts on its own so that all of it fails closed on the same problems: the API
 * answers 503 with the fix (worker/api/config-gate.ts), the cron ticks no account
 * (worker/cron/scheduled.ts), a notification e-mail wakes nothing (worker/email/handler.ts) and an
 * account object's own alarm runs nothing (durable-objects/platform-account.ts). It lives in the
 * domain layer because the objects sit below the entry points. Each distinct problem is logged
 * once per isolate as `config_problem`, whichever of them met it first, not once per request,
 * tick, e-mail or alarm.
 */

import { logEvent } from "../log.ts";
import {
  blocking,
  type ConfigFacts,
  type ConfigProblem,
  checkConfig,
  describeProblems,
  environmentOf,
} from "./config-check.ts";

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

/**
 * The blocking problems of a production Worker's configuration ([] in development, where the API
 * authenticates with X-Dev-Identity and the check has nothing to stop), each logged the first time
 * this isolate sees it.
 */
export function blockingConfigProblems(env: Env): { problems: ConfigProblem[]; lines: string[] } {
  if (environmentOf(env.ENVIRONMENT) !== "production") return { problems: [], lines: [] };
  const problems = blocking(checkConfig(workerFacts(env), "worker"));
  const lines = describeProblems(problems);
  for (const line of lines) {
    if (logged.has(line)) continue;
    logged.add(line);
    logEvent(env, "config_problem", { problem: line });
  }
  return { problems, lines };
}
