/** RentHop connector: the shared engine with RentHop's selectors and parsers (no listing sync). */
import { createSiteConnector } from "../core/site-connector.ts";
import { defineSite } from "../core/site-spec.ts";
import { parseInbox, parseThread } from "./parse.ts";
import { RENTHOP as S } from "./selectors.ts";

export const renthopSpec = defineSite("renthop", S, {
  inboxReady: [...S.inbox.rows, ...S.inbox.empty],
  threadReady: S.thread.item,
  parseInbox,
  parseThread,
  composerMode: "navigation", // a form POST that redirects back to the thread
});

export const renthop = createSiteConnector(renthopSpec);
