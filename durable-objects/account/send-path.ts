/**
 * The account's send path (docs/anti-bot.md): read at send time, learnt from the site. When a
 * bot defence refused a relayed submit and the same send then went through in-browser, the
 * account switches to in-browser for good (D1 and an audit row, like an admin's change; an admin
 * may switch it back). What each send did is counted per path and provider on the object; copies
 * of an in-browser submit the site stored more than once (Chromium's own re-send) are recorded
 * and alerted by copy-checks.ts, and counted again after delivery by recount.ts.
 */
import { eq } from "drizzle-orm";
import type { SendFacts } from "../../connectors/core/contract.ts";
import type { BrowserProvider, SendPath } from "../../domain/account/browser-settings.ts";
import { auditInsert } from "../../domain/audit/audit-log.ts";
import { db } from "../../domain/db/client.ts";
import { platformAccounts } from "../../domain/db/schema.ts";
import type { RunContext } from "./run-context.ts";

export interface SendSettings {
  sendPath: SendPath;
  browserProvider: BrowserProvider;
}

export async function readSendSettings(env: Env, accountId: string): Promise<SendSettings> {
  const row = await db(env.DB)
    .select({ sendPath: platformAccounts.sendPath, browserProvider: platformAccounts.browserProvider })
    .from(platformAccounts)
    .where(eq(platformAccounts.id, accountId))
    .get();
  return { sendPath: row?.sendPath ?? "relay", browserProvider: row?.browserProvider ?? "browser_run" };
}

/** Switches the account to `path` (D1 and its audit row in one batch). */
async function learnSendPath(ctx: RunContext, from: SendPath, to: SendPath, why: string): Promise<void> {
  const d = db(ctx.env.DB);
  const at = new Date().toISOString();
  const actor = "system:send-path";
  await d.batch([
    d
      .update(platformAccounts)
      .set({ sendPath: to, updatedAt: at, updatedBy: actor })
      .where(eq(platformAccounts.id, ctx.ref.accountId)),
    auditInsert(d, {
      actor,
      action: "send_path_learnt",
      entityType: "platform_account",
      entityId: ctx.ref.accountId,
      before: { sendPath: from },
      after: { sendPath: to, reason: why },
      at,
    }),
  ]);
  ctx.log("send_path_learnt", { from, to, reason: why });
}

/**
 * After a send: counts it by path and provider and learns the path the site accepts. Never
 * throws for its own bookkeeping: the send's outcome is already recorded by the caller.
 */
export async function afterSend(
  ctx: RunContext,
  settings: SendSettings,
  facts: SendFacts,
  status: "delivered" | "unknown" | "rejected",
): Promise<void> {
  if (facts.relayRefused) {
    ctx.bumpCounter("relay_refused");
    ctx.log("relay_refused", { path: facts.path ?? null, status });
  }
  if (facts.path) ctx.bumpCounter(`sent_${facts.path}_${settings.browserProvider}`);
  // The in-browser try after a refused relay reached the site: that is the path it accepts.
  if (
    facts.relayRefused &&
    facts.path === "browser" &&
    status === "delivered" &&
    settings.sendPath === "relay"
  ) {
    try {
      await learnSendPath(
        ctx,
        "relay",
        "browser",
        "a bot defence refused the relayed submit; in-browser was accepted",
      );
    } catch (err) {
      ctx.log("send_path_learn_failed", { error: String(err).slice(0, 120) });
    }
  }
}
