import { describe, expect, it } from "vitest";
import { CANCELLED_BY_PERSON } from "../../domain/account/rpc.ts";
import { stepState } from "./followup-facts.ts";

describe("a planned step's fate, from its reply", () => {
  const s = (status: string | null, reason: string | null = null, cancelled_by: string | null = null) =>
    stepState({ status, reason, cancelled_by });
  it("delivered is sent; queued, a draft and a dead letter hold further steps", () => {
    expect(s("delivered")).toBe("sent");
    expect(s("queued")).toBe("open");
    expect(s("draft")).toBe("open");
    expect(s("dead")).toBe("open");
  });
  it("a person's cancel or rejection is final; a policy stop is planned again", () => {
    expect(s(null, null, "agent@x")).toBe("cancelled");
    expect(s("queued", null, "agent@x")).toBe("cancelled");
    expect(s("rejected")).toBe("cancelled");
    expect(s("cancelled", CANCELLED_BY_PERSON)).toBe("cancelled");
    expect(s("cancelled", "followup_lead_replied")).toBe("stopped");
    expect(s(null)).toBe("stopped");
  });
});
