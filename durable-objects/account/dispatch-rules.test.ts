import { describe, expect, it } from "vitest";
import { afterReadback, MIN_READBACKS, type ReadbackFacts } from "./readback-policy.ts";
import { afterSendFailure, RETRY_DEFAULTS } from "./retry-policy.ts";
import { type PolicySnapshot, sendVerdict } from "./send-policy.ts";

const ok: PolicySnapshot = {
  accountExists: true,
  accountActive: true,
  effectiveSendMode: "auto_send",
  leadOptedOut: false,
  conversationPaused: false,
  queuedForMs: 60_000,
  autoReplyMaxAgeMs: 72 * 3_600_000,
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
  it("an automatic reply that waited longer than the automatic-reply window goes to a person", () => {
    const old = { ...ok, queuedForMs: 73 * 3_600_000 };
    expect(sendVerdict("auto", old)).toEqual({ verdict: "to_draft", reason: "stale_queued" });
    expect(sendVerdict("approved", old)).toEqual({ verdict: "send" });
    expect(sendVerdict("manual", old)).toEqual({ verdict: "send" });
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
  it("a site that is down or rate-limits everyone costs the reply no attempt", () => {
    expect(afterSendFailure("transient", 5, 0, cfg, 0.5, true)).toEqual({
      next: "wait_account",
      refund: true,
    });
    expect(afterSendFailure("transient", 2, 0, cfg, 0.5, false)).toMatchObject({ next: "retry_wait" });
  });
  it("does not retry selector drift or a rejection", () => {
    expect(afterSendFailure("selector_drift", 1, 0, cfg, 0.5)).toEqual({
      next: "dead",
      reason: "selector_drift",
    });
    expect(afterSendFailure("rejected", 1, 0, cfg, 0.5)).toEqual({ next: "dead", reason: "rejected" });
  });
});

describe("afterReadback", () => {
  const cfg = { appearanceWindowMs: 60_000, settleWindowMs: 600_000, recheckMs: 15_000, maxAttempts: 3 };
  const facts = (f: Partial<ReadbackFacts>): ReadbackFacts => ({
    answer: "uncertain",
    elapsedMs: 0,
    readbackFailures: 0,
    attempts: 1,
    ...f,
  });
  it("a new message with our body settles it, whatever the site had answered", () => {
    for (const answer of ["not_taken", "uncertain", null] as const)
      expect(afterReadback(facts({ answer }), "found", cfg)).toEqual({ next: "delivered" });
  });
  it("a send the site refused goes again only after the appearance window, and not forever", () => {
    const refused = facts({ answer: "not_taken" });
    expect(afterReadback({ ...refused, elapsedMs: 30_000 }, "absent", cfg)).toMatchObject({
      next: "recheck",
    });
    expect(afterReadback({ ...refused, elapsedMs: 60_000 }, "absent", cfg)).toEqual({ next: "retry" });
    expect(afterReadback({ ...refused, elapsedMs: 60_000, attempts: 3 }, "absent", cfg)).toMatchObject({
      next: "dead",
      failureClass: "transient",
    });
  });
  it("a send the site may have taken is never sent again: looked for until the settle window, then a person", () => {
    for (const answer of ["uncertain", null] as const) {
      const f = facts({ answer });
      // Far past the appearance window (a site showing it three times later than expected).
      expect(afterReadback({ ...f, elapsedMs: 180_000 }, "absent", cfg)).toMatchObject({ next: "recheck" });
      expect(afterReadback({ ...f, elapsedMs: 600_000 }, "absent", cfg)).toMatchObject({
        next: "dead",
        failureClass: "unconfirmed",
      });
    }
  });
  it("read-backs that cannot tell ask a person only after the settle window and several tries", () => {
    const f = facts({ answer: "not_taken", elapsedMs: 600_000 });
    expect(afterReadback({ ...f, readbackFailures: 0 }, "undecided", cfg)).toEqual({
      next: "recheck",
      inMs: expect.any(Number),
      readbackFailures: 1,
    });
    expect(afterReadback({ ...f, readbackFailures: MIN_READBACKS - 1 }, "undecided", cfg)).toMatchObject({
      next: "dead",
      failureClass: "unconfirmed",
    });
    expect(afterReadback({ ...f, elapsedMs: 120_000, readbackFailures: 9 }, "undecided", cfg)).toMatchObject({
      next: "recheck",
    });
  });
  it("a site that will not serve the thread only delays the answer: no give-up, no resend", () => {
    for (const answer of ["not_taken", "uncertain"] as const) {
      const f = facts({ answer, elapsedMs: 3_600_000, readbackFailures: 50 });
      expect(afterReadback(f, "unreadable", cfg)).toEqual({
        next: "recheck",
        inMs: 60_000,
        readbackFailures: 50,
      });
    }
  });
  it("rechecks often inside the appearance window and less often after it", () => {
    const early = afterReadback(facts({ elapsedMs: 10_000 }), "absent", cfg);
    const late = afterReadback(facts({ elapsedMs: 400_000 }), "absent", cfg);
    expect(early).toMatchObject({ next: "recheck", inMs: 15_000 });
    expect(late).toMatchObject({ next: "recheck", inMs: 60_000 });
  });
});
