/** Furnished Finder connector: the shared engine with its selectors and parsers (no listing sync). */
import { createSiteConnector } from "../core/site-connector.ts";
import type { SiteSpec } from "../core/site-spec.ts";
import { IN_PLACE_CONFIRM_MS } from "../generic/extract.ts";
import { parseInbox, parseThread } from "./parse.ts";
import { FURNISHEDFINDER as S } from "./selectors.ts";

export const furnishedfinderSpec: SiteSpec = {
  platform: "furnishedfinder",
  timeZone: S.timeZone,
  markers: S.markers,
  paths: S.paths,
  login: S.login,
  inboxReady: [...S.inbox.rows, ...S.inbox.empty],
  parseInbox,
  threadReady: S.thread.item,
  parseThread,
  // Sends with a client-side fetch and marks the bubble sending → sent → delivered → read.
  composer: {
    textarea: S.composer.textarea,
    submit: S.composer.submit,
    error: S.composer.error,
    mode: "in_place",
  },
};

export const furnishedfinder = createSiteConnector(furnishedfinderSpec, {
  confirmTimeoutMs: IN_PLACE_CONFIRM_MS,
});
