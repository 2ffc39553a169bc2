// The local system's seed: the two development users and one active account per sandbox site,
// whose credential references name the sandbox's demo login in `.dev.vars`. Re-running it keeps
// whatever an admin changed (policy, labels) and only re-points the accounts at the sandbox ports.
import { DEV_ADMIN, DEV_AGENT, type LocalStack, PLATFORMS } from "./local-stack.ts";

const sq = (s: string) => `'${s.replaceAll("'", "''")}'`;

export function localSeedSql(stack: LocalStack, now = new Date().toISOString()): string {
  const refs = JSON.stringify({ username: "secret:SANDBOX_USERNAME", password: "secret:SANDBOX_PASSWORD" });
  const users = [
    [DEV_ADMIN, "admin"],
    [DEV_AGENT, "agent"],
  ].map(
    ([email, role]) =>
      `INSERT OR IGNORE INTO users (email, role, created_at) VALUES (${sq(email!)}, ${sq(role!)}, ${sq(now)});`,
  );
  const accounts = PLATFORMS.map(
    (p) =>
      `INSERT INTO platform_accounts (id, platform, label, is_active, send_mode, credential_refs, base_url, created_at, updated_at, updated_by)
       VALUES (${sq(`local-${p}`)}, ${sq(p)}, 'demo', 1, NULL, ${sq(refs)}, ${sq(stack.siteUrl(p))}, ${sq(now)}, ${sq(now)}, 'system:seed')
       ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url;`,
  );
  return [...users, ...accounts].join("\n");
}
