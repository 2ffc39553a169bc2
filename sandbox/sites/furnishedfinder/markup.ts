// Furnished Finder markup. Unvalidated platform: built to honour the selector lists its connector tries and the
// generic defaults. Everything here is a guess [G]. The thread page sends with client-side fetch
// and shows per-message delivery marks (sending ○ → sent ✓ → delivered ✓✓ → read, blue ✓✓) by polling a
// status endpoint; "messages continue sending in the background".

import type { Message, Thread } from "../../types.ts";
import { esc, iso, jsonForScript, mediumDate, truncate } from "../../util.ts";
import type { InboxView, LoginView, SiteMarkup, ThreadView } from "../site.ts";

export const PATHS = {
  login: "/login", // [G]
  logout: "/logout", // [G]
  inbox: "/messaging/inbox", // [G]
  thread: (id: string) => `/messaging/thread/${encodeURIComponent(id)}`, // [G]
  send: (id: string) => `/messaging/api/threads/${encodeURIComponent(id)}/messages`, // [G]
  status: "/messaging/api/messages/status", // [G] ?ids=1,2,3
  property: (id: string) => `/property/${encodeURIComponent(id)}`, // [G]
};

export const LOGIN_FIELDS = { username: "username", password: "password", remember: "rememberMe" };
export const PREVIEW_CHARS = 100;
/** Delivery-status timeline of an outbound message [G]: sent at once, delivered after 2 s, read after 6 s. */
export const DELIVERED_AFTER_MS = 2000;
export const READ_AFTER_MS = 6000;
export const STATUS_POLL_MS = 1000;

export type DeliveryStatus = "sent" | "delivered" | "read";

export function deliveryStatus(m: Message, now: number): DeliveryStatus {
  const age = now - m.at;
  if (age >= READ_AFTER_MS) return "read";
  if (age >= DELIVERED_AFTER_MS) return "delivered";
  return "sent";
}

const NAMES = {
  row: "thread-row",
  threadIdAttr: "data-thread-id",
  messageIdAttr: "data-message-id",
  preview: "thread-preview",
  testid: "data-testid",
  sendTestId: "thread-send",
};
const DRIFT: typeof NAMES = {
  row: "conversation-tile",
  threadIdAttr: "data-conversation-key",
  messageIdAttr: "data-latest-key",
  preview: "conversation-tile__snippet",
  testid: "data-test",
  sendTestId: "composer-submit",
};
const names = (drift: boolean) => (drift ? DRIFT : NAMES);

const STYLE = `body{font-family:"Open Sans",Arial,sans-serif;margin:0;color:#333}header{background:#fff;border-bottom:3px solid #e4572e;padding:12px 20px;display:flex;justify-content:space-between}header a{margin-left:14px;color:#e4572e}
main{max-width:880px;margin:20px auto;padding:0 16px}a.thread-row,a.conversation-tile{display:block;border-bottom:1px solid #eee;padding:12px;color:#333;text-decoration:none}
.thread-message{border-radius:10px;padding:8px 12px;margin:8px 0;max-width:70%;background:#f4f4f4}.thread-message.outbound{margin-left:auto;background:#fde9e2}
.message-body{white-space:pre-wrap;word-wrap:break-word}.delivery-mark{font-size:12px;color:#888;margin-left:6px}.delivery-mark.is-read{color:#1a73e8}
textarea{width:100%;min-height:80px}.hidden{display:none}.send-error{color:#c00}`;

function layout(title: string, body: string, loggedIn: boolean): string {
  const nav = loggedIn
    ? `<nav><a href="${PATHS.inbox}">Messages</a><a href="${PATHS.logout}">Sign out</a></nav>`
    : `<nav><a href="${PATHS.login}">Sign in</a></nav>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} | Furnished Finder</title><style>${STYLE}</style></head>
<body><header><a href="/">Furnished Finder</a>${nav}</header><main>${body}</main></body></html>`;
}

function loginPage(v: LoginView): string {
  const err = v.error ? `<p class="send-error" role="alert">Incorrect username or password.</p>` : "";
  return layout(
    "Sign in",
    `<h1>Sign in</h1>${err}<form method="post" action="${PATHS.login}" id="signin">
<input type="hidden" name="next" value="${esc(v.next)}">
<p><label for="username">Username or email</label><br><input type="text" id="username" name="username" autocomplete="username" value="${esc(v.username)}"></p>
<p><label for="password">Password</label><br><input type="password" id="password" name="password" autocomplete="current-password"></p>
<p><label><input type="checkbox" name="rememberMe" value="true"> Remember me</label></p>
<button type="submit">Sign in</button></form>`,
    false,
  );
}

function inboxPage(v: InboxView): string {
  const n = names(v.drift);
  const rows = v.rows
    .map((r) => {
      const dir = r.latest.direction === "outbound" ? "outbound" : "inbound";
      return `<a class="${n.row} ${dir}${r.unread ? " unread" : ""}" href="${esc(PATHS.thread(r.thread.id))}" ${n.threadIdAttr}="${esc(r.thread.id)}" ${n.messageIdAttr}="${esc(r.latest.id)}">
<span class="thread-name">${esc(r.thread.leadName)}</span>
${r.listing ? `<span class="thread-property">${esc(r.listing.title)}</span>` : ""}
<span class="${n.preview}" ${n.testid}="thread-preview">${esc(truncate(r.latest.text, PREVIEW_CHARS, "..."))}</span>
<time datetime="${iso(r.latest.at)}">${esc(mediumDate(r.latest.at))}</time></a>`;
    })
    .join("\n");
  const pager = `<div class="pagination">${v.prevHref ? `<a rel="prev" href="${esc(v.prevHref)}">Previous</a>` : ""} ${v.nextHref ? `<a rel="next" href="${esc(v.nextHref)}">Next</a>` : ""}</div>`;
  return layout(
    "Inbox",
    `<h1>Inbox</h1><div class="threads">${rows}</div>${v.rows.length ? "" : "<p>No conversations.</p>"}${pager}`,
    true,
  );
}

const MARKS: Record<DeliveryStatus | "sending", { mark: string; label: string }> = {
  sending: { mark: "○", label: "Sending" },
  sent: { mark: "✓", label: "Sent" },
  delivered: { mark: "✓✓", label: "Delivered" },
  read: { mark: "✓✓", label: "Read" },
};

function messageJson(m: Message, _thread: Thread, now: number) {
  return {
    id: m.id,
    body: m.text,
    direction: m.direction,
    sentAt: iso(m.at),
    sentAtText: mediumDate(m.at),
    status: m.direction === "outbound" ? deliveryStatus(m, now) : null,
  };
}

function item(m: Message, leadName: string, now: number, drift: boolean): string {
  const n = names(drift);
  const out = m.direction === "outbound";
  const status = out ? deliveryStatus(m, now) : null;
  const mark = status
    ? `<span class="delivery-mark${status === "read" ? " is-read" : ""}" aria-label="${MARKS[status].label}">${MARKS[status].mark}</span>`
    : "";
  return `<div class="thread-message ${out ? "outbound" : "inbound"}" ${n.testid}="thread-message" ${n.messageIdAttr}="${esc(m.id)}"${status ? ` data-status="${status}"` : ""}>
<div class="author">${out ? "You" : esc(leadName)}</div>
<div class="message-body" ${n.testid}="message-body">${esc(m.text)}</div>
<time ${n.testid}="message-time" datetime="${iso(m.at)}">${esc(mediumDate(m.at))}</time>${mark}</div>`;
}

function clientScript(v: ThreadView): string {
  const n = names(v.drift);
  const cfg = jsonForScript({
    sendUrl: PATHS.send(v.thread.id),
    statusUrl: PATHS.status,
    poll: STATUS_POLL_MS,
    idAttr: n.messageIdAttr,
    testid: n.testid,
    marks: MARKS,
  });
  return `<script>(function(){
var cfg=${cfg};
var list=document.getElementById("thread-messages");
var form=document.getElementById("thread-composer");
var ta=form.querySelector("textarea");
var note=document.getElementById("background-note");
var err=document.getElementById("send-error");
function setStatus(el,s){
  el.setAttribute("data-status",s);
  var mk=el.querySelector(".delivery-mark");
  mk.textContent=cfg.marks[s].mark;mk.setAttribute("aria-label",cfg.marks[s].label);
  mk.className="delivery-mark"+(s==="read"?" is-read":"");
}
function bubble(text){
  var el=document.createElement("div");
  el.className="thread-message outbound";
  el.setAttribute(cfg.testid,"thread-message");
  var a=document.createElement("div");a.className="author";a.textContent="You";
  var b=document.createElement("div");b.className="message-body";b.setAttribute(cfg.testid,"message-body");b.textContent=text;
  var t=document.createElement("time");t.setAttribute(cfg.testid,"message-time");
  var mk=document.createElement("span");mk.className="delivery-mark";
  el.appendChild(a);el.appendChild(b);el.appendChild(t);el.appendChild(mk);
  setStatus(el,"sending");
  return el;
}
function sendingCount(){return list.querySelectorAll('[data-status="sending"]').length;}
function updateNote(){note.classList.toggle("hidden",sendingCount()===0);}
form.addEventListener("submit",function(e){e.preventDefault();});
document.getElementById("send-btn").addEventListener("click",function(){
  var text=ta.value;
  if(!text.trim())return;
  var el=bubble(text);list.appendChild(el);ta.value="";err.classList.add("hidden");updateNote();
  fetch(cfg.sendUrl,{method:"POST",headers:{"Content-Type":"application/json","Accept":"application/json"},body:JSON.stringify({messageBody:text}),credentials:"same-origin"})
  .then(function(res){
    if(res.redirected){location.href=res.url;return;}
    if(res.status===201){return res.json().then(function(d){
      if(!d.message)return; // accepted, still sending in the background
      el.setAttribute(cfg.idAttr,d.message.id);
      var t=el.querySelector("time");t.setAttribute("datetime",d.message.sentAt);t.textContent=d.message.sentAtText;
      setStatus(el,d.message.status||"sent");updateNote();
    });}
    return res.json().catch(function(){return {};}).then(function(d){
      el.setAttribute("data-status","failed");el.querySelector(".delivery-mark").textContent="!";
      err.textContent=(d&&d.message)||"Message failed to send. Tap to retry.";err.classList.remove("hidden");updateNote();
    });
  })
  .catch(function(){el.setAttribute("data-status","failed");el.querySelector(".delivery-mark").textContent="!";err.textContent="Message failed to send. Tap to retry.";err.classList.remove("hidden");updateNote();});
});
setInterval(function(){
  var els=list.querySelectorAll('[data-status="sent"],[data-status="delivered"]');
  if(!els.length)return;
  var ids=[];els.forEach(function(x){var id=x.getAttribute(cfg.idAttr);if(id)ids.push(id);});
  if(!ids.length)return;
  fetch(cfg.statusUrl+"?ids="+encodeURIComponent(ids.join(",")),{headers:{"Accept":"application/json"},credentials:"same-origin"})
  .then(function(r){return r.ok?r.json():{statuses:{}};})
  .then(function(d){els.forEach(function(x){var s=d.statuses&&d.statuses[x.getAttribute(cfg.idAttr)];if(s)setStatus(x,s);});})
  .catch(function(){});
},cfg.poll);
})();</script>`;
}

function threadPage(v: ThreadView): string {
  const n = names(v.drift);
  const err = v.error
    ? `<p class="send-error" id="send-error" role="alert">${esc(v.error)}</p>`
    : `<p class="send-error hidden" id="send-error" role="alert"></p>`;
  return layout(
    "Conversation",
    `<p><a href="${PATHS.inbox}">&larr; Inbox</a></p><h1 class="thread-title">${esc(v.thread.leadName)}</h1>
${v.listing ? `<p class="thread-property"><a href="${esc(PATHS.property(v.listing.id))}">${esc(v.listing.title)}</a></p>` : ""}
<div id="thread-messages" class="thread-messages">${v.messages.map((m) => item(m, v.thread.leadName, v.now, v.drift)).join("\n")}</div>
${err}
<form id="thread-composer" action="#" method="post">
<textarea name="messageBody" placeholder="Write a message...">${esc(v.draft)}</textarea>
<button type="button" id="send-btn" ${n.testid}="${n.sendTestId}">Send</button>
<p id="background-note" class="hidden">Messages continue sending in the background.</p></form>
${clientScript(v)}`,
    true,
  );
}

export const furnishedfinderMarkup: SiteMarkup = {
  loginPage,
  inboxPage,
  threadPage,
  messageJson,
  // captcha markers the connector looks for: iframe[src*='captcha'], [data-testid='captcha-frame']
  captchaWidget: () =>
    `<div data-testid="captcha-frame"><iframe src="about:blank#captcha" title="captcha" width="304" height="78"></iframe></div>`,
  // challenge markers the connector looks for: #challenge-stage, [data-testid='bot-challenge']
  challengeWidget: () => `<div id="challenge-stage" data-testid="bot-challenge"></div>`,
  rejectCopy: "Message cannot be empty.",
};
