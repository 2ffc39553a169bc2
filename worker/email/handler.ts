/**
 * The Worker's email() handler: a site's notification e-mail, routed to an account's notification
 * address by Cloudflare Email Routing, wakes that account's object at once. The e-mail is a hint
 * only — the run reads the inbox on the site as it always does — so nothing in it is stored.
 * Mail for an unknown address, from a sender that is not the account's site, without our
 * receiving server's pass, or that does not parse, wakes nothing; every verdict is counted
 * (notification_counts in D1, Analytics Engine, the `notification_email` log line).
 *
 * Nothing is rejected back to the sender: a bounce could make a site stop e-mailing the account.
 *
 * Fails closed on configuration, like the API and the cron: while the one configuration check
 * finds a blocking problem (domain/config/blocking-problems.ts, logged once per isolate as `config_problem`),
 * the e-mail is dropped unread, with a `notification_email_dropped` line, and wakes nothing. It is
 * dropped rather than rejected for the reason above, and dropping loses nothing: the e-mail carries
 * no lead's words we keep, only the hint to look now, and the site's inbox still holds the message;
 * once the configuration is fixed the cron and the account's own safety-net poll read that inbox
 * as they always do.
 */

import { sql } from "drizzle-orm";
import { accountStub } from "../../domain/account/address.ts";
import { blockingConfigProblems } from "../../domain/config/blocking-problems.ts";
import { db } from "../../domain/db/client.ts";
import { type NotificationVerdict, notificationCounts, type Platform } from "../../domain/db/schema.ts";
import { logEvent } from "../../domain/log.ts";
import { accountByNotifyAddress } from "../../domain/policy/policy-store.ts";
import { versionIdOf } from "../../domain/version.ts";
import { judgeSender } from "./notification.ts";
import { MAX_NOTIFICATION_BYTES, parseNotification } from "./parse.ts";
import { senderDomains } from "./senders.ts";

/** What the handler needs of Email Routing's message (ForwardableEmailMessage). */
export interface InboundMail {
  readonly to: string;
  readonly raw: ReadableStream<Uint8Array>;
  readonly rawSize: number;
}

export interface NotificationOutcome {
  verdict: NotificationVerdict;
  accountId: string | null;
  platform: Platform | null;
}

const hourBucket = (at = new Date()) => at.toISOString().slice(0, 13);

/**
 * Mail to an address no account has costs no D1 write of its own: anyone can send it, as much as
 * they like. Such mail is counted in this isolate and written as one upsert per bucket at most
 * every UNKNOWN_FLUSH_MS (the first one schedules the write in waitUntil). An isolate that is
 * evicted inside that window loses its last few counts; the log line and Analytics Engine still
 * have each one.
 */
export const UNKNOWN_FLUSH_MS = 2000;
const unknownCounts = new Map<string, number>();
let unknownFlush: Promise<void> | null = null;

async function addCount(env: Env, bucket: string, platform: string, verdict: NotificationVerdict, n: number) {
  const t = notificationCounts;
  await db(env.DB)
    .insert(t)
    .values({ bucket, platform, verdict, count: n })
    .onConflictDoUpdate({
      target: [t.bucket, t.platform, t.verdict],
      set: { count: sql`${t.count} + ${n}` },
    });
}

function countUnknownLater(env: Env, ctx: Pick<ExecutionContext, "waitUntil"> | undefined): Promise<void> {
  const bucket = hourBucket();
  unknownCounts.set(bucket, (unknownCounts.get(bucket) ?? 0) + 1);
  if (unknownFlush) return Promise.resolve();
  unknownFlush = (async () => {
    await new Promise((r) => setTimeout(r, UNKNOWN_FLUSH_MS));
    const batch = [...unknownCounts];
    unknownCounts.clear();
    unknownFlush = null;
    for (const [b, n] of batch) await addCount(env, b, "", "unknown_recipient", n).catch(() => undefined);
  })();
  if (ctx) {
    ctx.waitUntil(unknownFlush);
    return Promise.resolve();
  }
  return unknownFlush;
}

async function record(
  env: Env,
  outcome: NotificationOutcome,
  extra: { senderDomain?: string | null; reason?: string; bytes: number },
  ctx?: Pick<ExecutionContext, "waitUntil">,
): Promise<NotificationOutcome> {
  const platform = outcome.platform ?? "";
  try {
    if (outcome.verdict === "unknown_recipient") await countUnknownLater(env, ctx);
    else await addCount(env, hourBucket(), platform, outcome.verdict, 1);
  } catch {
    // Counting must not stop a wake; the log line below still records it.
  }
  try {
    env.METRICS?.writeDataPoint({
      blobs: [platform, "notification", outcome.verdict, versionIdOf(env), ""],
      doubles: [1],
      indexes: [outcome.accountId ?? ""],
    });
  } catch {
    // Analytics Engine is best effort.
  }
  logEvent(env, "notification_email", {
    verdict: outcome.verdict,
    platform: outcome.platform,
    accountId: outcome.accountId,
    senderDomain: extra.senderDomain ?? null,
    reason: extra.reason,
    bytes: extra.bytes,
  });
  return outcome;
}

/** The verdict, or null when the e-mail was dropped unread for a blocking configuration problem. */
export async function handleNotificationEmail(
  mail: InboundMail,
  env: Env,
  ctx?: Pick<ExecutionContext, "waitUntil">,
): Promise<NotificationOutcome | null> {
  const bytes = mail.rawSize;
  if (blockingConfigProblems(env).problems.length > 0) {
    await mail.raw.cancel();
    logEvent(env, "notification_email_dropped", { reason: "misconfigured", bytes });
    return null;
  }
  const none = { accountId: null, platform: null };
  if (bytes > MAX_NOTIFICATION_BYTES) {
    await mail.raw.cancel();
    return record(env, { verdict: "malformed", ...none }, { reason: "too_large", bytes });
  }
  const parsed = await parseNotification(await new Response(mail.raw).arrayBuffer());
  if (!parsed.ok) return record(env, { verdict: "malformed", ...none }, { reason: parsed.reason, bytes });

  const account = await accountByNotifyAddress(db(env.DB), mail.to);
  if (!account) return record(env, { verdict: "unknown_recipient", ...none }, { bytes }, ctx);
  const who = { accountId: account.id, platform: account.platform };

  const sender = judgeSender(parsed.mail, senderDomains(account.platform, env.NOTIFY_SENDERS || undefined));
  if (!sender.ok)
    return record(env, { verdict: sender.verdict, ...who }, { senderDomain: sender.fromDomain, bytes });
  if (!account.isActive || !account.pushEnabled)
    return record(env, { verdict: "push_off", ...who }, { senderDomain: sender.fromDomain, bytes });

  const ref = { accountId: account.id, platform: account.platform };
  await accountStub(env, ref).wake(ref, { pushEnabled: true, timeZone: account.timeZone });
  return record(env, { verdict: "woke", ...who }, { senderDomain: sender.fromDomain, bytes });
}
