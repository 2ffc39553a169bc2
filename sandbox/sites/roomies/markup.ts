// Roomies markup (Tailwind classes + an Alpine.js-like client-rendered thread). Every selector, id format and
// text a connector reads lives here. [V] = documented real-site fact, [G] = guess.

import type { Message, Thread } from "../../types.ts";
import { esc, iso, jsonForScript, relativeAgo, truncate } from "../../util.ts";
import type { InboxView, ListingsView, LoginView, SiteMarkup, ThreadView } from "../site.ts";

export const PATHS = {
  login: "/login", // [G] (auth URL patterns suggest /login)
  logout: "/logout", // [G]
  inbox: "/inbox", // [V]
  thread: (id: string) => `/inbox/${encodeURIComponent(id)}`, // [V]
  send: (id: string) => `/inbox/${encodeURIComponent(id)}/messages`, // [G] client-side fetch POST
  listings: "/dashboard", // [V-ish] "Manage your listings" copy
  room: (id: string) => `/rooms/${encodeURIComponent(id)}`, // [V]
};

export const LOGIN_FIELDS = { username: "email", password: "password", remember: "remember" }; // [G]
export const PREVIEW_CHARS = 120; // [G]
export const LOADING_DELAY_MS = 350; // [G] "Loading messages" shows this long before items render

const NAMES = {
  rowClass: "flex gap-4 items-center px-4 py-3 border-b border-gray-200 hover:bg-teal-lightest", // [V]
  nameClass: "font-semibold text-gray-800", // [V]
  previewClass: "text-gray-700 text-sm truncate", // [V]
  xData: "x-data", // [V]
  itemFn: "messageItem", // [V]
  contentClass: "whitespace-pre-line", // [V]
  ourBubble: "bg-teal text-white", // [V]
  theirBubble: "bg-gray-100 text-gray-800",
  orange: "bg-brand-orange", // [V]
  composerName: "body", // [V] textarea[name='body']
  listingCard: "data-listing-id", // [G]
};

const DRIFT: typeof NAMES = {
  rowClass: "grid grid-cols-12 items-center px-4 py-3 border-b border-slate-200 hover:bg-mint-50",
  nameClass: "font-bold text-slate-900",
  previewClass: "text-slate-600 text-xs line-clamp-1",
  xData: "x-bind:data-item",
  itemFn: "chatBubble",
  contentClass: "break-words",
  ourBubble: "bg-mint-600 text-slate-50",
  theirBubble: "bg-slate-100 text-slate-900",
  orange: "bg-accent-500",
  composerName: "content",
  listingCard: "data-card-ref",
};

const names = (drift: boolean) => (drift ? DRIFT : NAMES);

// A few Tailwind utilities, since there is no Tailwind build here.
const STYLE = `*{box-sizing:border-box}body{font-family:system-ui,sans-serif;margin:0;color:#1f2937}.hidden{display:none!important}
.flex{display:flex}.gap-4{gap:1rem}.items-center{align-items:center}.px-4{padding-left:1rem;padding-right:1rem}.py-3{padding-top:.75rem;padding-bottom:.75rem}.py-2{padding-top:.5rem;padding-bottom:.5rem}.border-b{border-bottom:1px solid #e5e7eb}
.flex-1{flex:1}.min-w-0{min-width:0}.truncate{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.text-sm{font-size:.875rem}.text-xs{font-size:.75rem}.font-semibold{font-weight:600}
.text-gray-800{color:#1f2937}.text-gray-700{color:#374151}.text-gray-500{color:#6b7280}.rounded-full{border-radius:9999px}.rounded-lg{border-radius:.5rem}.inline-block{display:inline-block}
.bg-teal,.bg-mint-600{background:#14b8a6}.text-white{color:#fff}.bg-gray-100,.bg-slate-100{background:#f3f4f6}.bg-brand-orange,.bg-accent-500{background:#f97316;color:#fff;border:0;padding:.5rem 1.25rem;border-radius:.375rem;cursor:pointer}
.justify-end{justify-content:flex-end}.justify-start{justify-content:flex-start}.whitespace-pre-line{white-space:pre-line}.break-words{white-space:pre-line;word-break:break-word}
.avatar{width:2.5rem;height:2.5rem;background:#14b8a6;color:#fff;display:flex;align-items:center;justify-content:center;border-radius:9999px;flex-shrink:0}
a{color:inherit;text-decoration:none}header{background:#0f766e;color:#fff;padding:.75rem 1rem;display:flex;justify-content:space-between}header nav a{margin-left:1rem}
main{max-width:56rem;margin:0 auto}ul{list-style:none;margin:0;padding:0}li{margin:.5rem 0}textarea{width:100%;min-height:5rem}.chip{border:1px solid #d1d5db;border-radius:9999px;padding:.25rem .75rem;font-size:.875rem}.chip-on{background:#0f766e;color:#fff}`;

function layout(title: string, body: string, loggedIn: boolean): string {
  const nav = loggedIn
    ? `<nav><a href="${PATHS.inbox}">Inbox</a><a href="${PATHS.listings}">Dashboard</a><a href="${PATHS.logout}">Log out</a></nav>`
    : `<nav><a href="${PATHS.login}">Log in</a><a href="/register">Sign up</a></nav>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} | Roomies.com</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body class="bg-white antialiased"><header><a href="/" class="font-semibold">Roomies</a>${nav}</header><main>${body}</main></body></html>`;
}

function loginPage(v: LoginView): string {
  const err = v.error
    ? `<div role="alert" class="text-sm" style="color:#b91c1c">These credentials do not match our records.</div>`
    : "";
  return layout(
    "Log in",
    `<div class="px-4 py-3"><h1 class="font-semibold">Log in to Roomies</h1>${err}
<form method="POST" action="${PATHS.login}">
<input type="hidden" name="next" value="${esc(v.next)}">
<p><label for="email">Email</label><br><input id="email" type="text" name="${LOGIN_FIELDS.username}" autocomplete="username" value="${esc(v.username)}" required></p>
<p><label for="password">Password</label><br><input id="password" type="password" name="${LOGIN_FIELDS.password}" autocomplete="current-password" required></p>
<p><label><input type="checkbox" name="remember" value="on"> Remember me</label></p>
<button type="submit" class="bg-brand-orange">Log in</button></form></div>`,
    false,
  );
}

function inboxPage(v: InboxView): string {
  const n = names(v.drift);
  const rows = v.rows
    .map((r) => {
      const ours = r.latest.direction === "outbound";
      const preview = `${ours ? "You: " : ""}${truncate(r.latest.text, PREVIEW_CHARS, "...")}`;
      const initial = Array.from(r.thread.leadName.trim())[0]?.toUpperCase() ?? "?";
      return `<a href="${esc(PATHS.thread(r.thread.id))}" class="${n.rowClass}${r.unread ? " is-unread" : ""}">
<div class="avatar">${esc(initial)}</div>
<div class="flex-1 min-w-0"><div class="${n.nameClass}">${esc(r.thread.leadName)}</div>
<div class="${n.previewClass}">${esc(preview)}</div></div>
<div class="text-xs text-gray-500">${esc(relativeAgo(r.latest.at, v.now))}</div></a>`;
    })
    .join("\n");
  const chips = `<div class="flex gap-4 px-4 py-3"><a href="${PATHS.inbox}" class="chip${v.unreadOnly ? "" : " chip-on"}">All</a><a href="${PATHS.inbox}?unread=1" class="chip${v.unreadOnly ? " chip-on" : ""}">Unread only</a></div>`;
  const pager = `<div class="flex gap-4 px-4 py-3 pagination">${v.prevHref ? `<a rel="prev" href="${esc(v.prevHref)}">Previous</a>` : ""}${v.nextHref ? `<a rel="next" href="${esc(v.nextHref)}">Next</a>` : ""}</div>`;
  const empty = v.rows.length === 0 ? `<p class="px-4 py-3 text-gray-500">No messages yet.</p>` : "";
  return layout(
    "Inbox",
    `<h1 class="px-4 font-semibold">Messages</h1>${chips}<div class="divide-y">${rows}</div>${empty}${pager}`,
    true,
  );
}

/** Alpine-state message shape: numeric id, ISO timestamps [V shape, I format]. */
function messageJson(m: Message, _thread: Thread, _now: number) {
  return {
    id: Number(m.id),
    content: m.text,
    system: false,
    created_at: iso(m.at),
    delivered_at: iso(m.at),
    read_at: null,
  };
}

function clientScript(drift: boolean): string {
  const n = names(drift);
  const cfg = jsonForScript({
    xData: n.xData,
    itemFn: n.itemFn,
    contentClass: n.contentClass,
    ourBubble: n.ourBubble,
    theirBubble: n.theirBubble,
    loadingDelay: LOADING_DELAY_MS,
  });
  return `<script>(function(){
var cfg=${cfg};
var data=JSON.parse(document.getElementById("thread-data").textContent);
var list=document.getElementById("message-list");
function item(m,isSender){
  var li=document.createElement("li");
  li.setAttribute(cfg.xData,cfg.itemFn+"(message, "+(isSender?"true":"false")+")");
  li.className="flex "+(isSender?"justify-end":"justify-start");
  li._x_dataStack=[{message:m,isSender:isSender}];
  var bubble=document.createElement("div");
  bubble.className="inline-block px-4 py-2 rounded-lg "+(isSender?cfg.ourBubble:cfg.theirBubble);
  var content=document.createElement("div");
  content.className=cfg.contentClass;
  content.setAttribute("x-text","message.content");
  content.textContent=m.content;
  var time=document.createElement("time");
  time.className="text-xs";
  time.setAttribute("x-text","new Date(message.created_at).toLocaleTimeString()");
  time.textContent=new Date(m.created_at).toLocaleTimeString();
  bubble.appendChild(content);bubble.appendChild(document.createElement("br"));bubble.appendChild(time);
  li.appendChild(bubble);
  return li;
}
setTimeout(function(){
  list.textContent="";
  data.messages.forEach(function(x){list.appendChild(item(x.message,x.isSender));});
},cfg.loadingDelay);
var form=document.getElementById("composer");
var ta=form.querySelector("textarea");
var send=document.getElementById("send-button");
var err=document.getElementById("send-error");
function showError(t){err.textContent=t;err.classList.remove("hidden");}
form.addEventListener("submit",function(e){
  e.preventDefault();
  if(e.submitter!==send)return; // only the visible orange button sends
  var text=ta.value;
  if(!text.trim())return;
  send.disabled=true;err.classList.add("hidden");
  fetch(data.sendUrl,{method:"POST",headers:{"Content-Type":"application/json","Accept":"application/json","X-Requested-With":"XMLHttpRequest"},body:JSON.stringify({body:text}),credentials:"same-origin"})
  .then(function(res){
    if(res.redirected){location.href=res.url;return;}
    if(res.status===201){return res.json().then(function(d){if(d.message){list.appendChild(item(d.message,true));}ta.value="";});}
    if(res.status===422){return res.json().then(function(d){showError(d.message||"The message could not be sent.");});}
    showError("Something went wrong. Please try again.");
  })
  .catch(function(){showError("Network error. Please check your connection and try again.");})
  .then(function(){send.disabled=false;});
});
})();</script>`;
}

function threadPage(v: ThreadView): string {
  const n = names(v.drift);
  const data = {
    threadId: Number(v.thread.id),
    sendUrl: PATHS.send(v.thread.id),
    messages: v.messages.map((m) => ({
      message: messageJson(m, v.thread, v.now),
      isSender: m.direction === "outbound",
    })),
  };
  const listing = v.listing
    ? `<a href="${esc(PATHS.room(v.listing.id))}" class="text-sm" style="color:#0f766e">${esc(v.listing.title)}</a>
<a href="${esc(PATHS.room(v.listing.id))}" class="text-sm text-gray-500">More</a>`
    : "";
  return layout(
    "Messages",
    `<div class="flex gap-4 items-center px-4 py-3 border-b"><a href="${PATHS.inbox}" class="text-sm">&larr; Inbox</a>
<h1 class="font-semibold">${esc(v.thread.leadName)}</h1>${listing}</div>
<ul id="message-list" class="px-4 py-3"><li class="text-gray-500 text-sm">Loading messages...</li></ul>
<div id="send-error" role="alert" class="hidden px-4 text-sm" style="color:#b91c1c"></div>
<form id="composer" class="px-4 py-3" action="#" method="post">
<textarea name="${n.composerName}" placeholder="Write a message..." rows="3"></textarea>
<button type="submit" class="hidden">Send</button>
<div role="menu" class="hidden"><button type="submit" role="menuitem" class="${n.orange}">Send and archive</button><button type="button" role="menuitem">Report conversation</button></div>
<div class="flex justify-end py-2"><button type="submit" id="send-button" class="${n.orange} text-white font-semibold">Send</button></div>
</form>
<script type="application/json" id="thread-data">${jsonForScript(data)}</script>
${clientScript(v.drift)}`,
    true,
  );
}

function listingsPage(v: ListingsView): string {
  const n = names(v.drift);
  const cards = v.listings
    .map(
      (l) => `<div ${n.listingCard}="${esc(l.id)}" data-testid="listing-card" class="border-b px-4 py-3">
<h3 class="listing-title font-semibold"><a href="${esc(PATHS.room(l.id))}">${esc(l.title)}</a></h3>
<div class="listing-location text-sm text-gray-500">${esc(l.location)}</div>
<div class="listing-price font-semibold">${esc(l.priceText)}</div>
${l.availableFrom ? `<div class="text-sm">Available from ${esc(l.availableFrom)}</div>` : ""}
<span class="listing-status badge">${l.status === "active" ? "Active" : "Inactive"}</span>
<a href="${esc(PATHS.room(l.id))}/edit" class="text-sm">Edit listing</a></div>`,
    )
    .join("\n");
  const pager = `<div class="flex gap-4 px-4 py-3 pagination">${v.prevHref ? `<a rel="prev" href="${esc(v.prevHref)}">Previous</a>` : ""}${v.nextHref ? `<a rel="next" href="${esc(v.nextHref)}">Next</a>` : ""}</div>`;
  return layout(
    "Dashboard",
    `<h1 class="px-4 font-semibold">Dashboard</h1><section><h2 class="px-4">Manage your listings</h2>${cards || `<p class="px-4">You have no listings.</p>`}</section>${pager}`,
    true,
  );
}

export const roomiesMarkup: SiteMarkup = {
  loginPage,
  inboxPage,
  threadPage,
  listingsPage,
  messageJson,
  // captcha markers the connector looks for: iframe[src*='recaptcha'], [name='cf-turnstile-response']
  captchaWidget: () =>
    `<iframe src="about:blank#recaptcha-anchor" title="reCAPTCHA" width="304" height="78"></iframe><input type="hidden" name="cf-turnstile-response" value="">`,
  // challenge markers the connector looks for: #challenge-stage, [data-testid='challenge-page']
  challengeWidget: () => `<div id="challenge-stage" data-testid="challenge-page"></div>`,
  rejectCopy: "The body field is required.",
};
