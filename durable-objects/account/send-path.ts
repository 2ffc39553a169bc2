/**
 * The account's send path (docs/anti-bot.md): read at send time, learnt from the site. A relayed
 * submit a bot defence refused is sent in-browser at once, but one refusal does not move the
 * account: the refusals are kept as evidence (D1, shown on the Platforms screen) and the account
 * switches to in-browser after enough of them with no relay success between
 * (domain/account/send-path-learning.ts) — never when an admin set the path. What each send did
 * is counted per path and provider on the object; copies of an in-browser submit the site stored
 * more than once (Chromium's own re-send) are recorded and alerted by copy-checks.ts, and counted
 * again after delivery by recount.ts.
 */
import { and, eq, ne } from "drizzle-orm";
import type { SendFacts } from "../../connectors/core/contract.ts";
import type { BrowserProvider, SendPath } from "../../domain/account/browser-settings.ts";
import {
  LEARN_AFTER,
  onRelayEvent,
  type RefusalEvidence,
  type RelayEvent,
  type SendPathSource,
} from "../../domain/account/send-path-learning.ts";
import { auditInsert } from "../../domain/audit/audit-log.ts";
import { db } from "../../domain/db/client.ts";
import { platformAccounts } from "../../domain/db/schema.ts";
import type { RunContext } from "./run-context.ts";

export interface SendSettings {
  sendPath: SendPath;
  browserProvider: BrowserProvider;
  sendPathSource: SendPathSource;
  evidence: RefusalEvidence;
}

export async function readSendSettings(env: Env, accountId: string): Promise<SendSettings> {
  const row = await db(env.DB)
    .select({
      sendPath: platformAccounts.sendPath,
      browserProvider: platformAccounts.browserProvider,
      sendPathSource: platformAccounts.sendPathSource,
      times: platformAccounts.relayRefusalTimes,
      by: platformAccounts.relayRefusedBy,
    })
    .from(platformAccounts)
    .where(eq(platformAccounts.id, accountId))
    .get();
  return {
    sendPath: row?.sendPath ?? "relay",
    browserProvider: row?.browserProvider ?? "browser_run",
    sendPathSource: row?.sendPathSource ?? "default",
    evidence: { times: row?.times ?? [], by: row?.by ?? null },
  };
}

/**
 * Stores the relay's evidence after one of its outcomes and, when it is enough, switches the
 * account to in-browser (D1 and its audit row in one batch; an admin's path is never touched,
 * even one set while this send ran).
 */
async function learnFrom(ctx: RunContext, settings: SendSettings, event: RelayEvent): Promise<number> {
  const decision = onRelayEvent(settings.evidence, event, {
    path: settings.sendPath,
    source: settings.sendPathSource,
  });
  if (!decision.changed) return decision.recent;
  const d = db(ctx.env.DB);
  const evidence = {
    relayRefusalTimes: decision.evidence.times.length ? decision.evidence.times : null,
    relayRefusedBy: decision.evidence.by,
  };
  const notAdmins = and(
    eq(platformAccounts.id, ctx.ref.accountId),
    ne(platformAccounts.sendPathSource, "admin"),
  );
  if (!decision.learn) {
    await d.update(platformAccounts).set(evidence).where(eq(platformAccounts.id, ctx.ref.accountId));
    return decision.recent;
  }
  const at = new Date().toISOString();
  const actor = "system:send-path";
  const reason = `a bot defence refused the relayed submit ${decision.recent} times with no relay success between (last: ${decision.evidence.by}); in-browser was accepted`;
  await d.batch([
    d.update(platformAccounts).set(evidence).where(eq(platformAccounts.id, ctx.ref.accountId)),
    d
      .update(platformAccounts)
      .set({ sendPath: "browser", sendPathSource: "learnt", updatedAt: at, updatedBy: actor })
      .where(notAdmins),
    auditInsert(d, {
      actor,
      action: "send_path_learnt",
      entityType: "platform_account",
      entityId: ctx.ref.accountId,
      before: { sendPath: "relay" },
      after: {
        sendPath: "browser",
        reason,
        refusals: decision.evidence.times.map((t) => new Date(t).toISOString()),
      },
      at,
    }),
  ]);
  ctx.log("send_path_learnt", { from: "relay", to: "browser", reason, refusals: decision.recent });
  return decision.recent;
}

/**
 * After a send: counts it by path and provider, keeps the relay's evidence and learns the path
 * the site accepts. Never throws for its own bookkeeping: the send's outcome is already recorded
 * by the caller.
 */
export async function afterSend(
  ctx: RunContext,
  settings: SendSettings,
  facts: SendFacts,
  status: "delivered" | "unknown" | "rejected",
): Promise<void> {
  if (facts.path) ctx.bumpCounter(`sent_${facts.path}_${settings.browserProvider}`);
  const now = Date.now();
  const event: RelayEvent | null = facts.relayRefused
    ? {
        kind: "refused",
        at: now,
        by: facts.refusedBy ?? "unknown",
        browserDelivered: facts.path === "browser" && status === "delivered",
      }
    : facts.path === "relay" && status === "delivered"
      ? { kind: "delivered", at: now }
      : null;
  let recent: number | null = null;
  if (event) {
    try {
      recent = await learnFrom(ctx, settings, event);
    } catch (err) {
      ctx.log("send_path_learn_failed", { error: String(err).slice(0, 120) });
    }
  }
  if (facts.relayRefused) {
    ctx.bumpCounter("relay_refused");
    ctx.log("relay_refused", {
      path: facts.path ?? null,
      status,
      by: facts.refusedBy ?? null,
      refusals: recent,
      learnAfter: LEARN_AFTER,
      pathSource: settings.sendPathSource,
    });
  }
}
