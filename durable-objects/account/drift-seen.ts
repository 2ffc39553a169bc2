/**
 * A production run met drift (a selector the connector needs found nothing, or a page it parsed
 * into nonsense, connectors/core/plausibility.ts): the account's
 * verification state becomes drift (domain/account/verification.ts), its send mode draft_only —
 * no reply goes out by itself on pages the connector no longer understands — and the alert names
 * the evidence page (HTML, screenshot and step trail, in the account's object).
 */
import type { Failure } from "../../connectors/core/failures.ts";
import { dropToDraftOnly, markDrift } from "../../domain/account/verification.ts";
import { db } from "../../domain/db/client.ts";
import type { RunContext } from "./run-context.ts";

export async function driftSeen(ctx: RunContext, f: Failure): Promise<void> {
  const d = db(ctx.env.DB);
  const at = new Date().toISOString();
  const reason = `${f.step}: ${f.message}${f.selector ? ` (${f.selector})` : ""}`.slice(0, 300);
  const evidenceId = f.evidenceId ?? null;
  await markDrift(d, ctx.ref.accountId, { reason, evidenceId }, at);
  const dropped = await dropToDraftOnly(d, ctx.ref.accountId, `drift seen: ${reason}`, at);
  ctx.log("drift_seen", {
    step: f.step,
    selector: f.selector ?? null,
    evidenceId,
    droppedToDraftOnly: dropped,
  });
  // The failure's message is our own words (a plausibility finding: ids, counts and digests).
  await ctx.alert("selector_drift", f.selector ?? f.step, {
    evidenceId,
    what: `${f.step}: ${f.message}`.slice(0, 300),
  });
}
