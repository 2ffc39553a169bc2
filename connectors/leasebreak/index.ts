/** Leasebreak connector: the shared engine with Leasebreak's selectors and parsers. */
import { createSiteConnector } from "../core/site-connector.ts";
import type { SiteSpec } from "../core/site-spec.ts";
import { parseInbox, parseListings, parseThread } from "./parse.ts";
import { LEASEBREAK as S } from "./selectors.ts";

export const leasebreakSpec: SiteSpec = {
  platform: "leasebreak",
  timeZone: S.timeZone,
  markers: S.markers,
  paths: S.paths,
  login: S.login,
  inboxReady: [...S.inbox.rows, ...S.inbox.empty],
  parseInbox,
  threadReady: S.thread.item,
  parseThread,
  composer: { ...S.composer, mode: "navigation" }, // a form POST that redirects back to the thread
  parseListings,
};

export const leasebreak = createSiteConnector(leasebreakSpec);
