/**
 * What a platform connector is made of: where things are (paths), how to find them
 * (selectors, as data, tried in order), and how to read them (pure parsers over a parsed
 * document). The shared engine (site-connector.ts) runs the same careful flow for every site.
 */
import type { Platform } from "../../domain/platforms.ts";
import type { InboxThread, Listing, ThreadDetail } from "./contract.ts";
import type { Doc } from "./html.ts";
import type { SiteMarkers } from "./page-classifier.ts";

export interface ParseContext {
  now: Date;
  origin: string;
}

export type InboxRow = Omit<InboxThread, "rank" | "fingerprint">;

export interface InboxPage {
  rows: InboxRow[];
  /** Path (with query) of the next inbox page, or null on the last page. */
  nextPath: string | null;
}

export interface ListingsPage {
  listings: Listing[];
  nextPath: string | null;
}

export interface SiteSpec {
  platform: Platform;
  /** Zone the site renders local times in. */
  timeZone: string;
  markers: SiteMarkers;
  paths: {
    login: string;
    inbox: string;
    thread: (threadId: string) => string;
    listings?: string;
  };
  login: {
    username: readonly string[];
    password: readonly string[];
    /** A "keep me logged in" checkbox to tick, where the site has one. */
    remember?: readonly string[];
    submit: readonly string[];
  };
  /** Selectors whose presence proves the inbox rendered (empty inboxes included). */
  inboxReady: readonly string[];
  parseInbox(doc: Doc, ctx: ParseContext): InboxPage;
  parseThread(doc: Doc, threadId: string, ctx: ParseContext): ThreadDetail;
  /** Selectors whose presence proves a thread rendered (client-rendered sites load late). */
  threadReady: readonly string[];
  composer: {
    textarea: readonly string[];
    /** Tried in order; among a selector's matches the first *visible* one is clicked. */
    submit: readonly string[];
    /** "navigation": a form POST that lands on a new page; "in_place": client-side send. */
    mode: "navigation" | "in_place";
    /** Where the site shows a validation error for a refused message. */
    error: readonly string[];
  };
  parseListings?(doc: Doc, ctx: ParseContext): ListingsPage;
  /**
   * The shape the site's thread ids have, for the plausibility checks (plausibility.ts); absent:
   * any id without spaces that holds a digit.
   */
  threadIdShape?: RegExp;
}

/** The part of a site's selectors module every connector reads the same way. */
export interface SiteSelectors {
  timeZone: string;
  markers: SiteMarkers;
  paths: SiteSpec["paths"];
  login: SiteSpec["login"];
  composer: Omit<SiteSpec["composer"], "mode">;
}

/** What differs between sites beyond their selectors: readiness markers, parsers, send style. */
export type SiteParts = Pick<
  SiteSpec,
  "inboxReady" | "threadReady" | "parseInbox" | "parseThread" | "parseListings" | "threadIdShape"
> & { composerMode: SiteSpec["composer"]["mode"] };

/** A site's spec from its selectors (data) and its parts; the one place the shape is assembled. */
export function defineSite(platform: Platform, S: SiteSelectors, parts: SiteParts): SiteSpec {
  const { composerMode, ...rest } = parts;
  return {
    platform,
    timeZone: S.timeZone,
    markers: S.markers,
    paths: S.paths,
    login: S.login,
    composer: {
      textarea: S.composer.textarea,
      submit: S.composer.submit,
      error: S.composer.error,
      mode: composerMode,
    },
    ...rest,
  };
}
