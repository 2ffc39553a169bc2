/** Roomies connector: the shared engine with Roomies' selectors and parsers. */
import { createSiteConnector } from "../core/site-connector.ts";
import type { SiteSpec } from "../core/site-spec.ts";
import { IN_PLACE_CONFIRM_MS } from "../generic/extract.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { ROOMIES as S } from "./selectors.ts";

export const roomiesSpec: SiteSpec = {
  platform: "roomies",
  timeZone: S.timeZone,
  markers: S.markers,
  paths: S.paths,
  login: S.login,
  inboxReady: [...S.inbox.rows, ...S.inbox.empty],
  parseInbox,
  // Client-rendered: "Loading messages" first, so the engine waits for the rendered items.
  threadReady: S.thread.item,
  parseThread,
  composer: {
    textarea: S.composer.textarea,
    submit: S.composer.submit,
    error: S.composer.error,
    mode: "in_place",
  },
  parseListings,
};

export const roomies = createSiteConnector(roomiesSpec, { confirmTimeoutMs: IN_PLACE_CONFIRM_MS });
