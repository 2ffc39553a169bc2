/**
 * The per-minute cron. It reads the active accounts and asks each one's object to tick(): the
 * floor under the objects' own polling alarms (a poll that is due or was never planned runs;
 * otherwise nothing does). Inactive accounts get nothing: no object call, no browser, no writes
 * beyond this one read.
 *
 * Fails closed on configuration, like the API: while the one configuration check finds a blocking
 * problem (domain/config/blocking-problems.ts) the cron reads nothing and ticks no account. Every tick may log
 * in to a site, read its inbox and send replies, which needs the session key (the saved site
 * login is sealed with it, connectors/browser/cookie-vault.ts) and the site-origin allowlist (where the browser may go); and
 * with Access misconfigured the panel is shut, so no person could watch or stop what the bot sends.
 * The problems are logged once per isolate (`config_problem`, the API's event), not every minute.
 */
import { accountStub } from "../../domain/account/address.ts";
import { blockingConfigProblems } from "../../domain/config/blocking-problems.ts";
import { db } from "../../domain/db/client.ts";
import { errorFields } from "../../domain/error-fields.ts";
import { logEvent } from "../../domain/log.ts";
import { listActiveAccounts } from "../../domain/policy/policy-store.ts";

export interface CronOutcome {
  ticked: number;
  failed: number;
  /** Set when the run did nothing because the configuration has a blocking problem. */
  misconfigured?: true;
}

export async function runCron(env: Env, scheduledTime: number): Promise<CronOutcome> {
  if (blockingConfigProblems(env).problems.length > 0) return { ticked: 0, failed: 0, misconfigured: true };
  const at = new Date(scheduledTime).toISOString();
  const accounts = await listActiveAccounts(db(env.DB));
  const results = await Promise.allSettled(
    accounts.map((a) =>
      accountStub(env, { accountId: a.id, platform: a.platform }).tick(
        { accountId: a.id, platform: a.platform },
        at,
        { pushEnabled: a.pushEnabled, timeZone: a.timeZone },
      ),
    ),
  );
  let failed = 0;
  results.forEach((r, i) => {
    if (r.status === "rejected") {
      failed++;
      logEvent(env, "cron_tick_failed", {
        accountId: accounts[i]?.id,
        platform: accounts[i]?.platform,
        ...errorFields(r.reason),
      });
    }
  });
  logEvent(env, "cron_tick", { accounts: accounts.length, failed });
  return { ticked: accounts.length - failed, failed };
}
