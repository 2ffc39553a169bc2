/**
 * The per-minute cron. It reads the active accounts and asks each one's object to tick(): the
 * floor under the objects' own polling alarms (a poll that is due or was never planned runs;
 * otherwise nothing does). Inactive accounts get nothing: no object call, no browser, no writes
 * beyond this one read.
 */
import { accountStub } from "../../domain/account/address.ts";
import { db } from "../../domain/db/client.ts";
import { errorFields } from "../../domain/error-fields.ts";
import { logEvent } from "../../domain/log.ts";
import { listActiveAccounts } from "../../domain/policy/policy-store.ts";

export async function runCron(env: Env, scheduledTime: number): Promise<{ ticked: number; failed: number }> {
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
