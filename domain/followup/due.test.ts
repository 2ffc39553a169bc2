import { describe, expect, it } from "vitest";
import { checkAtSend, type FollowupFacts, planFollowup, type StepRecord } from "./due.ts";
import { DEFAULT_POLICY, type FollowupPolicy, followupPolicySchema, renderFollowup } from "./policy.ts";

const H = 3_600_000;
const T0 = Date.parse("2026-07-01T14:00:00Z"); // 10:00 in New York
const NY = "America/New_York";
const policy: FollowupPolicy = { ...DEFAULT_POLICY, enabled: true };

function facts(over: Partial<FollowupFacts> = {}): FollowupFacts {
  return {
    accountActive: true,
    optedOut: false,
    paused: false,
    listingActive: true,
    threadClosed: false,
    applicationStarted: false,
    reviewPending: false,
    replyQueued: false,
    messages: [
      { id: "in1", direction: "inbound", at: T0 - H },
      { id: "out1", direction: "outbound", at: T0 },
    ],
    steps: [],
    ...over,
  };
}
const sent = (step: number, anchor = "in1"): StepRecord => ({ anchorMessageId: anchor, step, state: "sent" });

describe("planFollowup: when a follow-up is due", () => {
  it("step 1 a day after our unanswered reply", () => {
    expect(planFollowup(policy, facts(), NY)).toEqual({
      kind: "due",
      step: 1,
      anchorMessageId: "in1",
      at: T0 + 24 * H,
    });
  });
  it("step 2 at +3 days from the start of the silence, and never sooner than the gap after step 1", () => {
    const f = facts({
      messages: [...facts().messages, { id: "fu1", direction: "outbound", at: T0 + 24 * H }],
      steps: [sent(1)],
    });
    expect(planFollowup(policy, f, NY)).toMatchObject({ kind: "due", step: 2, at: T0 + 72 * H });
    // Step 1 went out late (a circuit was open): step 2 still waits the two days between steps.
    const late = facts({
      messages: [...facts().messages, { id: "fu1", direction: "outbound", at: T0 + 60 * H }],
      steps: [sent(1)],
    });
    expect(planFollowup({ ...policy, quietHours: null }, late, NY)).toMatchObject({
      step: 2,
      at: T0 + 108 * H,
    });
  });
  it("a step due at night in the account's zone waits for the morning there", () => {
    const night = Date.parse("2026-07-02T03:00:00Z"); // 23:00 in New York
    const f = facts({
      messages: [
        { id: "in1", direction: "inbound", at: night - 25 * H },
        { id: "out1", direction: "outbound", at: night - 24 * H },
      ],
    });
    expect(planFollowup(policy, f, NY)).toMatchObject({ at: Date.parse("2026-07-02T12:00:00Z") });
    // The same instant is 04:00 in London: 08:00 there is 07:00Z.
    expect(planFollowup(policy, f, "Europe/London")).toMatchObject({
      at: Date.parse("2026-07-02T07:00:00Z"),
    });
    expect(planFollowup({ ...policy, quietHours: null }, f, NY)).toMatchObject({ at: night });
  });
  it("keeps the wall-clock morning across a DST change", () => {
    // Our reply at 21:30 EST on 7 March; +1 day = 21:30 EDT on 8 March (quiet) → 08:00 EDT on 9 March.
    const out = Date.parse("2026-03-08T02:30:00Z");
    const f = facts({
      messages: [
        { id: "in1", direction: "inbound", at: out - H },
        { id: "out1", direction: "outbound", at: out },
      ],
    });
    expect(planFollowup(policy, f, NY)).toMatchObject({ at: Date.parse("2026-03-09T12:00:00Z") });
  });
  it("a delay scale shortens the steps (the demo's FOLLOWUP_DELAY_SCALE), quiet hours aside", () => {
    expect(planFollowup({ ...policy, quietHours: null }, facts(), NY, 1 / 3600)).toMatchObject({
      at: T0 + 24_000,
    });
  });
  it("a new silence after the lead wrote again starts over, within the per-conversation cap", () => {
    const f = facts({
      messages: [
        ...facts().messages,
        { id: "fu1", direction: "outbound", at: T0 + 24 * H },
        { id: "in2", direction: "inbound", at: T0 + 30 * H },
        { id: "out2", direction: "outbound", at: T0 + 31 * H },
      ],
      steps: [sent(1)],
    });
    expect(planFollowup(policy, f, NY)).toMatchObject({ kind: "due", step: 1, anchorMessageId: "in2" });
    expect(planFollowup({ ...policy, maxPerConversation: 1 }, f, NY)).toEqual({
      kind: "stop",
      reason: "exhausted",
    });
  });
});

describe("planFollowup: every stop condition", () => {
  const cases: [string, Partial<FollowupFacts>, string, FollowupPolicy?][] = [
    ["policy off", {}, "policy_off", DEFAULT_POLICY],
    ["account switched off", { accountActive: false }, "account_off"],
    ["lead opted out", { optedOut: true }, "opted_out"],
    ["a person took over", { paused: true }, "taken_over"],
    ["listing off the site or archived", { listingActive: false }, "listing_off"],
    ["thread closed on the site", { threadClosed: true }, "thread_closed"],
    ["application started", { applicationStarted: true }, "application_started"],
    ["a message waiting in review", { reviewPending: true }, "review_pending"],
    ["a reply of ours still queued", { replyQueued: true }, "reply_queued"],
    ["no lead message", { messages: [{ id: "o", direction: "outbound", at: T0 }] }, "no_lead_message"],
    [
      "the lead waits for our answer",
      { messages: [{ id: "in1", direction: "inbound", at: T0 }] },
      "lead_waiting",
    ],
    [
      "the lead answered a follow-up",
      {
        messages: [...facts().messages, { id: "in2", direction: "inbound", at: T0 + 25 * H }],
        steps: [sent(1)],
      },
      "lead_replied",
    ],
    [
      "a person cancelled it",
      { steps: [{ anchorMessageId: "in1", step: 1, state: "cancelled" }] },
      "cancelled_by_person",
    ],
    [
      "a step still queued or a draft",
      { steps: [{ anchorMessageId: "in1", step: 1, state: "open" }] },
      "step_open",
    ],
    [
      "every step sent",
      {
        messages: [
          ...facts().messages,
          { id: "f1", direction: "outbound", at: T0 + 24 * H },
          { id: "f2", direction: "outbound", at: T0 + 72 * H },
        ],
        steps: [sent(1), sent(2)],
      },
      "exhausted",
    ],
  ];
  for (const [name, over, reason, p] of cases) {
    it(name, () => expect(planFollowup(p ?? policy, facts(over), NY)).toEqual({ kind: "stop", reason }));
  }
  it("a step stopped by policy (not by a person) is planned again", () => {
    const f = facts({ steps: [{ anchorMessageId: "in1", step: 1, state: "stopped" }] });
    expect(planFollowup(policy, f, NY)).toMatchObject({ kind: "due", step: 1 });
  });
});

describe("checkAtSend: the thread as read just before the send", () => {
  const item = { anchorMessageId: "in1", step: 1 };
  const open = [{ anchorMessageId: "in1", step: 1, state: "open" as const }];
  it("sends the step that is due", () => {
    expect(checkAtSend(policy, facts({ steps: open }), NY, item, T0 + 24 * H)).toEqual({ send: true });
  });
  it("a lead who wrote a minute before gets no follow-up", () => {
    const f = facts({
      steps: open,
      messages: [...facts().messages, { id: "in2", direction: "inbound", at: T0 + 24 * H - 60_000 }],
    });
    expect(checkAtSend(policy, f, NY, item, T0 + 24 * H)).toEqual({ send: false, reason: "lead_waiting" });
  });
  it("an opt-out or a takeover since the enqueue stops it", () => {
    expect(checkAtSend(policy, facts({ steps: open, optedOut: true }), NY, item, T0 + 24 * H)).toEqual({
      send: false,
      reason: "opted_out",
    });
    expect(checkAtSend(policy, facts({ steps: open, paused: true }), NY, item, T0 + 24 * H)).toMatchObject({
      reason: "taken_over",
    });
  });
  it("not before its time unless a person asked; never in the quiet hours", () => {
    expect(checkAtSend(policy, facts({ steps: open }), NY, item, T0 + H)).toEqual({
      send: false,
      reason: "not_due",
    });
    expect(checkAtSend(policy, facts({ steps: open }), NY, item, T0 + H, 1, true)).toEqual({ send: true });
    const night = Date.parse("2026-07-03T04:00:00Z"); // midnight in New York
    expect(checkAtSend(policy, facts({ steps: open }), NY, item, night, 1, true)).toEqual({
      send: false,
      reason: "quiet_hours",
    });
  });
  it("a step the plan does not name next does not go", () => {
    const f = facts({ steps: [{ anchorMessageId: "in1", step: 2, state: "open" }] });
    expect(checkAtSend(policy, f, NY, { anchorMessageId: "in1", step: 2 }, T0 + 80 * H)).toEqual({
      send: false,
      reason: "not_due",
    });
  });
});

describe("the policy", () => {
  it("is off by default and rejects steps out of order", () => {
    expect(DEFAULT_POLICY.enabled).toBe(false);
    const bad = {
      ...policy,
      steps: [
        { afterHours: 72, body: "a" },
        { afterHours: 24, body: "b" },
      ],
    };
    expect(followupPolicySchema.safeParse(bad).success).toBe(false);
    expect(
      followupPolicySchema.safeParse({ ...policy, quietHours: { start: "25:00", end: "08:00" } }).success,
    ).toBe(false);
    expect(followupPolicySchema.safeParse(policy).success).toBe(true);
  });
  it("fills in only the lead's first name and the listing", () => {
    expect(
      renderFollowup("Hi {lead_name}, {listing}? {other}", {
        leadName: "Ana Lopez",
        listing: "Room in Soho",
      }),
    ).toBe("Hi Ana, Room in Soho? {other}");
    expect(renderFollowup("Hi {lead_name} {listing}", { leadName: null, listing: null })).toBe(
      "Hi there the room",
    );
  });
});
