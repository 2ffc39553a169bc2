/**
 * The API's one way to hand a reply to the account object. The object owns sending and re-reads
 * policy at send time, so the API never sends: approving or replying means enqueueing here.
 */
import type { EnqueueRequest, EnqueueResult } from "../../durable-objects/account-rpc.ts";
import { accountStub } from "../../durable-objects/address.ts";

/** The slice of the object's RPC surface this module uses (see account-rpc.ts). */
interface AccountOutbox {
  enqueue(req: EnqueueRequest): Promise<EnqueueResult>;
}

export async function enqueueToAccount(
  env: Pick<Env, "PLATFORM_ACCOUNT">,
  req: EnqueueRequest,
): Promise<EnqueueResult> {
  // Typed through the shared contract rather than the class, so this compiles whichever way the
  // object's class declares its RPC methods.
  const stub = accountStub(env, req.ref) as unknown as AccountOutbox;
  return stub.enqueue(req);
}
