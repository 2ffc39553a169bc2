/**
 * When a follow-up is due, and when it never is — the pure rule the account object plans with
 * (durable-objects/account/followups.ts) and checks again at send time on the freshly read
 * thread. A silence is the time since our last message after the lead's last one; each silence
 * gets the policy's steps (and the conversation at most `maxPerConversation`), step k due `steps[k].afterHours` after the silence
 * began and never sooner than the gap between the steps after our previous message, moved out
 * of the quiet hours in the account's zone. Any stop condition ends it at once.
 */
import { nextAllowed } from "./local-time.ts";
import type { FollowupPolicy } from "./policy.ts";

export interface ThreadMessageFact {
  id: string;
  direction: "inbound" | "outbound";
  /** When it was written (the site's time, else when we stored it), epoch ms. */
  at: number;
}

/** A follow-up already made for this conversation, and where it stands. */
export interface StepRecord {
  /** The lead message whose silence it follows. */
  anchorMessageId: string;
  step: number;
  /** sent: on the site; open: queued, sending or a draft; stopped: stopped by policy (planned again); cancelled: by a person. */
  state: "sent" | "open" | "stopped" | "cancelled";
}

export interface FollowupFacts {
  accountActive: boolean;
  optedOut: boolean;
  /** A person took the conversation over (paused). */
  paused: boolean;
  /** The listing is off the site or archived; null when the conversation names none we know. */
  listingActive: boolean | null;
  /** The site shows the thread closed. Not read from any site yet (docs/followups.md). */
  threadClosed: boolean;
  /** The lead started an application. Not read from any site yet (docs/followups.md). */
  applicationStarted: boolean;
  /** A reply of ours waits for a person (a draft or a review) in this conversation. */
  reviewPending: boolean;
  /** A reply of ours (not a follow-up) is queued for this conversation: it speaks first. */
  replyQueued: boolean;
  /** In the thread's order, oldest first. */
  messages: readonly ThreadMessageFact[];
  steps: readonly StepRecord[];
}

export const STOP_REASONS = [
  "policy_off",
  "account_off",
  "opted_out",
  "taken_over",
  "listing_off",
  "thread_closed",
  "application_started",
  "review_pending",
  "reply_queued",
  "no_lead_message",
  "lead_waiting",
  "lead_replied",
  "cancelled_by_person",
  "step_open",
  "exhausted",
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export type FollowupPlan =
  | { kind: "stop"; reason: StopReason }
  /** `at` may be in the past: due now. */
  | { kind: "due"; step: number; anchorMessageId: string; at: number };

const HOUR = 3_600_000;

/**
 * The next follow-up of one conversation, or why there is none. `delayScale` shortens the
 * steps (FOLLOWUP_DELAY_SCALE, for demos and tests); quiet hours are never scaled.
 */
export function planFollowup(
  policy: FollowupPolicy,
  facts: FollowupFacts,
  timeZone: string | null,
  delayScale = 1,
): FollowupPlan {
  const stop = (reason: StopReason): FollowupPlan => ({ kind: "stop", reason });
  if (!policy.enabled) return stop("policy_off");
  if (!facts.accountActive) return stop("account_off");
  if (facts.optedOut) return stop("opted_out");
  if (facts.paused) return stop("taken_over");
  if (facts.listingActive === false) return stop("listing_off");
  if (facts.threadClosed) return stop("thread_closed");
  if (facts.applicationStarted) return stop("application_started");
  if (facts.reviewPending) return stop("review_pending");
  if (facts.replyQueued) return stop("reply_queued");

  const msgs = facts.messages;
  let lastIn = -1;
  for (let i = msgs.length - 1; i >= 0; i--)
    if (msgs[i]?.direction === "inbound") {
      lastIn = i;
      break;
    }
  const anchor = msgs[lastIn];
  if (!anchor) return stop("no_lead_message");
  const ours = msgs.slice(lastIn + 1);
  const first = ours[0];
  const last = ours[ours.length - 1];
  // The lead's message is the latest: it waits for our answer, or answered our last one.
  if (!first || !last)
    return stop(facts.steps.some((s) => s.state === "sent") ? "lead_replied" : "lead_waiting");

  const mine = facts.steps.filter((s) => s.anchorMessageId === anchor.id);
  if (mine.some((s) => s.state === "cancelled")) return stop("cancelled_by_person");
  if (mine.some((s) => s.state === "open")) return stop("step_open");
  const sent = mine.filter((s) => s.state === "sent").map((s) => s.step);
  const step = (sent.length ? Math.max(...sent) : 0) + 1;
  // At most `maxPerConversation` in the whole conversation, whatever the silences.
  const sentInConversation = facts.steps.filter((s) => s.state === "sent").length;
  if (step > policy.steps.length || sentInConversation >= policy.maxPerConversation) return stop("exhausted");

  const delay = (k: number) => (k <= 0 ? 0 : (policy.steps[k - 1]?.afterHours ?? 0) * HOUR * delayScale);
  const fromStart = first.at + delay(step);
  const fromLast = last.at + delay(step) - delay(step - 1);
  const at = nextAllowed(Math.max(fromStart, fromLast), timeZone, policy.quietHours);
  return { kind: "due", step, anchorMessageId: anchor.id, at };
}

export type SendCheck = { send: true } | { send: false; reason: StopReason | "not_due" | "quiet_hours" };

/**
 * At send time, on the thread as just read: the item goes only if the plan still names this
 * very step of this very silence and it is due (a step due at night waits for the morning).
 */
export function checkAtSend(
  policy: FollowupPolicy,
  facts: FollowupFacts,
  timeZone: string | null,
  item: { anchorMessageId: string; step: number },
  now: number,
  delayScale = 1,
  /** A person asked for it now: the step's time does not apply, the quiet hours do. */
  sendNow = false,
): SendCheck {
  // The item's own record is open; the plan is made as if it were not.
  const others = facts.steps.filter(
    (s) => !(s.anchorMessageId === item.anchorMessageId && s.step === item.step),
  );
  const plan = planFollowup(policy, { ...facts, steps: others }, timeZone, delayScale);
  if (plan.kind === "stop") return { send: false, reason: plan.reason };
  if (plan.anchorMessageId !== item.anchorMessageId) return { send: false, reason: "lead_replied" };
  if (plan.step !== item.step) return { send: false, reason: "not_due" };
  if (nextAllowed(now, timeZone, policy.quietHours) !== now) return { send: false, reason: "quiet_hours" };
  if (!sendNow && plan.at > now) return { send: false, reason: "not_due" };
  return { send: true };
}
