/**
 * What `verify:site` checks on each site: every selector the connector reads, by step, taken
 * from the site's selectors module (so the check can never test other selectors than the
 * connector uses). `required` marks what the connector cannot work without: the run's exit code
 * is non-zero when one of them matched nothing. `fact` copies the selectors module's tag —
 * [V] validated against the live site by the earlier project, [G] a guess, [S] a guess taken from
 * the sandbox's markup (sandbox/README.md, "Sites") — so a report says which facts a real page
 * confirmed or contradicted.
 */
import type { Platform } from "../../domain/platforms.ts";
import { FURNISHEDFINDER as FF } from "../furnishedfinder/selectors.ts";
import { LEASEBREAK as LB } from "../leasebreak/selectors.ts";
import { RENTHOP as RH } from "../renthop/selectors.ts";
import { ROOMIES as RO } from "../roomies/selectors.ts";
import { SPAREROOM as SR } from "../spareroom/selectors.ts";

export const VERIFY_STEPS = ["login", "inbox", "thread", "listings"] as const;
export type VerifyStep = (typeof VERIFY_STEPS)[number];
export type FactTag = "V" | "G" | "S";

export interface SelectorCheck {
  step: VerifyStep;
  /** Where it lives in the selectors module, e.g. "inbox.rows". */
  name: string;
  selectors: readonly string[];
  /**
   * "always": the connector fails without it. "rows": needed when the inbox shows threads (an
   * empty inbox legitimately has no rows). false: read when present.
   */
  required: "always" | "rows" | false;
  fact: FactTag;
}

type Row = [VerifyStep, string, readonly string[] | string, SelectorCheck["required"], FactTag];

const build = (rows: Row[]): SelectorCheck[] =>
  rows.map(([step, name, sel, required, fact]) => ({
    step,
    name,
    selectors: typeof sel === "string" ? [sel] : sel,
    required,
    fact,
  }));

const login = (
  L: {
    username: readonly string[];
    password: readonly string[];
    remember?: readonly string[];
    submit: readonly string[];
  },
  tags: { fields: FactTag; remember: FactTag; submit: FactTag },
): Row[] => [
  ["login", "login.username", L.username, "always", tags.fields],
  ["login", "login.password", L.password, "always", tags.fields],
  ...(L.remember ? ([["login", "login.remember", L.remember, false, tags.remember]] as Row[]) : []),
  ["login", "login.submit", L.submit, "always", tags.submit],
];

export const CATALOG: Record<Platform, SelectorCheck[]> = {
  spareroom: build([
    ...login(SR.login, { fields: "G", remember: "V", submit: "G" }),
    ["inbox", "inbox.row", SR.inbox.row, "rows", "V"],
    ["inbox", "inbox.empty", SR.inbox.empty, false, "G"],
    ["inbox", "inbox.name", SR.inbox.name, "rows", "V"],
    ["inbox", "inbox.snippet", SR.inbox.snippet, false, "V"],
    ["inbox", "inbox.date", SR.inbox.date, false, "V"],
    ["inbox", "inbox.adTitle", SR.inbox.adTitle, false, "V"],
    ["inbox", "inbox.next", SR.inbox.next, false, "G"],
    ["thread", "thread.item", SR.thread.item, "always", "V"],
    ["thread", "thread.body", SR.thread.body, "always", "V"],
    ["thread", "thread.date", SR.thread.date, false, "V"],
    ["thread", "thread.from", SR.thread.from, false, "G"],
    ["thread", "composer.textarea", SR.composer.textarea, "always", "V"],
    ["thread", "composer.submit", SR.composer.submit, "always", "V"],
    ["listings", "listings.card", SR.listings.card, false, "V"],
    ["listings", "listings.title", SR.listings.title, false, "V"],
    ["listings", "listings.location", SR.listings.location, false, "V"],
    ["listings", "listings.price", SR.listings.price, false, "V"],
    ["listings", "listings.available", SR.listings.available, false, "G"],
  ]),
  roomies: build([
    ...login(RO.login, { fields: "S", remember: "S", submit: "S" }),
    ["inbox", "inbox.rows", RO.inbox.rows, "rows", "V"],
    ["inbox", "inbox.empty", RO.inbox.empty, false, "S"],
    ["inbox", "inbox.name", RO.inbox.name, false, "V"],
    ["inbox", "inbox.preview", RO.inbox.preview, "rows", "V"],
    ["inbox", "inbox.date", RO.inbox.date, false, "G"],
    ["thread", "thread.item", RO.thread.item, "always", "V"],
    ["thread", "thread.body", RO.thread.body, "always", "V"],
    ["thread", "thread.time", RO.thread.time, false, "V"],
    ["thread", "thread.leadName", RO.thread.leadName, false, "V"],
    ["thread", "thread.listingLink", RO.thread.listingLink, false, "V"],
    ["thread", "composer.textarea", RO.composer.textarea, "always", "V"],
    ["thread", "composer.submit", RO.composer.submit, "always", "V"],
    ["listings", "listings.card", RO.listings.card, false, "G"],
    ["listings", "listings.title", RO.listings.title, false, "G"],
    ["listings", "listings.price", RO.listings.price, false, "G"],
  ]),
  leasebreak: build([
    ...login(LB.login, { fields: "S", remember: "S", submit: "S" }),
    ["inbox", "inbox.rows", LB.inbox.rows, "rows", "G"],
    ["inbox", "inbox.empty", LB.inbox.empty, false, "S"],
    ["inbox", "inbox.preview", LB.inbox.preview, "rows", "G"],
    ["inbox", "inbox.name", LB.inbox.name, false, "G"],
    ["inbox", "inbox.date", LB.inbox.date, false, "G"],
    ["inbox", "inbox.next", LB.inbox.next, false, "S"],
    ["thread", "thread.item", LB.thread.item, "always", "G"],
    ["thread", "thread.body", LB.thread.body, "always", "G"],
    ["thread", "thread.time", LB.thread.time, false, "G"],
    ["thread", "thread.leadName", LB.thread.leadName, false, "S"],
    ["thread", "composer.textarea", LB.composer.textarea, "always", "G"],
    ["thread", "composer.submit", LB.composer.submit, "always", "G"],
    ["listings", "listings.card", LB.listings.card, false, "G"],
    ["listings", "listings.title", LB.listings.title, false, "G"],
    ["listings", "listings.price", LB.listings.price, false, "G"],
  ]),
  renthop: build([
    ...login(RH.login, { fields: "S", remember: "S", submit: "S" }),
    ["inbox", "inbox.rows", RH.inbox.rows, "rows", "G"],
    ["inbox", "inbox.empty", RH.inbox.empty, false, "S"],
    ["inbox", "inbox.preview", RH.inbox.preview, "rows", "G"],
    ["inbox", "inbox.name", RH.inbox.name, false, "S"],
    ["inbox", "inbox.date", RH.inbox.date, false, "G"],
    ["thread", "thread.item", RH.thread.item, "always", "G"],
    ["thread", "thread.body", RH.thread.body, "always", "G"],
    ["thread", "thread.time", RH.thread.time, false, "G"],
    ["thread", "thread.leadName", RH.thread.leadName, false, "S"],
    ["thread", "composer.textarea", RH.composer.textarea, "always", "G"],
    ["thread", "composer.submit", RH.composer.submit, "always", "G"],
  ]),
  furnishedfinder: build([
    ...login(FF.login, { fields: "S", remember: "S", submit: "S" }),
    ["inbox", "inbox.rows", FF.inbox.rows, "rows", "G"],
    ["inbox", "inbox.empty", FF.inbox.empty, false, "S"],
    ["inbox", "inbox.preview", FF.inbox.preview, "rows", "G"],
    ["inbox", "inbox.name", FF.inbox.name, false, "S"],
    ["inbox", "inbox.date", FF.inbox.date, false, "G"],
    ["thread", "thread.item", FF.thread.item, "always", "G"],
    ["thread", "thread.body", FF.thread.body, "always", "G"],
    ["thread", "thread.time", FF.thread.time, false, "G"],
    ["thread", "thread.leadName", FF.thread.leadName, false, "S"],
    ["thread", "composer.textarea", FF.composer.textarea, "always", "G"],
    ["thread", "composer.submit", FF.composer.submit, "always", "G"],
  ]),
};
