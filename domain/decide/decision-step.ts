/**
 * The pure part of the decide step (decide-messages.ts does the D1 part): how the pipeline's input
 * is built from what was loaded, and how its verdict is adjusted to the thread. Pure so that the
 * decision benchmark (`npm run bench:decisions`) runs the corpus through exactly this code.
 */
import type { Platform } from "../db/schema.ts";
import type {
  Action,
  Decision,
  DecisionInput,
  DecisionReply,
  ListingFacts,
  ModelClassification,
  SendMode,
  Template,
} from "../pipeline/index.ts";

/** Reason codes this step adds on top of the pipeline's (docs/decision-table.md lists both). */
export const INBOX_REASON_CODES = [
  "superseded_by_newer_message",
  "earlier_message_flagged",
  "stale_message",
] as const;
export type InboxReasonCode = (typeof INBOX_REASON_CODES)[number];

/**
 * Each listing site's own domains. A lead linking to the site (usually the listing itself) points
 * at a known place; anywhere else is a person's call (see domain/pipeline/links.ts).
 */
export const SITE_DOMAINS: Readonly<Record<Platform, readonly string[]>> = {
  spareroom: ["spareroom.com", "spareroom.co.uk"],
  roomies: ["roomies.com"],
  leasebreak: ["leasebreak.com"],
  renthop: ["renthop.com"],
  furnishedfinder: ["furnishedfinder.com"],
};

/**
 * The longest reply each site's message box takes. Unverified guesses (docs/decision-table.md):
 * none of the sites documents a limit and none was measured on a real account, so the figure is a
 * conservative one for all five. A reply composed from several templates must fit
 * (domain/pipeline/compose-multi.ts); over it, a person replies.
 */
export const SITE_REPLY_MAX_LENGTH: Readonly<Record<Platform, number>> = {
  spareroom: 1000,
  roomies: 1000,
  leasebreak: 1000,
  renthop: 1000,
  furnishedfinder: 1000,
};

function hostOf(origin: string | null): string | null {
  if (!origin) return null;
  try {
    return new URL(origin).hostname || null;
  } catch {
    return null;
  }
}

/**
 * Where links in a lead's message may point: the site's domains, the account's site origin when it
 * is not the real site (the sandbox locally), and the listing's own viewing link (that page only:
 * a booking site hosts everybody's pages).
 */
export function knownPlacesFor(
  platform: Platform,
  siteOrigin: string | null,
  listing: ListingFacts | null,
): string[] {
  const places = [...SITE_DOMAINS[platform]];
  const originHost = hostOf(siteOrigin);
  if (originHost && !places.includes(originHost)) places.push(originHost);
  if (listing?.viewingLink) places.push(listing.viewingLink);
  return places;
}

/** What the decide step knows about one conversation when it decides on one of its messages. */
export interface DecisionContext {
  platform: Platform;
  /** The account's base_url override (the sandbox), else null for the real site. */
  siteOrigin: string | null;
  account: { isActive: boolean; effectiveSendMode: SendMode };
  conversation: { leadName: string | null; paused: boolean; hasPriorOutbound: boolean; optedOut: boolean };
  listing: ListingFacts | null;
  templates: Template[];
}

/** A deleted account decides like an inactive one: nothing goes out. */
export function accountForDecision(
  policy: { account: { isActive: boolean }; effectiveSendMode: SendMode } | null | undefined,
): DecisionContext["account"] {
  return {
    isActive: policy?.account.isActive ?? false,
    effectiveSendMode: policy?.effectiveSendMode ?? "draft_only",
  };
}

export function buildDecisionInput(
  ctx: DecisionContext,
  message: { text: string; now: Date; modelResult: ModelClassification | null },
): DecisionInput {
  return {
    now: message.now.toISOString(),
    message: { text: message.text, leadName: ctx.conversation.leadName },
    conversation: {
      hasPriorOutbound: ctx.conversation.hasPriorOutbound,
      optedOut: ctx.conversation.optedOut,
      paused: ctx.conversation.paused,
    },
    account: ctx.account,
    listing: ctx.listing,
    templates: ctx.templates,
    modelResult: message.modelResult,
    knownPlaces: knownPlacesFor(ctx.platform, ctx.siteOrigin, ctx.listing),
    replyMaxLength: SITE_REPLY_MAX_LENGTH[ctx.platform],
  };
}

export interface Outcome {
  action: Action;
  reason: string;
  reply: DecisionReply | null;
}

/** Applies the one-reply-per-conversation rule to the pipeline's verdict. */
export function finalOutcome(
  decision: Decision,
  opts: { isNewest: boolean; earlierFlagged: boolean; stale?: boolean },
): Outcome {
  if (decision.reply && !opts.isNewest)
    return { action: "suppressed", reason: "superseded_by_newer_message", reply: null };
  if (decision.action === "send" && opts.earlierFlagged)
    return { action: "review", reason: "earlier_message_flagged", reply: null };
  if (decision.action === "send" && opts.stale)
    return { action: "draft", reason: "stale_message", reply: decision.reply };
  return { action: decision.action, reason: decision.reason, reply: decision.reply };
}
