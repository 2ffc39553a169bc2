/**
 * Where an account's browser may go: its platform's real origin (connectors/registry.ts). An
 * account's `baseUrl` may point elsewhere only at a stand-in on this machine (the sandbox):
 *
 *   - development (`npm start`): any loopback origin (http://127.0.0.1:…, http://localhost:…);
 *   - production: only a loopback origin listed in SITE_ORIGIN_ALLOWLIST, a var that exists for
 *     the workerd tests (which run as production against the sandbox). Unset, it allows nothing;
 *     a non-loopback entry is never honoured and the config check refuses it.
 *
 * So no request can point an account — and the credentials its login types — at another host.
 */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export type SiteOrigin = { ok: true; origin: string } | { ok: false; reason: string };

function originOf(value: string): URL | null {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

export function isLoopbackOrigin(value: string): boolean {
  const u = originOf(value);
  return u !== null && LOOPBACK_HOSTS.has(u.hostname);
}

/** The allowlist's entries, split into honoured (loopback origins) and refused ones. */
export function parseOriginAllowlist(value: string | undefined): { origins: string[]; refused: string[] } {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const origins: string[] = [];
  const refused: string[] = [];
  for (const e of entries) {
    const u = originOf(e);
    if (u && LOOPBACK_HOSTS.has(u.hostname) && u.origin === e.replace(/\/$/, "")) origins.push(u.origin);
    else refused.push(e);
  }
  return { origins, refused };
}

/** The origin a run of this account uses, or why its baseUrl is refused. */
export function siteOriginFor(opts: {
  realOrigin: string;
  baseUrl: string | null;
  environment: string | undefined;
  allowlist: string | undefined;
}): SiteOrigin {
  const { realOrigin, baseUrl } = opts;
  if (baseUrl === null || baseUrl === "") return { ok: true, origin: realOrigin };
  const u = originOf(baseUrl);
  if (!u) return { ok: false, reason: "the site address is not an http(s) URL" };
  if (u.origin === realOrigin) return { ok: true, origin: realOrigin };
  if (!LOOPBACK_HOSTS.has(u.hostname))
    return {
      ok: false,
      reason: `the site address ${u.origin} is not the platform's own (${realOrigin}); only a sandbox on this machine may stand in for it`,
    };
  // Exactly "development": anything else is production (as in config-check.ts).
  if (opts.environment === "development") return { ok: true, origin: u.origin };
  if (parseOriginAllowlist(opts.allowlist).origins.includes(u.origin)) return { ok: true, origin: u.origin };
  return {
    ok: false,
    reason: `the site address ${u.origin} is a stand-in, allowed in production only when SITE_ORIGIN_ALLOWLIST lists it (tests)`,
  };
}
