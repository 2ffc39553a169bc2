// Pages served when a fault fires. Cloudflare-style pages carry the markers the connectors look for
//; each site contributes its own captcha/challenge widget (its documented selectors).

import { esc } from "./util.ts";

function rayId(): string {
  let s = "";
  for (let i = 0; i < 16; i += 1) s += "0123456789abcdef"[Math.floor(Math.random() * 16)];
  return s;
}

export function captchaPage(host: string, widget: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Security check</title></head>
<body><main class="captcha-page"><h1>Please complete the security check</h1>
<p>We need to make sure you're not a robot before you continue to ${esc(host)}.</p>
<form method="post" action="#" class="captcha-form">${widget}<button type="button" disabled>Continue</button></form>
</main></body></html>`;
}

export function challengePage(host: string, widget: string): string {
  const ray = rayId();
  return `<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>Just a moment...</title>
<meta name="robots" content="noindex,nofollow"></head>
<body><div class="main-wrapper" role="main"><div class="main-content">
<h1 class="zone-name-title h1">${esc(host)}</h1>
<h2 class="h2" id="challenge-running">Verifying you are human. This may take a few seconds.</h2>
${widget}
<div id="challenge-body-text" class="core-msg spacer">${esc(host)} needs to review the security of your connection before proceeding.</div>
</div></div>
<div class="footer" role="contentinfo"><div class="footer-inner"><div class="clearfix diagnostic-wrapper">
<div class="ray-id">Ray ID: <code>${ray}</code></div></div>
<div class="text-center" id="footer-text">Performance &amp; security by <a rel="noopener noreferrer" href="#">Cloudflare</a></div>
</div></div></body></html>`;
}

export function blockedPage(host: string): string {
  const ray = rayId();
  return `<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>Attention Required! | Cloudflare</title></head>
<body><div id="cf-wrapper"><div id="cf-error-details" class="cf-error-details-wrapper">
<div class="cf-wrapper cf-header cf-error-overview"><h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> ${esc(host)}</h2></div>
<div class="cf-section cf-wrapper"><h2 data-translate="blocked_why_headline">Why have I been blocked?</h2>
<p>This website is using a security service to protect itself from online attacks. The action you just performed triggered the security solution.</p></div>
<div class="cf-error-footer cf-wrapper"><p><span class="cf-footer-item">Cloudflare Ray ID: <strong>${ray}</strong></span>
<span class="cf-footer-item">Performance &amp; security by <a href="#">Cloudflare</a></span></p></div>
</div></div></body></html>`;
}

/** 429: a plain page with no Cloudflare markers. */
export function rateLimitedPage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>429 Too Many Requests</title></head>
<body><h1>Too Many Requests</h1><p>You have sent too many requests in a given amount of time. Please slow down and try again later.</p></body></html>`;
}

/** 503: a plain maintenance page with no Cloudflare markers. */
export function unavailablePage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>503 Service Unavailable</title></head>
<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.</p></body></html>`;
}

export function badGatewayPage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;
}

/**
 * DataDome's refusal as commonly seen on the web (public knowledge, not one of our sites): a
 * small page that loads its captcha from captcha-delivery.com. Served with 403 and
 * `X-DataDome: protected` by the sandbox's defence in the DataDome style.
 */
export function dataDomePage(host: string): string {
  return `<html lang="en"><head><title>${esc(host)}</title><style>#cmsg{animation: A 1.5s;}</style></head>
<body style="margin:0"><p id="cmsg">Please enable JS and disable any ad blocker</p>
<script data-cfasync="false">var dd={'rt':'c','cid':'AHrlqAAAAAMA${rayId()}','hsh':'2211F5','t':'fe','s':17434,'e':'${rayId()}','host':'geo.captcha-delivery.com'}</script>
<script data-cfasync="false" src="https://ct.captcha-delivery.com/c.js"></script></body></html>`;
}

/**
 * Akamai's edge refusal as commonly seen on the web (public knowledge, not one of our sites):
 * "Access Denied" and a "Reference #". Served with 403 and `Server: AkamaiGHost`.
 */
export function akamaiDeniedPage(host: string, path: string): string {
  return `<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>

You don't have permission to access "http://${esc(host)}${esc(path)}" on this server.<P>
Reference #18.${rayId().slice(0, 8)}.${Math.floor(Date.now() / 1000)}.${rayId().slice(0, 8)}
</BODY>
</HTML>`;
}
