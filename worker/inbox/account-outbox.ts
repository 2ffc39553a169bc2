/**
 * The API's one way to hand a reply to the account object, or to ask it to stop one. The object
 * owns sending and re-reads policy at send time, so the API never sends: approving or replying
 * means enqueueing here, and only the object can tell whether a cancel is still in time.
 */

import { accountStub } from "../../domain/account/address.ts";
import type { CancelRequest, CancelResult, EnqueueRequest, EnqueueResult } from "../../domain/account/rpc.ts";

export async function enqueueToAccount(
  env: Pick<Env, "PLATFORM_ACCOUNT">,
  req: EnqueueRequest,
): Promise<EnqueueResult> {
  return accountStub(env, req.ref).enqueue(req);
}

export async function cancelInAccount(
  env: Pick<Env, "PLATFORM_ACCOUNT">,
  req: CancelRequest,
): Promise<CancelResult> {
  return accountStub(env, req.reply.ref).cancel(req);
}
