import { describe, expect, it } from "vitest";
import { dispatchKey } from "./dispatch-key.ts";

describe("dispatchKey", () => {
  it("is deterministic and independent of the reply text", async () => {
    const a = await dispatchKey("acc", "t1", { inboundMessageId: "m1" }, 1);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await dispatchKey("acc", "t1", { inboundMessageId: "m1" }, 1)).toBe(a);
  });
  it("changes with the account, thread, the message answered and the version", async () => {
    const base = await dispatchKey("acc", "t1", { inboundMessageId: "m1" }, 1);
    const variants = await Promise.all([
      dispatchKey("acc2", "t1", { inboundMessageId: "m1" }, 1),
      dispatchKey("acc", "t2", { inboundMessageId: "m1" }, 1),
      dispatchKey("acc", "t1", { inboundMessageId: "m2" }, 1),
      dispatchKey("acc", "t1", { inboundMessageId: "m1" }, 2),
      dispatchKey("acc", "t1", { manualReplyId: "m1" }, 1),
      dispatchKey("acc", "t1", { followupOf: "m1", step: 1 }, 1),
      dispatchKey("acc", "t1", { followupOf: "m1", step: 2 }, 1),
    ]);
    expect(new Set([base, ...variants]).size).toBe(8);
  });
});
