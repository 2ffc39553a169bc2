/**
 * Fails closed on configuration: in production, while domain/config/config-check.ts finds a
 * blocking problem (a missing or placeholder Access audience or team domain, no usable
 * SESSION_KEY, ...), every API route answers 503 with the exact fix instead of running a weaker
 * check. Each distinct problem is logged once per isolate, not once per request
 * (domain/config/blocking-problems.ts, which the cron and the e-mail handler share).
 */
import type { MiddlewareHandler } from "hono";
import { blockingConfigProblems } from "../../domain/config/blocking-problems.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";

export const configGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { problems, lines } = blockingConfigProblems(c.env);
  if (problems.length === 0) return next();
  throw new ApiError(503, "misconfigured", `lease-bot is not configured: ${lines.join("; ")}`, undefined, {
    problems: problems.map(({ key, problem, fix }) => ({ key, problem, fix })),
  });
};
