// The pages and headers below are modelled on public knowledge of each vendor's refusal, not on
// answers seen from our five sites (see bot-refusal.ts).
import { describe, expect, it } from "vitest";
import { classifyRefusal, refusesClient } from "./bot-refusal.ts";

const CF_CHALLENGE = `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>
<h2>Verifying you are human. This may take a few seconds.</h2>
<form id="challenge-form" action="/inbox?__cf_chl_f_tk=abc" method="POST"></form>
<div>Performance &amp; security by Cloudflare</div></body></html>`;
const CF_BLOCK = `<html><head><title>Attention Required! | Cloudflare</title></head><body>
<h1>Sorry, you have been blocked</h1><p>Cloudflare Ray ID: 8a1b</p></body></html>`;
const DATADOME = `<html><head><title>site.test</title></head><body style="margin:0">
<p id="cmsg">Please enable JS and disable any ad blocker</p>
<script data-cfasync="false">var dd={'rt':'c','cid':'AHrlqAAA','hsh':'2211F5','t':'fe','host':'geo.captcha-delivery.com'}</script>
<script data-cfasync="false" src="https://ct.captcha-delivery.com/c.js"></script></body></html>`;
const PX = `<html lang="en"><head><title>Access to this page has been denied</title></head><body>
<div class="px-captcha-container"><div id="px-captcha"></div></div>
<p>Press &amp; Hold to confirm you are a human (and not a bot).</p>
<p>Reference ID 5e1f</p></body></html>`;
const AKAMAI_RAW = `<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>
<H1>Access Denied</H1>You don't have permission to access "http&#58;&#47;&#47;www&#46;site&#46;test&#47;inbox" on this server.<P>
Reference&#32;&#35;18&#46;6f2f1002&#46;1700000000&#46;1a2b3c4d</BODY></HTML>`;
const AKAMAI_DECODED = AKAMAI_RAW.replace(/&#32;/g, " ").replace(/&#35;/g, "#");
const INCAPSULA = `<html style="height:100%"><head><META NAME="ROBOTS" CONTENT="NOINDEX, NOFOLLOW"></head>
<body style="margin:0px;height:100%"><iframe id="main-iframe" src="/_Incapsula_Resource?CWUDNSAI=23&xinfo=10-1&incident_id=123-456"
frameborder=0 width="100%" height="100%">Request unsuccessful. Incapsula incident ID: 123-456</iframe></body></html>`;
const INBOX_QUOTING = `<html><head><title>My messages</title></head><body><ul><li>Lead: "Access Denied, Reference #12 —
sorry, you have been blocked by Cloudflare; captcha-delivery.com; Incapsula incident ID" is what I saw</li></ul></body></html>`;

describe("classifyRefusal", () => {
  it("Cloudflare: the cf-mitigated header decides on any status", () => {
    expect(classifyRefusal({ status: 403, headers: { "CF-Mitigated": "challenge" } })).toEqual({
      kind: "challenge",
      vendor: "cloudflare",
      marker: "cf-mitigated: challenge",
    });
    expect(classifyRefusal({ status: 200, headers: { "cf-mitigated": "challenge" } })?.kind).toBe(
      "challenge",
    );
  });

  it("Cloudflare: the 'Just a moment…' page without the header (403 or 503), and its block page", () => {
    expect(classifyRefusal({ status: 403, body: CF_CHALLENGE })).toMatchObject({
      kind: "challenge",
      vendor: "cloudflare",
    });
    expect(classifyRefusal({ status: 503, body: CF_CHALLENGE })?.kind).toBe("challenge");
    expect(classifyRefusal({ status: 403, body: CF_BLOCK })).toMatchObject({
      kind: "block",
      vendor: "cloudflare",
    });
  });

  it("Cloudflare: a __cf_chl / cf-chl marker on a refusal status", () => {
    const bare = `<html><body><script>window._cf_chl_opt={cType:'managed'}</script></body></html>`;
    expect(classifyRefusal({ status: 403, body: bare })).toMatchObject({
      kind: "challenge",
      vendor: "cloudflare",
    });
    expect(classifyRefusal({ status: 403, body: `<div class="cf-chl-widget"></div>` })?.vendor).toBe(
      "cloudflare",
    );
  });

  it("DataDome: x-dd-b, or x-datadome on a 403, or its captcha-delivery.com page", () => {
    expect(classifyRefusal({ status: 403, headers: { "x-dd-b": "2" } })).toMatchObject({
      kind: "challenge",
      vendor: "datadome",
      marker: "x-dd-b",
    });
    expect(classifyRefusal({ status: 403, headers: { "X-DataDome": "protected" } })?.vendor).toBe("datadome");
    expect(classifyRefusal({ status: 403, body: DATADOME })).toMatchObject({
      kind: "challenge",
      vendor: "datadome",
    });
    // DataDome marks every answer it lets through too: on a 200 the header alone is no refusal.
    expect(classifyRefusal({ status: 200, headers: { "x-datadome": "protected" } })).toBeNull();
  });

  it("PerimeterX / HUMAN: the press-and-hold block page", () => {
    expect(classifyRefusal({ status: 403, body: PX })).toMatchObject({
      kind: "challenge",
      vendor: "perimeterx",
    });
    // Served with 200, its title still gives it away.
    expect(classifyRefusal({ status: 200, body: PX })?.vendor).toBe("perimeterx");
    expect(classifyRefusal({ status: 403, body: `<html><body>_pxhd=abc</body></html>` })?.vendor).toBe(
      "perimeterx",
    );
  });

  it("Akamai: 'Access Denied' with a 'Reference #', or AkamaiGHost refusing", () => {
    expect(classifyRefusal({ status: 403, body: AKAMAI_DECODED })).toMatchObject({
      kind: "block",
      vendor: "akamai",
    });
    expect(classifyRefusal({ status: 403, headers: { server: "AkamaiGHost" }, body: "" })).toMatchObject({
      kind: "block",
      vendor: "akamai",
    });
  });

  it("Imperva / Incapsula: the incident page and its resource", () => {
    expect(classifyRefusal({ status: 403, body: INCAPSULA })).toMatchObject({ vendor: "imperva" });
    // On a 200 only the structural marker counts (the caller parsed the page).
    const has = (sel: string) => sel === "iframe[src*='_Incapsula_Resource']";
    expect(classifyRefusal({ status: 200, body: INCAPSULA, has })).toMatchObject({
      kind: "block",
      vendor: "imperva",
    });
  });

  it("429 is a rate limit (its own class), whoever answers it", () => {
    expect(classifyRefusal({ status: 429 })).toEqual({
      kind: "rate_limited",
      vendor: "unknown",
      marker: "status 429",
    });
    expect(
      classifyRefusal({ status: 429, headers: { "cf-ray": "1", "cf-mitigated": "challenge" } }),
    ).toMatchObject({
      kind: "rate_limited",
      vendor: "cloudflare",
    });
    expect(refusesClient(classifyRefusal({ status: 429 }))).toBe(false);
    expect(refusesClient(classifyRefusal({ status: 403, body: CF_BLOCK }))).toBe(true);
  });

  it("a lead quoting every vendor's words on a normal page is no refusal", () => {
    expect(classifyRefusal({ status: 200, body: INBOX_QUOTING, has: () => false })).toBeNull();
  });

  it("a site's own 403 or 404 without any vendor's marks is no bot refusal", () => {
    expect(
      classifyRefusal({ status: 403, body: "<html><title>Forbidden</title><p>Not your thread</p></html>" }),
    ).toBeNull();
    expect(
      classifyRefusal({ status: 404, body: CF_CHALLENGE.replace("Just a moment...", "Not found") }),
    ).toBeNull();
    expect(classifyRefusal({ status: 302, headers: { location: "/login" } })).toBeNull();
  });

  it("reads only the first 16 KB of a body", () => {
    const late = `<html><body>${"x".repeat(20_000)} captcha-delivery.com</body></html>`;
    expect(classifyRefusal({ status: 403, body: late })).toBeNull();
    expect(classifyRefusal({ status: 403, body: late.replace("x".repeat(20_000), "") })?.vendor).toBe(
      "datadome",
    );
  });
});
