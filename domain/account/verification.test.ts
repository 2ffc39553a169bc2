// The auto_send rule: only a verified account whose connector version (selectors and parse/read
// code, connectors/verify/report.ts) is still the one it was verified under may send by itself.
import { describe, expect, it } from "vitest";
import { autoSendBlock, UNVERIFIED, type Verification } from "./verification.ts";

const verified = (connectorVersion: string): Verification => ({
  ...UNVERIFIED,
  state: "verified",
  verifiedAt: "2026-12-01T00:00:00Z",
  verifiedBy: "ops@example.com",
  reportHash: "a".repeat(64),
  connectorVersion,
});

describe("autoSendBlock", () => {
  it("unverified and drift are blocked with what to do", () => {
    expect(autoSendBlock(UNVERIFIED, "v1")?.reason).toMatch(/not been verified/);
    expect(
      autoSendBlock({ ...verified("v1"), state: "drift", driftReason: "thread: x" }, "v1")?.reason,
    ).toMatch(/changed \(thread: x\)/);
  });

  it("verified under an older connector version: the connector changed, re-verify", () => {
    const block = autoSendBlock(verified("0badc0de-111111111111"), "0badc0de-222222222222");
    expect(block?.reason).toMatch(/^The connector changed since this account was verified/);
    expect(block?.reason).toContain("verified under 0badc0de-111111111111, now 0badc0de-222222222222");
    expect(block?.action).toMatch(/^Re-verify/);
    expect(autoSendBlock(verified("0badc0de-222222222222"), "0badc0de-222222222222")).toBeNull();
  });
});
