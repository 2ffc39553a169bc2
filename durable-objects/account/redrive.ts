/**
 * An admin's redrive of a dead outbox item under its own dispatch key (platform-account.ts wakes
 * the account after it). A delivered key is refused, so a redrive can never send twice.
 */
import type { RedriveResult } from "../../domain/account/rpc.ts";
import { countMetric } from "./d1-effects.ts";
import { viewOf } from "./outbox-store.ts";
import type { AccountStorage } from "./storage.ts";

export async function redriveDead(
  env: Env,
  store: AccountStorage,
  dispatchKey: string,
  now: number,
): Promise<RedriveResult> {
  const item = store.outbox.get(dispatchKey);
  if (!item) return { ok: false, reason: "not_found" };
  const ref = store.ref();
  if (item.state === "delivered") {
    if (ref) await countMetric(env, ref, "compose", "duplicate_suppressed", dispatchKey);
    return { ok: false, reason: "already_delivered", item: viewOf(item) };
  }
  if (item.state !== "dead") return { ok: false, reason: "not_dead", item: viewOf(item) };
  // A send that may have happened (unconfirmed, or any submit the site did not refuse in
  // words) is read back before anything is resent; a refused one goes again. The person's
  // redrive is the permission an uncertain send lacked: absent after the appearance window,
  // it goes again (`not_taken`).
  const mayBeThere =
    item.lastClass === "unconfirmed" || (item.submittedAt !== null && item.lastClass !== "rejected");
  const next = mayBeThere ? "unknown" : "pending";
  const after = store.outbox.update(
    dispatchKey,
    {
      state: next,
      attempts: 0,
      nextAt: null,
      unknownSince: next === "unknown" ? now : null,
      ...(next === "pending" ? { submittedAt: null, submitAnswer: null } : { submitAnswer: "not_taken" }),
      readbackFailures: 0,
      lastError: null,
      leaseOwner: null,
    },
    now,
  );
  return { ok: true, item: viewOf(after) };
}
