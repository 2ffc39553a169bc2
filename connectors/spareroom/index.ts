/** SpareRoom connector: the shared engine with SpareRoom's selectors and parsers. */
import { createSiteConnector } from "../core/site-connector.ts";
import { defineSite } from "../core/site-spec.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { SPAREROOM as S } from "./selectors.ts";

export const spareroomSpec = defineSite("spareroom", S, {
  inboxReady: [S.inbox.row, S.inbox.empty],
  threadReady: [S.thread.item],
  parseInbox,
  parseThread,
  parseListings,
  threadIdShape: S.threadId, // "<lead id>_<advert id>" [I] (plausibility.ts)
  composerMode: "navigation", // a form POST that redirects back to the thread
});

export const spareroom = createSiteConnector(spareroomSpec);
