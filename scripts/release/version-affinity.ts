/**
 * Version affinity for the panel during a split (docs/release.md, "No version skew"). During a
 * canary, each request picks a Worker version by the split's percentages, so the panel's HTML
 * from one version can ask the other for a hashed asset it does not have (a 404). Cloudflare's
 * answer is the `Cloudflare-Workers-Version-Key` request header: requests with the same key are
 * served by the same version for the whole deployment. This module builds the zone's Transform
 * Rule that sets it from the Cloudflare Access session cookie (`CF_Authorization`, set on the
 * panel's hostname once a person signs in), so one person's page loads, assets and API calls stay
 * on one version; requests without the cookie (the Access login itself) are left to the split.
 *
 * The rule lives in the zone's `http_request_late_transform` phase entrypoint; `mergeRule` keeps
 * every other rule there and replaces only ours (matched by `ref`), so applying it twice changes
 * nothing. A workers.dev hostname has no zone and so no Transform Rules: run the panel on a
 * custom domain or route to get affinity. Pure; scripts/version-affinity.ts does the API calls.
 */

export const AFFINITY_REF = "lease_bot_version_affinity";
export const ACCESS_COOKIE = "CF_Authorization";
export const VERSION_KEY_HEADER = "Cloudflare-Workers-Version-Key";

export interface TransformRule {
  ref?: string;
  id?: string;
  description?: string;
  expression: string;
  action: string;
  action_parameters?: unknown;
  enabled?: boolean;
}

/** The rule for one hostname: set the version key from the Access cookie when it is present. */
export function affinityRule(hostname: string): TransformRule {
  if (!/^[a-z0-9.-]+$/i.test(hostname) || hostname.endsWith(".workers.dev"))
    throw new Error(
      `${hostname}: version affinity needs a hostname on a Cloudflare zone (a custom domain or route), not workers.dev`,
    );
  return {
    ref: AFFINITY_REF,
    description: `lease-bot: keep one person on one Worker version during a split (${VERSION_KEY_HEADER} from the Access cookie)`,
    expression: `(http.host eq "${hostname}" and http.cookie contains "${ACCESS_COOKIE}=")`,
    action: "rewrite",
    action_parameters: {
      headers: {
        [VERSION_KEY_HEADER]: { operation: "set", expression: `http.request.cookies["${ACCESS_COOKIE}"][0]` },
      },
    },
    enabled: true,
  };
}

/** The phase's rules with ours added or replaced; null when it is already exactly there. */
export function mergeRule(existing: readonly TransformRule[], rule: TransformRule): TransformRule[] | null {
  const i = existing.findIndex((r) => r.ref === rule.ref);
  if (i >= 0) {
    const { id: _id, ...current } = existing[i]!;
    if (JSON.stringify(sortKeys(current)) === JSON.stringify(sortKeys(rule))) return null;
    return existing.map((r, j) => (j === i ? { ...rule, ...(r.id ? { id: r.id } : {}) } : r));
  }
  return [...existing, rule];
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => !["last_updated", "version"].includes(k))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  return v;
}
