// Shared types of the sandbox: platforms, the in-memory world state and fault definitions.

// The sandbox stands in for the same five sites the product works.
import type { Platform } from "../domain/platforms.ts";

export { isPlatform, PLATFORMS, type Platform } from "../domain/platforms.ts";

export type Direction = "inbound" | "outbound";

export type Account = {
  platform: Platform;
  name: string;
  username: string;
  password: string;
  /** SpareRoom screens new messages: a newly sent message appears only after this many seconds. */
  screeningDelaySeconds: number;
  /** Server-side session lifetime. */
  sessionTtlSeconds: number;
};

export type Message = {
  id: string;
  direction: Direction;
  text: string;
  /** epoch ms at which the site stored the message */
  at: number;
  /** epoch ms from which the message shows on the thread and inbox pages; null = immediately */
  visibleFrom: number | null;
};

export type Thread = {
  id: string;
  platform: Platform;
  account: string;
  leadName: string;
  leadId: string;
  listingId: string | null;
  messages: Message[];
  /** exact outbound body -> how many times it was stored */
  deliveries: Record<string, number>;
  /** epoch ms the account last opened the thread (for the unread flag) */
  readAt: number;
};

export type Listing = {
  id: string;
  platform: Platform;
  account: string;
  title: string;
  priceText: string;
  location: string;
  availableFrom: string | null;
  status: "active" | "inactive";
  createdAt: number;
};

export type PageKind = "login" | "inbox" | "thread" | "submit" | "listings";
export const PAGE_KINDS: readonly PageKind[] = ["login", "inbox", "thread", "submit", "listings"];

export const FAULT_KINDS = [
  "captcha",
  "challenge",
  "blocked",
  "session_expired",
  "rate_limited",
  "unavailable",
  "slow",
  "submit_dropped",
  "submit_rejected",
  "delayed_appearance",
  "markup_drift",
  "content_garbled",
  "random",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type ConcreteFaultKind = Exclude<FaultKind, "random">;

export type Fault = {
  id: string;
  platform: Platform;
  account: string | null;
  kind: FaultKind;
  pages: PageKind[] | null;
  /** remaining firings; null = unlimited */
  remaining: number | null;
  fired: number;
  params: {
    delayMs?: number;
    mode?: "reset" | "502";
    message?: string;
    seconds?: number;
    rates?: Partial<Record<ConcreteFaultKind, number>>;
  };
  createdAt: number;
};

export type RequestRecord = {
  at: number;
  method: string;
  path: string;
  platform: Platform;
  account: string | null;
  /** page kind when the request was a page load or submit */
  kind: PageKind | null;
  /** A submit that repeats the one whose connection the site just dropped (a browser re-send). */
  resend?: boolean;
  /**
   * Who sent a submit the site stored, told apart as a site would: `browser` when it carries the
   * headers only a browser's network stack adds (the in-browser path), `other` when not (the
   * submit relay's copy from the Worker). The chaos report counts stored re-sends per path by it.
   */
  client?: "browser" | "other";
  /** The bot defence that refused the request (bot-defence.ts); nothing was stored. */
  refusedBy?: "automation" | "client";
};

export type Session = {
  token: string;
  platform: Platform;
  account: string;
  expiresAt: number;
  /** The print of the client that logged in (bot-defence.ts), for the `client` defence. */
  client?: string;
};
