/**
 * The one contract every platform connector implements. Connectors are RPA only: they drive a
 * site's web inbox through a SiteSession (a paced, classified browser page) and parse what
 * they see with pure functions.
 */
import type { Platform } from "../../domain/platforms.ts";
import type { SiteSession } from "../browser/site-session.ts";
import type { SendPath } from "../browser/submit-relay.ts";
import type { Result } from "./failures.ts";

export type Direction = "inbound" | "outbound";

export interface InboxThread {
  externalThreadId: string;
  leadName: string | null;
  /** Direction of the latest message the row shows. */
  latestDirection: Direction;
  preview: string;
  lastActivityText: string | null;
  lastActivityAt: string | null;
  listingRef: string | null;
  listingTitle: string | null;
  messageCount: number | null;
  /** Stable digest of what the row shows: unchanged fingerprint → the thread is not reopened. */
  fingerprint: string;
  /** 1-based position in the site's own inbox order, across pages. */
  rank: number;
}

export interface ThreadMessage {
  /** The site's id for the message where it shows one; otherwise a stable derived id. */
  externalMessageId: string;
  nativeId: boolean;
  direction: Direction;
  sender: string | null;
  text: string;
  sentAt: string | null;
  sentAtText: string | null;
  /** Delivery state where the site shows one (Furnished Finder's marks). */
  deliveryState?: "sending" | "sent" | "delivered" | "read" | null;
}

export interface ThreadDetail {
  externalThreadId: string;
  leadName: string | null;
  leadRef: string | null;
  listingRef: string | null;
  listingTitle: string | null;
  messages: ThreadMessage[];
}

/** The thread's outbound messages before our first submit (connectors/core/reply-evidence.ts). */
export interface ThreadBaseline {
  /** Ids of every outbound message: the site's own, or stable ids derived from the text. */
  outboundIds: string[];
  /** How many outbound messages without a site id matched the body. */
  matchingWithoutIds: number;
}

/** One reply, with what the outbox knows about it. */
export interface ReplyRef {
  threadId: string;
  body: string;
  /** The thread before this reply's first submit; null until a submit may have happened. */
  baseline: ThreadBaseline | null;
  /** Messages other replies of this thread were confirmed by: never ours. */
  claimed: readonly string[];
  /**
   * Other replies of this thread already confirmed whose words match ours. Their copies are on
   * the site, so ours is only there if the thread shows more copies than that: one copy never
   * confirms two replies, even when a site without message ids renumbers its copies.
   */
  deliveredSameWords: number;
  /**
   * Which way the submit leaves (docs/anti-bot.md): the relay (default) or in-browser. A relayed
   * submit a bot defence refuses is tried once in-browser within the same send.
   */
  path?: SendPath;
}

/**
 * What the site said to the submit itself, when the outcome is unknown: `not_taken` when it
 * answered with a refusal that means it did not take the message (429, 503, another 4xx but a
 * timeout, a login, captcha, challenge or block page, a redirect to the login); `uncertain` for
 * anything else (no answer, a 5xx gateway error, an answer but no message in sight).
 */
export type SubmitAnswer = "not_taken" | "uncertain";

/** How a send went out, whatever its outcome. */
export interface SendFacts {
  /** The path of the last submit this send made (none when it made none). */
  path?: SendPath;
  /** A bot defence refused the relayed submit (nothing stored) and the send went in-browser. */
  relayRefused?: boolean;
  /** Who refused it and what showed it (bot-refusal.ts), e.g. "datadome: x-dd-b". */
  refusedBy?: string;
  /**
   * Copies of our words new since the baseline beyond the one that confirms this reply: the
   * browser re-sent an in-browser submit after the site had stored it (submit-watch.ts).
   */
  extraCopies?: number;
}

export type SendOutcome = SendFacts &
  (
    | {
        status: "delivered";
        /** The message that confirmed it: the site's id, or an id derived from the text. */
        messageId: string;
        /** The site's own id, where it shows one. */
        platformMessageId: string | null;
        /** False when an earlier attempt turned out to be there before this one clicked. */
        submitted: boolean;
      }
    | { status: "unknown"; reason: string; answer: SubmitAnswer }
    | { status: "rejected"; siteText: string }
  );

export interface ReadBack {
  found: boolean;
  messageId: string | null;
  platformMessageId: string | null;
  /** The site shows it as still sending (e.g. Furnished Finder's empty circle). */
  pending: boolean;
  /** Our words are there, but with no baseline nothing proves they are this reply's. */
  unprovable: boolean;
  /** Copies new since the baseline beyond the one that confirms the reply (a browser re-send). */
  extraCopies?: number;
}

export interface Listing {
  externalId: string;
  title: string | null;
  price: string | null;
  location: string | null;
  availableFrom: string | null;
  active: boolean;
  href: string | null;
}

export interface SendHooks {
  /**
   * Runs synchronously as the last thing before the click that may deliver the message, with
   * the thread's baseline, so the caller can record "a submit may have happened" (and what the
   * thread held before it) first. It may throw: then nothing is clicked.
   */
  beforeSubmit?(baseline: ThreadBaseline): void;
  /**
   * Runs with the thread as the send just read it, before anything is typed: a follow-up is
   * withheld when the lead wrote since (durable-objects/account/followups.ts). It may throw:
   * then nothing is typed or clicked.
   */
  beforeCompose?(thread: ThreadDetail): void;
}

export interface PlatformConnector {
  readonly platform: Platform;
  /**
   * Logs in through the site's own form (ticking "keep me logged in" where there is one); when
   * the login page shows the session is still good, returns without submitting anything.
   */
  login(s: SiteSession, creds: { username: string; password: string }): Promise<Result<void>>;
  listInbox(s: SiteSession, opts?: { maxPages?: number }): Promise<Result<InboxThread[]>>;
  readThread(s: SiteSession, threadId: string): Promise<Result<ThreadDetail>>;
  /**
   * Sends one reply: reads the thread (on a retry, that read is a last read-back against the
   * reply's baseline), fills the composer and clicks through the submit relay. After the click
   * only `delivered`, `rejected` or `unknown`.
   */
  sendReply(s: SiteSession, reply: ReplyRef, hooks?: SendHooks): Promise<Result<SendOutcome>>;
  /** Read-back: is there a message with the reply's body that is new since its baseline? */
  findReply(s: SiteSession, reply: ReplyRef): Promise<Result<ReadBack>>;
  listListings?(s: SiteSession): Promise<Result<Listing[]>>;
}
