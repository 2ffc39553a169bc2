/** RentHop connector: the shared engine with RentHop's selectors and parsers (no listing sync). */
import { createSiteConnector } from "../core/site-connector.ts";
import type { SiteSpec } from "../core/site-spec.ts";
import { parseInbox, parseThread } from "./parse.ts";
import { RENTHOP as S } from "./selectors.ts";

export const renthopSpec: SiteSpec = {
  platform: "renthop",
  timeZone: S.timeZone,
  markers: S.markers,
  paths: S.paths,
  login: S.login,
  inboxReady: [...S.inbox.rows, ...S.inbox.empty],
  parseInbox,
  threadReady: S.thread.item,
  parseThread,
  composer: { ...S.composer, mode: "navigation" }, // a form POST that redirects back to the thread
};

export const renthop = createSiteConnector(renthopSpec);
