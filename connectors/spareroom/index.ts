/** SpareRoom connector: the shared engine with SpareRoom's selectors and parsers. */
import { createSiteConnector } from "../core/site-connector.ts";
import type { SiteSpec } from "../core/site-spec.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { SPAREROOM as S } from "./selectors.ts";

export const spareroomSpec: SiteSpec = {
  platform: "spareroom",
  timeZone: S.timeZone,
  markers: S.markers,
  paths: S.paths,
  login: S.login,
  inboxReady: [S.inbox.row, S.inbox.empty],
  parseInbox,
  threadReady: [S.thread.item],
  parseThread,
  composer: { ...S.composer, mode: "navigation" },
  parseListings,
};

export const spareroom = createSiteConnector(spareroomSpec);
