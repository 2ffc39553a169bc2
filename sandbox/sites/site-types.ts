// The sandbox site engine's shapes: what a site's markup module renders (the *View types and
// SiteMarkup), how a site is defined (SiteDef), and what the engine's route modules share.

import type { HttpBindings } from "@hono/node-server";
import type { Context, Hono } from "hono";
import type { FaultEffects, World } from "../state.ts";
import type { Listing, Message, PageKind, Platform, RequestRecord, Session, Thread } from "../types.ts";

export const PAGE_SIZE = 10;

export type RowView = {
  thread: Thread;
  listing: Listing | null;
  latest: Message;
  count: number;
  unread: boolean;
};

export type InboxView = {
  account: string;
  rows: RowView[];
  page: number;
  totalPages: number;
  prevHref: string | null;
  nextHref: string | null;
  now: number;
  drift: boolean;
  unreadOnly: boolean;
};

export type ThreadView = {
  account: string;
  thread: Thread;
  listing: Listing | null;
  messages: Message[];
  now: number;
  drift: boolean;
  error: string | null;
  draft: string;
};

export type ListingsView = {
  account: string;
  listings: Listing[];
  page: number;
  totalPages: number;
  prevHref: string | null;
  nextHref: string | null;
  now: number;
  drift: boolean;
};

export type LoginView = { error: string | null; next: string; drift: boolean; username: string };

export type SiteMarkup = {
  loginPage(v: LoginView): string;
  /** SpareRoom-style "log in or register" copy page, shown instead of a redirect. */
  authGatePage?(v: { next: string; drift: boolean }): string;
  inboxPage(v: InboxView): string;
  threadPage(v: ThreadView): string;
  listingsPage?(v: ListingsView): string;
  captchaWidget(): string;
  challengeWidget(): string;
  /** JSON shape of a message for client-side (fetch) sites. */
  messageJson?(m: Message, thread: Thread, now: number): unknown;
  /** Default validation error copy (submit_rejected without a message, or an empty body). */
  rejectCopy: string;
};

export type SiteDef = {
  platform: Platform;
  host: string;
  cookieName: string;
  loginPath: string;
  loginFields: { username: string; password: string; remember?: string };
  logoutPath: string;
  inboxPath: string;
  inboxPageParam: "page" | "offset";
  /** SpareRoom: same path as the inbox with ?thread_id=; others: a Hono path pattern with :id */
  threadRoute: { kind: "query"; param: string } | { kind: "path"; pattern: string };
  threadUrl(id: string): string;
  submit: { kind: "form" | "json"; route: string; field: string };
  listings?: { path: string; pageParam: "page" | "offset" };
  gate: "copy" | "redirect";
  headlessGate: boolean;
  sortByInbound: boolean;
  markup: SiteMarkup;
  extraRoutes?(app: SiteApp, rt: SiteRuntime): void;
};

export type SiteEnv = { Bindings: HttpBindings; Variables: { rec: RequestRecord } };
export type SiteApp = Hono<SiteEnv>;
export type SiteContext = Context<SiteEnv>;

export type Gate = { response: Response } | { response: null; fx: FaultEffects; session: Session | null };

export type SiteRuntime = {
  world: World;
  def: SiteDef;
  session(c: SiteContext): Session | null;
  gate(c: SiteContext, kind: PageKind, accountHint?: string | null): Promise<Gate>;
  /** Sites that shut out HeadlessChrome treat such a browser as logged out. */
  isHeadless(c: SiteContext): boolean;
  loginRedirect(c: SiteContext): Response;
};
