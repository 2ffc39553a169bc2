/**
 * Kills our Durable Objects wherever they are, as an eviction or a deploy would; they come back
 * from their stored state on the next call or alarm. Only ours: cloudflare:test's
 * abortAllDurableObjects() also aborts the local Browser binding's own session objects, which
 * then forget their Chromium processes without closing them — a benchmark that restarts every
 * couple of minutes piled up hundreds of browsers on the machine that way.
 */
import { runInDurableObject } from "cloudflare:test";

export async function restartObjects<O extends Rpc.DurableObjectBranded>(
  stubs: DurableObjectStub<O>[],
): Promise<void> {
  await Promise.all(
    stubs.map((s) =>
      // abort() throws into this very call; what matters is that the object is gone.
      runInDurableObject(s, (_o, state) => state.abort("restarted by the test")).catch(() => undefined),
    ),
  );
}
