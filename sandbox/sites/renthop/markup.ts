// RentHop markup. Unvalidated platform: built to honour the selector lists of the selector lists its connector tries and
// the generic defaults. Everything here is a guess [G]. Each selector a connector reads lives in this module.

import type { Message } from "../../types.ts";
import { esc, iso, mediumDate, truncate } from "../../util.ts";
import type { InboxView, LoginView, SiteMarkup, ThreadView } from "../site.ts";

export const PATHS = {
  login: "/login", // [G]
  logout: "/logout", // [G]
  inbox: "/account/messages", // [G]
  thread: (id: string) => `/account/messages/${encodeURIComponent(id)}`, // [G]
  listing: (id: string) => `/listings/${encodeURIComponent(id)}`, // [G]
};

export const LOGIN_FIELDS = { username: "username", password: "password", remember: "remember" };
export const PREVIEW_CHARS = 120;

const NAMES = {
  item: "message-item",
  testid: "data-testid",
  threadIdAttr: "data-thread-id",
  messageIdAttr: "data-message-id",
  snippet: "message-text",
  bubble: "message-bubble",
  body: "message-body",
  sendTestId: "send-button",
};
const DRIFT: typeof NAMES = {
  item: "inbox-entry",
  testid: "data-qa",
  threadIdAttr: "data-conversation",
  messageIdAttr: "data-last-msg",
  snippet: "inbox-entry__excerpt",
  bubble: "chat-line",
  body: "chat-line__content",
  sendTestId: "reply-submit",
};
const names = (drift: boolean) => (drift ? DRIFT : NAMES);

const STYLE = `body{font-family:Arial,sans-serif;margin:0;color:#333}header{background:#2c3e50;color:#fff;padding:12px 20px;display:flex;justify-content:space-between}header a{color:#fff;margin-left:14px}
main{max-width:900px;margin:20px auto;padding:0 16px}.message-item,.inbox-entry{border-bottom:1px solid #e0e0e0;padding:10px}.message-item a,.inbox-entry a{color:#333;text-decoration:none;display:block}
.message-bubble,.chat-line{border-radius:8px;padding:8px 12px;margin:8px 0;max-width:70%;background:#f1f1f1}.outbound{margin-left:auto;background:#dff0ff}.message-body,.chat-line__content{white-space:pre-wrap;word-wrap:break-word}
textarea{width:100%;min-height:80px}.form-error{color:#c0392b}`;

function layout(title: string, body: string, loggedIn: boolean): string {
  const nav = loggedIn
    ? `<nav><a href="${PATHS.inbox}">Messages</a><a href="${PATHS.logout}">Log out</a></nav>`
    : `<nav><a href="${PATHS.login}">Log in</a></nav>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} - RentHop</title><style>${STYLE}</style></head>
<body><header><a href="/">RentHop</a>${nav}</header><main>${body}</main></body></html>`;
}

function loginPage(v: LoginView): string {
  const err = v.error ? `<p class="form-error" role="alert">Invalid username or password.</p>` : "";
  return layout(
    "Log in",
    `<h1>Log in to RentHop</h1>${err}<form method="post" action="${PATHS.login}" id="login-form">
<input type="hidden" name="next" value="${esc(v.next)}">
<p><label for="username">Email or username</label><br><input type="text" id="username" name="username" autocomplete="username" value="${esc(v.username)}"></p>
<p><label for="password">Password</label><br><input type="password" id="password" name="password" autocomplete="current-password"></p>
<p><label><input type="checkbox" name="remember" value="1"> Keep me logged in</label></p>
<button type="submit">Log in</button></form>`,
    false,
  );
}

function inboxPage(v: InboxView): string {
  const n = names(v.drift);
  const rows = v.rows
    .map((r) => {
      const dir = r.latest.direction === "outbound" ? "outbound" : "inbound";
      return `<div class="${n.item} ${dir}${r.unread ? " unread" : ""}" ${n.testid}="message-item" ${n.threadIdAttr}="${esc(r.thread.id)}" ${n.messageIdAttr}="${esc(r.latest.id)}">
<a href="${esc(PATHS.thread(r.thread.id))}"><strong class="lead-name">${esc(r.thread.leadName)}</strong>
${r.listing ? `<span class="listing-title">${esc(r.listing.title)}</span>` : ""}
<span class="${n.snippet}" ${n.testid}="message-snippet">${esc(truncate(r.latest.text, PREVIEW_CHARS, "..."))}</span>
<time datetime="${iso(r.latest.at)}">${esc(mediumDate(r.latest.at))}</time></a></div>`;
    })
    .join("\n");
  const pager = `<div class="pagination">${v.prevHref ? `<a rel="prev" href="${esc(v.prevHref)}">Previous</a>` : ""} ${v.nextHref ? `<a rel="next" href="${esc(v.nextHref)}">Next</a>` : ""}</div>`;
  return layout(
    "Messages",
    `<h1>Messages</h1><div class="inbox">${rows}</div>${v.rows.length ? "" : "<p>No messages.</p>"}${pager}`,
    true,
  );
}

function item(m: Message, leadName: string, drift: boolean): string {
  const n = names(drift);
  const out = m.direction === "outbound";
  return `<div class="${n.bubble} ${out ? "outbound" : "inbound"}" ${n.messageIdAttr}="${esc(m.id)}" data-direction="${out ? "outbound" : "inbound"}">
<div class="author">${out ? "You" : esc(leadName)}</div>
<div class="${n.body}" ${n.testid}="message-body">${esc(m.text)}</div>
<time datetime="${iso(m.at)}">${esc(mediumDate(m.at))}</time></div>`;
}

function threadPage(v: ThreadView): string {
  const n = names(v.drift);
  const err = v.error ? `<p class="form-error" role="alert">${esc(v.error)}</p>` : "";
  return layout(
    "Conversation",
    `<p><a href="${PATHS.inbox}">&larr; Messages</a></p><h1>${esc(v.thread.leadName)}</h1>
${v.listing ? `<p class="listing-ref">About <a href="${esc(PATHS.listing(v.listing.id))}">${esc(v.listing.title)}</a></p>` : ""}
<div class="conversation">${v.messages.map((m) => item(m, v.thread.leadName, v.drift)).join("\n")}</div>${err}
<form method="post" action="${esc(PATHS.thread(v.thread.id))}" class="reply">
<textarea name="message" placeholder="Type your message">${esc(v.draft)}</textarea>
<button type="submit" ${n.testid}="${n.sendTestId}">Send</button></form>`,
    true,
  );
}

export const renthopMarkup: SiteMarkup = {
  loginPage,
  inboxPage,
  threadPage,
  // captcha markers the connector looks for: iframe[src*='recaptcha'], [name='cf-turnstile-response']
  captchaWidget: () =>
    `<iframe src="about:blank#recaptcha-anchor" title="reCAPTCHA" width="304" height="78"></iframe><input type="hidden" name="cf-turnstile-response" value="">`,
  // challenge markers the connector looks for: #challenge-form, [data-testid='challenge-screen']
  challengeWidget: () => `<form id="challenge-form" action="#" data-testid="challenge-screen"></form>`,
  rejectCopy: "Please enter a message.",
};
