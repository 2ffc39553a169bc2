/** Furnished Finder connector: the shared engine with its selectors and parsers (no listing sync). */
import { createSiteConnector } from "../core/site-connector.ts";
import { defineSite } from "../core/site-spec.ts";
import { IN_PLACE_CONFIRM_MS } from "../generic/extract.ts";
import { parseInbox, parseThread } from "./parse.ts";
import { FURNISHEDFINDER as S } from "./selectors.ts";

export const furnishedfinderSpec = defineSite("furnishedfinder", S, {
  inboxReady: [...S.inbox.rows, ...S.inbox.empty],
  threadReady: S.thread.item,
  parseInbox,
  parseThread,
  // Sends with a client-side fetch and marks the bubble sending → sent → delivered → read.
  composerMode: "in_place",
});

export const furnishedfinder = createSiteConnector(furnishedfinderSpec, {
  confirmTimeoutMs: IN_PLACE_CONFIRM_MS,
});
