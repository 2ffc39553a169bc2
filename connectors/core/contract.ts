/**
 * The one contract every platform connector implements. Connectors are RPA only: they drive a
 * site's web inbox through a SiteSession (a paced, classified browser page) and parse what
 * they see with pure functions.
 */
import type { Platform } from "../../domain/platforms.ts";
import type { SiteSession } from "../browser/site-session.ts";
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

export type SendOutcome =
  | { status: "delivered"; platformMessageId: string | null }
  | { status: "unknown"; reason: string }
  | { status: "rejected"; siteText: string };

export interface ReadBack {
  found: boolean;
  platformMessageId: string | null;
  /** The site shows it as still sending (e.g. Furnished Finder's empty circle). */
  pending: boolean;
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
  beforeSubmit?(): void;
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
   * `beforeSubmit` runs synchronously just before the click that may deliver the message, so
   * the caller can persist "a submit may have happened" before it can have happened.
   */
  sendReply(s: SiteSession, threadId: string, body: string, hooks?: SendHooks): Promise<Result<SendOutcome>>;
  /** Read-back: is a reply with this body in the thread, sent by us at or after `after`? */
  findReply(s: SiteSession, threadId: string, body: string, after: string): Promise<Result<ReadBack>>;
  listListings?(s: SiteSession): Promise<Result<Listing[]>>;
}
