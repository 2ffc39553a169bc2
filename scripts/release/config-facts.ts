/**
 * The facts release:check hands the one config check (domain/config/config-check.ts), read from
 * wrangler.toml and, when wrangler can answer, `wrangler secret list`. The repository's own
 * wrangler.toml is a template — every placeholder still in place — and CI checks it as such; a
 * deployment's copy with any value filled in is checked fully and fails on every blocking problem.
 */
import { type ConfigFacts, PLACEHOLDERS } from "../../domain/config/config-check.ts";
import { readAddresses, readString } from "../setup/toml-edit.ts";

export function configFacts(toml: string, secretNames: readonly string[] | null): ConfigFacts {
  return {
    ENVIRONMENT: readString(toml, "vars", "ENVIRONMENT"),
    ACCESS_TEAM_DOMAIN: readString(toml, "vars", "ACCESS_TEAM_DOMAIN"),
    ACCESS_AUD: readString(toml, "vars", "ACCESS_AUD"),
    // Unknown without wrangler (offline, not logged in): the Worker's own check still covers it.
    SESSION_KEY: secretNames === null ? true : secretNames.includes("SESSION_KEY"),
    d1DatabaseId: readString(toml, "d1_databases", "database_id"),
    emailAddresses: readAddresses(toml),
  };
}

/** Every deploy-time value is still the shipped placeholder: this is the repository's template. */
export function isTemplate(facts: ConfigFacts): boolean {
  return (
    facts.ACCESS_TEAM_DOMAIN === PLACEHOLDERS.ACCESS_TEAM_DOMAIN &&
    facts.ACCESS_AUD === PLACEHOLDERS.ACCESS_AUD &&
    facts.d1DatabaseId === PLACEHOLDERS.D1_DATABASE_ID
  );
}
