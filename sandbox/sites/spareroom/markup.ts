// SpareRoom (US) markup. Every selector, id format and text a connector reads lives here.
// [V] = documented real-site fact, [G] = guess, [I] = inferred. See sandbox/README.md.

import type { Message } from "../../types.ts";
import { esc, spareRoomInboxDate, spareRoomThreadDate, truncate } from "../../util.ts";
import type { InboxView, ListingsView, LoginView, SiteMarkup, ThreadView } from "../site.ts";

export const PATHS = {
  login: "/roommate/logon.pl", // [V]
  logout: "/roommate/logout.pl", // [G]
  inbox: "/roommate/mythreads_beta.pl", // [V]
  thread: (id: string) => `/roommate/mythreads_beta.pl?thread_id=${encodeURIComponent(id)}`, // [V]
  listings: "/roommate/mylistings.pl", // [V] ?offset=N& (trailing & literal)
  advert: (id: string) => `/roommate/flatshare_detail.pl?flatshare_id=${encodeURIComponent(id)}`, // [G]
};

/** Login form field names [G]; the real names are not recorded anywhere. */
export const LOGIN_FIELDS = { username: "loginemail", password: "loginpass", remember: "remember_me" };

export const SNIPPET_CHARS = 90; // [G] preview length before "..."

const NAMES = {
  threadItem: "thread_item", // [V]
  threadIn: "thread_in", // [V]
  threadOut: "thread_out", // [V]
  threadIdAttr: "data-thread-id", // [V]
  messageIdAttr: "data-message-id", // [V]
  name: "name", // [V] span.name "Name (N)"
  snippet: "snippet", // [V]
  threadDate: "threadDate", // [V] i.threadDate
  adTitle: "ad-title", // [V]
  message: "message", // [V] li.message
  messageOut: "message_out", // [V]
  msgIdPrefix: "msg_", // [V]
  body: "message_body", // [V] dd.message_body
  date: "message_date", // [V] dd.message_date
  submitName: "btnSubmit", // [V]
  listingResult: "listing-result", // [V]
  advertPrefix: "advert-", // [V]
  cardTitle: "listing-card__title", // [V]
  cardLocation: "listing-card__location", // [V]
  cardPrice: "listing-card__price", // [V]
};

/** markup_drift: the same pages with renamed classes/attributes (documented selectors stop matching). */
const DRIFT: typeof NAMES = {
  threadItem: "conversation-card",
  threadIn: "conversation-card--received",
  threadOut: "conversation-card--replied",
  threadIdAttr: "data-conversation-ref",
  messageIdAttr: "data-latest-ref",
  name: "sender",
  snippet: "excerpt",
  threadDate: "conv-when",
  adTitle: "advert-label",
  message: "msg-item",
  messageOut: "msg-item--mine",
  msgIdPrefix: "m-",
  body: "msg-text",
  date: "msg-when",
  submitName: "send",
  listingResult: "advert-row",
  advertPrefix: "ad-",
  cardTitle: "advert-row__heading",
  cardLocation: "advert-row__area",
  cardPrice: "advert-row__rent",
};

const names = (drift: boolean) => (drift ? DRIFT : NAMES);

const STYLE = `body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#333}header{background:#00a7e1;color:#fff;padding:10px 20px;display:flex;justify-content:space-between}header a{color:#fff;margin-left:12px}main{max-width:900px;margin:20px auto;padding:0 16px}
a.thread_item,a.conversation-card{display:grid;grid-template-columns:200px 1fr 140px;gap:8px;padding:10px;border-bottom:1px solid #ddd;color:#333;text-decoration:none}
.unread{font-weight:bold}.snippet,.excerpt{color:#666}.ad-title,.advert-label{grid-column:2;color:#00a7e1;font-size:12px}
li.message,li.msg-item{list-style:none;border:1px solid #ddd;border-radius:6px;margin:8px 0;padding:8px;max-width:70%}li.message_out,li.msg-item--mine{margin-left:auto;background:#e6f7fd}
dd{margin:0}.message_body,.msg-text{white-space:pre-wrap;word-wrap:break-word}.message_date,.msg-when{color:#888;font-size:12px}
textarea{width:100%;box-sizing:border-box}.alert--error{background:#fde8e8;color:#a00;padding:8px;border:1px solid #a00}`;

function layout(title: string, body: string, loggedIn: boolean): string {
  const nav = loggedIn
    ? `<nav><a href="${PATHS.inbox}">Messages</a><a href="${PATHS.listings}?offset=0&amp;">My listings</a><a href="${PATHS.logout}">Log out</a></nav>`
    : `<nav><a href="${PATHS.login}">Log in</a><a href="/roommate/register.pl">Register</a></nav>`;
  return `<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>${esc(title)} - SpareRoom</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body class="spareroom-us"><header id="header"><a href="/" class="logo">SpareRoom</a>${nav}</header>
<main id="maincontent">${body}</main><footer id="footer"><p>&copy; SpareRoom.com (sandbox)</p></footer></body></html>`;
}

function loginPage(v: LoginView): string {
  const err = v.error
    ? `<p class="alert alert--error" role="alert">Sorry, we don't recognise that email address and password combination.</p>`
    : "";
  return layout(
    "Log in",
    `<h1>Log in to SpareRoom</h1>${err}
<form method="post" action="${PATHS.login}" id="loginform" name="loginform">
<input type="hidden" name="next" value="${esc(v.next)}">
<p><label for="loginemail">Email address</label><br><input type="text" name="${LOGIN_FIELDS.username}" id="loginemail" autocomplete="username" value="${esc(v.username)}"></p>
<p><label for="loginpass">Password</label><br><input type="password" name="${LOGIN_FIELDS.password}" id="loginpass" autocomplete="current-password"></p>
<input type="hidden" name="remember_me" id="remember_me" value="N">
<p><label><input type="checkbox" id="remember_me_checkbox"> Keep me logged in</label></p>
<p><button type="submit" id="sign-in-button" name="sign-in-button">Log in</button></p>
</form>
<script>(function(){var cb=document.getElementById("remember_me_checkbox"),h=document.getElementById("remember_me");cb.addEventListener("change",function(){h.value=cb.checked?"Y":"N";});})();</script>`,
    false,
  );
}

function authGatePage(_v: { next: string; drift: boolean }): string {
  return layout(
    "Log in or register",
    `<div class="login-prompt"><h1>Please log in</h1>
<p>To view this content you will need to either <a href="${PATHS.login}">log in</a> or <a href="/roommate/register.pl">register</a>.</p></div>`,
    false,
  );
}

function inboxPage(v: InboxView): string {
  const n = names(v.drift);
  const rows = v.rows
    .map((r) => {
      const dir = r.latest.direction === "outbound" ? n.threadOut : n.threadIn;
      const label = r.listing ? `<span class="${n.adTitle}">${esc(r.listing.title)}</span>` : "";
      return `<a class="${n.threadItem} ${dir}${r.unread ? " unread" : ""}" href="${esc(PATHS.thread(r.thread.id))}" ${n.threadIdAttr}="${esc(r.thread.id)}" ${n.messageIdAttr}="${esc(r.latest.id)}">
<span class="${n.name}">${esc(r.thread.leadName)} (${r.count})</span>
<span class="${n.snippet}">${esc(truncate(r.latest.text, SNIPPET_CHARS, "..."))}</span>
<i class="${n.threadDate}">${esc(spareRoomInboxDate(r.latest.at, v.now))}</i>
${label}</a>`;
    })
    .join("\n");
  const pager = `<div class="paginate">${v.prevHref ? `<a class="prev" rel="prev" href="${esc(v.prevHref)}">&laquo; Previous</a>` : ""} <span class="page-of">Page ${v.page} of ${v.totalPages}</span> ${v.nextHref ? `<a class="next" rel="next" href="${esc(v.nextHref)}">Next &raquo;</a>` : ""}</div>`;
  const empty = v.rows.length === 0 ? `<p class="no-messages">You have no messages.</p>` : "";
  return layout(
    "Messages",
    `<h1>Messages</h1><div id="threads" class="thread_list">${rows}</div>${empty}${pager}`,
    true,
  );
}

function messageItem(m: Message, leadName: string, drift: boolean): string {
  const n = names(drift);
  const out = m.direction === "outbound";
  return `<li class="${n.message}${out ? ` ${n.messageOut}` : " message_in"}" id="${n.msgIdPrefix}${esc(m.id)}">
<dl><dt class="message_from">${out ? "You" : esc(leadName)}</dt>
<dd class="${n.body}">${esc(m.text)}</dd>
<dd class="${n.date}">${esc(spareRoomThreadDate(m.at))}</dd></dl></li>`;
}

function threadPage(v: ThreadView): string {
  const n = names(v.drift);
  const items = v.messages.map((m) => messageItem(m, v.thread.leadName, v.drift)).join("\n");
  const advert = v.listing
    ? `<p class="thread-advert">Re: <a href="${esc(PATHS.advert(v.listing.id))}">${esc(v.listing.title)}</a></p>`
    : "";
  const err = v.error ? `<p class="alert alert--error" role="alert">${esc(v.error)}</p>` : "";
  return layout(
    "Messages",
    `<p><a href="${PATHS.inbox}">&laquo; Back to messages</a></p>
<h1 class="thread-title">Conversation with ${esc(v.thread.leadName)}</h1>${advert}
<ul class="message_list">${items}</ul>
${err}
<form method="post" action="${esc(PATHS.thread(v.thread.id))}" id="reply_form" name="reply_form">
<input type="hidden" name="thread_id" value="${esc(v.thread.id)}">
<label for="message">Reply</label>
<textarea name="message" id="message" rows="6">${esc(v.draft)}</textarea>
<button type="submit" name="${n.submitName}" value="Send" class="button">Send message</button>
</form>`,
    true,
  );
}

function listingsPage(v: ListingsView): string {
  const n = names(v.drift);
  const cards = v.listings
    .map((l) => {
      const live = l.status === "active";
      const avail = l.availableFrom
        ? `<p class="listing-card__available">Available ${esc(l.availableFrom)}</p>`
        : "";
      return `<li class="${n.listingResult} ${n.listingResult}--${live ? "live" : "not_live"}" id="${n.advertPrefix}${esc(l.id)}">
<h3>${live ? "Your advert is live" : "Your advert is deactivated"}</h3>
<a href="${esc(PATHS.advert(l.id))}"><span class="${n.cardTitle}">${esc(l.title)}</span></a>
<p class="${n.cardLocation}">${esc(l.location)}</p>
<p class="${n.cardPrice}">${esc(l.priceText)}</p>${avail}</li>`;
    })
    .join("\n");
  const pager = `<div class="paginate">${v.prevHref ? `<a class="prev" rel="prev" href="${esc(v.prevHref)}">&laquo; Previous</a>` : ""} ${v.nextHref ? `<a class="next" rel="next" href="${esc(v.nextHref)}">Next &raquo;</a>` : ""}</div>`;
  return layout("My listings", `<h1>My listings</h1><ul class="listing-results">${cards}</ul>${pager}`, true);
}

export const spareroomMarkup: SiteMarkup = {
  loginPage,
  authGatePage,
  inboxPage,
  threadPage,
  listingsPage,
  // captcha markers the connector looks for: iframe[title*='captcha'], [data-sitekey], #g-recaptcha-response
  captchaWidget: () =>
    `<div class="g-recaptcha" data-sitekey="6LfSandboxSpareRoomKey000000000000000000"><iframe title="reCAPTCHA captcha challenge" src="about:blank" width="304" height="78"></iframe></div><textarea id="g-recaptcha-response" name="g-recaptcha-response" style="display:none"></textarea>`,
  // challenge markers the connector looks for: iframe[src*='challenge'], #challenge-form, [data-cy='bot-check']
  challengeWidget: () =>
    `<form id="challenge-form" action="#" method="POST" data-cy="bot-check"><iframe src="about:blank#challenge-platform" title="Widget containing a Cloudflare security challenge"></iframe></form>`,
  rejectCopy: "Sorry, your message could not be sent. Please check it and try again.",
};
