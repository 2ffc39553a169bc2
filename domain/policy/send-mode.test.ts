import { describe, expect, it } from "vitest";
import { resolveEffectiveSendMode } from "./send-mode.ts";

describe("resolveEffectiveSendMode", () => {
  it("uses the account override when set", () => {
    expect(resolveEffectiveSendMode("auto_send", "draft_only")).toBe("auto_send");
    expect(resolveEffectiveSendMode("draft_only", "auto_send")).toBe("draft_only");
  });
  it("inherits the global default when the override is null", () => {
    expect(resolveEffectiveSendMode(null, "auto_send")).toBe("auto_send");
    expect(resolveEffectiveSendMode(null, "draft_only")).toBe("draft_only");
    expect(resolveEffectiveSendMode(undefined, "draft_only")).toBe("draft_only");
  });
});
