// Leasebreak markup. Unvalidated platform: built to honour the generic selector lists its connector tries;
// everything here is a guess [G] unless marked. Each selector a connector reads lives in this module.

import type { Message } from "../../types.ts";
import { esc, iso, mediumDate, truncate } from "../../util.ts";
import type { InboxView, ListingsView, LoginView, SiteMarkup, ThreadView } from "../site.ts";

export const PATHS = {
  login: "/users/sign_in", // [G] from the auth URL patterns (Devise-style)
  logout: "/users/sign_out", // [G]
  inbox: "/messages", // [G]
  thread: (id: string) => `/messages/${encodeURIComponent(id)}`, // [G]
  listings: "/my/listings", // [G] the first listing-sync path connectors try
  listing: (id: string) => `/listing/${encodeURIComponent(id)}`, // [G]
};

export const LOGIN_FIELDS = {
  username: "user[email]",
  password: "user[password]",
  remember: "user[remember_me]",
};
export const PREVIEW_CHARS = 140;

const NAMES = {
  row: "message-row",
  threadIdAttr: "data-thread-id",
  messageIdAttr: "data-message-id",
  name: "message-name",
  preview: "message-preview",
  time: "message-time",
  label: "listing-title",
  item: "message",
  body: "message-body",
  testid: "data-testid",
  listingIdAttr: "data-listing-id",
};

const DRIFT: typeof NAMES = {
  row: "conv-line",
  threadIdAttr: "data-conv",
  messageIdAttr: "data-last",
  name: "conv-who",
  preview: "conv-excerpt",
  time: "conv-when",
  label: "conv-unit",
  item: "chat-entry",
  body: "chat-entry__text",
  testid: "data-qa",
  listingIdAttr: "data-unit-ref",
};
const names = (drift: boolean) => (drift ? DRIFT : NAMES);

const STYLE = `body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222}header{background:#1d3557;color:#fff;padding:12px 24px;display:flex;justify-content:space-between}header a{color:#fff;margin-left:14px}
main{max-width:960px;margin:24px auto;padding:0 16px}a.message-row,a.conv-line{display:block;padding:12px;border-bottom:1px solid #ddd;color:#222;text-decoration:none}.unread{background:#f1f7ff}
.message,.chat-entry{border:1px solid #ddd;padding:10px;margin:8px 0;border-radius:4px;max-width:75%}.message--outbound{margin-left:auto;background:#eaf4ea}.message-body,.chat-entry__text{white-space:pre-wrap;word-wrap:break-word}
textarea{width:100%;min-height:90px}.alert-danger{background:#f8d7da;color:#721c24;padding:8px}article{border:1px solid #ddd;padding:12px;margin:10px 0}`;

function layout(title: string, body: string, loggedIn: boolean): string {
  const nav = loggedIn
    ? `<nav><a href="${PATHS.inbox}">Messages</a><a href="${PATHS.listings}">My Listings</a><a href="${PATHS.logout}">Sign out</a></nav>`
    : `<nav><a href="${PATHS.login}">Sign in</a></nav>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} | LeaseBreak.com</title><style>${STYLE}</style></head>
<body><header><a href="/">LeaseBreak</a>${nav}</header><main>${body}</main></body></html>`;
}

function loginPage(v: LoginView): string {
  const err = v.error ? `<div class="alert alert-danger" role="alert">Invalid Email or password.</div>` : "";
  return layout(
    "Sign in",
    `<h1>Sign in</h1>${err}<form class="new_user" id="new_user" action="${PATHS.login}" method="post">
<input type="hidden" name="next" value="${esc(v.next)}">
<p><label for="user_email">Email</label><br><input type="text" id="user_email" name="user[email]" autocomplete="username" value="${esc(v.username)}"></p>
<p><label for="user_password">Password</label><br><input type="password" id="user_password" name="user[password]" autocomplete="current-password"></p>
<p><input name="user[remember_me]" type="hidden" value="0"><label><input type="checkbox" value="1" name="user[remember_me]" id="user_remember_me"> Remember me</label></p>
<p><button type="submit" name="commit">Log in</button></p></form>`,
    false,
  );
}

function pager(prev: string | null, next: string | null, page: number, total: number): string {
  return `<nav class="pagination" aria-label="Pagination">${prev ? `<a rel="prev" href="${esc(prev)}">&lsaquo; Prev</a>` : ""} <span class="current">Page ${page} of ${total}</span> ${next ? `<a rel="next" href="${esc(next)}">Next &rsaquo;</a>` : ""}</nav>`;
}

function inboxPage(v: InboxView): string {
  const n = names(v.drift);
  const rows = v.rows
    .map((r) => {
      const dir = r.latest.direction === "outbound" ? "outbound" : "inbound";
      const label = r.listing
        ? `<span class="${n.label}" ${n.testid}="message-thread-label">${esc(r.listing.title)}</span>`
        : "";
      return `<a class="${n.row} ${dir}${r.unread ? " unread" : ""}" href="${esc(PATHS.thread(r.thread.id))}" ${n.threadIdAttr}="${esc(r.thread.id)}" ${n.messageIdAttr}="${esc(r.latest.id)}">
<strong class="${n.name}" ${n.testid}="message-lead-name">${esc(r.thread.leadName)}</strong> ${label}
<p class="${n.preview}">${esc(truncate(r.latest.text, PREVIEW_CHARS, "..."))}</p>
<time class="${n.time}" datetime="${iso(r.latest.at)}">${esc(mediumDate(r.latest.at))}</time></a>`;
    })
    .join("\n");
  const empty = v.rows.length === 0 ? "<p>You have no messages.</p>" : "";
  return layout(
    "Messages",
    `<h1>Messages</h1><div class="message-list">${rows}</div>${empty}${pager(v.prevHref, v.nextHref, v.page, v.totalPages)}`,
    true,
  );
}

function item(m: Message, leadName: string, drift: boolean): string {
  const n = names(drift);
  const out = m.direction === "outbound";
  return `<div class="${n.item} ${n.item}--${out ? "outbound" : "inbound"}" ${n.messageIdAttr}="${esc(m.id)}" ${n.testid}="thread-message" id="message-${esc(m.id)}">
<div class="message-meta"><span class="message-author">${out ? "You" : esc(leadName)}</span> <time class="${n.time}" datetime="${iso(m.at)}">${esc(mediumDate(m.at))}</time></div>
<div class="${n.body}" ${n.testid}="message-body">${esc(m.text)}</div></div>`;
}

function threadPage(v: ThreadView): string {
  const items = v.messages.map((m) => item(m, v.thread.leadName, v.drift)).join("\n");
  const listing = v.listing
    ? `<p>Listing: <a href="${esc(PATHS.listing(v.listing.id))}">${esc(v.listing.title)}</a></p>`
    : "";
  const err = v.error ? `<div class="alert alert-danger" role="alert">${esc(v.error)}</div>` : "";
  return layout(
    "Conversation",
    `<p><a href="${PATHS.inbox}">&lsaquo; All messages</a></p><h1>${esc(v.thread.leadName)}</h1>${listing}
<div class="conversation">${items}</div>${err}
<form class="reply-form" action="${esc(PATHS.thread(v.thread.id))}" method="post">
<label for="message_body">Your reply</label>
<textarea id="message_body" name="message" data-testid="message-input">${esc(v.draft)}</textarea>
<button type="submit" data-testid="send-button">Send message</button></form>`,
    true,
  );
}

function listingsPage(v: ListingsView): string {
  const n = names(v.drift);
  const cards = v.listings
    .map(
      (l) => `<article class="listing-card" ${n.listingIdAttr}="${esc(l.id)}" ${n.testid}="listing-card">
<h3 class="listing-title"><a href="${esc(PATHS.listing(l.id))}">${esc(l.title)}</a></h3>
<p class="listing-location">${esc(l.location)}</p><p class="listing-price">${esc(l.priceText)}</p>
${l.availableFrom ? `<p class="listing-available">Available ${esc(l.availableFrom)}</p>` : ""}
<span class="listing-status">${l.status === "active" ? "Active" : "Inactive"}</span> <a href="${esc(PATHS.listing(l.id))}/edit">Edit listing</a></article>`,
    )
    .join("\n");
  return layout(
    "My Listings",
    `<h1>My Listings</h1><p class="summary">Active listings and inactive listings you manage.</p>${cards || "<p>No listings yet.</p>"}${pager(v.prevHref, v.nextHref, v.page, v.totalPages)}`,
    true,
  );
}

export const leasebreakMarkup: SiteMarkup = {
  loginPage,
  inboxPage,
  threadPage,
  listingsPage,
  // captcha markers the connector looks for: iframe[src*='hcaptcha'], iframe[src*='recaptcha'], [name='cf-turnstile-response'], [data-sitekey]
  captchaWidget: () =>
    `<div class="h-captcha" data-sitekey="10000000-ffff-ffff-ffff-000000000001"><iframe src="about:blank#hcaptcha-checkbox" title="Widget containing checkbox for hCaptcha security challenge"></iframe></div><input type="hidden" name="cf-turnstile-response" value="">`,
  // challenge markers the connector looks for: #cf-challenge-running, .challenge-form, #challenge-stage, [data-testid='challenge-page']
  challengeWidget: () =>
    `<div id="cf-challenge-running"></div><div id="challenge-stage" data-testid="challenge-page"><form class="challenge-form" action="#"></form></div>`,
  rejectCopy: "Message can't be blank",
};
