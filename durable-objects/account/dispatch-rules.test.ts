import { describe, expect, it } from "vitest";
import { afterSendFailure, RETRY_DEFAULTS } from "./retry-policy.ts";
import { type PolicySnapshot, sendVerdict } from "./send-policy.ts";

const ok: PolicySnapshot = {
  accountExists: true,
  accountActive: true,
  effectiveSendMode: "auto_send",
  leadOptedOut: false,
  conversationPaused: false,
};

describe("sendVerdict", () => {
  it("sends when everything allows it", () => {
    for (const o of ["auto", "approved", "manual"] as const)
      expect(sendVerdict(o, ok)).toEqual({ verdict: "send" });
  });
  it("an automatic reply needs auto_send; a person's approval or reply does not", () => {
    const drafts = { ...ok, effectiveSendMode: "draft_only" as const };
    expect(sendVerdict("auto", drafts)).toEqual({ verdict: "to_draft", reason: "draft_only_mode" });
    expect(sendVerdict("approved", drafts)).toEqual({ verdict: "send" });
    expect(sendVerdict("manual", drafts)).toEqual({ verdict: "send" });
  });
  it("an inactive account sends nothing; replies go back to drafts", () => {
    for (const o of ["auto", "approved", "manual"] as const) {
      expect(sendVerdict(o, { ...ok, accountActive: false })).toEqual({
        verdict: "to_draft",
        reason: "account_inactive",
      });
    }
  });
  it("nobody writes to an opted-out lead", () => {
    for (const o of ["auto", "approved", "manual"] as const) {
      expect(sendVerdict(o, { ...ok, leadOptedOut: true })).toEqual({
        verdict: "cancel",
        reason: "lead_opted_out",
      });
    }
  });
  it("a paused conversation stops the bot but not the person", () => {
    expect(sendVerdict("auto", { ...ok, conversationPaused: true })).toEqual({
      verdict: "cancel",
      reason: "conversation_paused",
    });
    expect(sendVerdict("manual", { ...ok, conversationPaused: true })).toEqual({ verdict: "send" });
  });
  it("a deleted account cancels", () => {
    expect(sendVerdict("auto", { ...ok, accountExists: false })).toEqual({
      verdict: "cancel",
      reason: "account_missing",
    });
  });
});

describe("afterSendFailure", () => {
  const cfg = { ...RETRY_DEFAULTS, baseMs: 1000, capMs: 10_000, maxAttempts: 3 };
  it("retries transient failures with backoff until the attempts run out", () => {
    expect(afterSendFailure("transient", 1, 0, cfg, 1)).toEqual({ next: "retry_wait", at: 1000 });
    expect(afterSendFailure("transient", 2, 0, cfg, 1)).toEqual({ next: "retry_wait", at: 2000 });
    expect(afterSendFailure("transient", 3, 0, cfg, 1)).toEqual({
      next: "dead",
      reason: "attempts_exhausted",
    });
  });
  it("waits without burning the attempt on account-level trouble", () => {
    for (const c of ["captcha", "bot_challenge", "access_blocked", "session_expired"] as const) {
      expect(afterSendFailure(c, 1, 0, cfg, 0.5)).toEqual({ next: "wait_account", refund: true });
    }
  });
  it("does not retry selector drift or a rejection", () => {
    expect(afterSendFailure("selector_drift", 1, 0, cfg, 0.5)).toEqual({
      next: "dead",
      reason: "selector_drift",
    });
    expect(afterSendFailure("rejected", 1, 0, cfg, 0.5)).toEqual({ next: "dead", reason: "rejected" });
  });
});
