/**
 * Structured JSON log events for `wrangler tail` and Workers Logs: one object per line, with the
 * Worker version so canary and stable can be told apart. Callers pass identifiers and classes,
 * never message bodies, cookies or secrets.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export function logEvent(
  env: Partial<Pick<Env, "CF_VERSION_METADATA">> | undefined,
  event: string,
  fields: LogFields = {},
) {
  console.log(
    JSON.stringify({
      event,
      ...fields,
      versionId: env?.CF_VERSION_METADATA?.id ?? null,
      at: new Date().toISOString(),
    }),
  );
}
