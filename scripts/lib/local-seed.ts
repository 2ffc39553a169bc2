// The local system's seed: the two development users and one active account per sandbox site,
// whose credential references name the sandbox's demo login in `.dev.vars`, each with a
// notification address and push on (the sandbox e-mails the Worker when a lead writes). Re-running
// it keeps whatever an admin changed (policy, labels, push) and only re-points the accounts at the
// sandbox ports; an account from before push existed gets its address and push once.
import { DEV_ADMIN, DEV_AGENT, type LocalStack, PLATFORMS } from "./local-stack.ts";

/** What the seed named before credential secrets had to carry the LEASEBOT_ACCOUNT_ prefix. */
const LEGACY_REFS = JSON.stringify({
  username: "secret:SANDBOX_USERNAME",
  password: "secret:SANDBOX_PASSWORD",
});

const sq = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The notification address of a seeded account (the sandbox sends its site's e-mails there). */
export const localNotifyAddress = (p: string): string => `local-${p}@notify.lease-bot.example`;

export function localSeedSql(stack: LocalStack, now = new Date().toISOString()): string {
  const refs = JSON.stringify({
    username: "secret:LEASEBOT_ACCOUNT_SANDBOX_USERNAME",
    password: "secret:LEASEBOT_ACCOUNT_SANDBOX_PASSWORD",
  });
  const users = [
    [DEV_ADMIN, "admin"],
    [DEV_AGENT, "agent"],
  ].map(
    ([email, role]) =>
      `INSERT OR IGNORE INTO users (email, role, created_at) VALUES (${sq(email!)}, ${sq(role!)}, ${sq(now)});`,
  );
  const accounts = PLATFORMS.map(
    (p) =>
      `INSERT INTO platform_accounts (id, platform, label, is_active, send_mode, credential_refs, base_url, notify_address, push_enabled, created_at, updated_at, updated_by)
       VALUES (${sq(`local-${p}`)}, ${sq(p)}, 'demo', 1, NULL, ${sq(refs)}, ${sq(stack.siteUrl(p))}, ${sq(localNotifyAddress(p))}, 1, ${sq(now)}, ${sq(now)}, 'system:seed')
       ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url,
         credential_refs = CASE WHEN platform_accounts.credential_refs = ${sq(LEGACY_REFS)} THEN excluded.credential_refs ELSE platform_accounts.credential_refs END,
         push_enabled = CASE WHEN platform_accounts.notify_address IS NULL THEN 1 ELSE platform_accounts.push_enabled END,
         notify_address = coalesce(platform_accounts.notify_address, excluded.notify_address);`,
  );
  return [...users, ...accounts].join("\n");
}
