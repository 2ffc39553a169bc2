/**
 * The running Worker's side of the one configuration check (domain/config/config-check.ts), shared
 * by its three entry points so that all of them fail closed on the same problems: the API answers
 * 503 with the fix (api/config-gate.ts), the cron ticks no account (cron/scheduled.ts) and a
 * notification e-mail wakes nothing (email/handler.ts). Each distinct problem is logged once per
 * isolate as `config_problem`, whichever entry point met it first, not once per request, tick or
 * e-mail.
 */
import {
  blocking,
  type ConfigFacts,
  type ConfigProblem,
  checkConfig,
  describeProblems,
  environmentOf,
} from "../domain/config/config-check.ts";
import { logEvent } from "../domain/log.ts";

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
