/** Roomies connector: the shared engine with Roomies' selectors and parsers. */
import { createSiteConnector } from "../core/site-connector.ts";
import { defineSite } from "../core/site-spec.ts";
import { IN_PLACE_CONFIRM_MS } from "../generic/extract.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { ROOMIES as S } from "./selectors.ts";

export const roomiesSpec = defineSite("roomies", S, {
  inboxReady: [...S.inbox.rows, ...S.inbox.empty],
  // Client-rendered: "Loading messages" first, so the engine waits for the rendered items.
  threadReady: S.thread.item,
  parseInbox,
  parseThread,
  parseListings,
  threadIdShape: S.inbox.threadId, // digits, 5+ long [V] (plausibility.ts)
  composerMode: "in_place", // a client-side fetch; the page appends the message itself
});

export const roomies = createSiteConnector(roomiesSpec, { confirmTimeoutMs: IN_PLACE_CONFIRM_MS });
