/**
 * The API's one way to hand a reply to the account object. The object owns sending and re-reads
 * policy at send time, so the API never sends: approving or replying means enqueueing here.
 */
import type { EnqueueRequest, EnqueueResult } from "../../durable-objects/account-rpc.ts";
import { accountStub } from "../../durable-objects/address.ts";

export async function enqueueToAccount(
  env: Pick<Env, "PLATFORM_ACCOUNT">,
  req: EnqueueRequest,
): Promise<EnqueueResult> {
  return accountStub(env, req.ref).enqueue(req);
}
