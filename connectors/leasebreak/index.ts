/** Leasebreak connector: the shared engine with Leasebreak's selectors and parsers. */
import { createSiteConnector } from "../core/site-connector.ts";
import { defineSite } from "../core/site-spec.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { LEASEBREAK as S } from "./selectors.ts";

export const leasebreakSpec = defineSite("leasebreak", S, {
  inboxReady: [...S.inbox.rows, ...S.inbox.empty],
  threadReady: S.thread.item,
  parseInbox,
  parseThread,
  parseListings,
  composerMode: "navigation", // a form POST that redirects back to the thread
});

export const leasebreak = createSiteConnector(leasebreakSpec);
