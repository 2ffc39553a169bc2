import { describe, expect, it } from "vitest";
import { classifyPage, type SiteMarkers } from "./page-classifier.ts";

const markers: SiteMarkers = {
  loginUrlPatterns: ["/roommate/logon.pl"],
  loginTexts: ["to view this content you will need to either"],
  captchaSelectors: ["iframe[title*='captcha']", "#g-recaptcha-response"],
  challengeSelectors: ["[data-cy='bot-check']"],
};

const page = (html: string, status = 200, url = "https://site.test/inbox", title = "") => ({
  status,
  url,
  title,
  html,
});

const CF_CHALLENGE = `<html><head><title>Just a moment...</title></head><body>
  <h1>www.site.test</h1><p>Verifying you are human. This may take a few seconds.</p>
  <p>www.site.test needs to review the security of your connection before proceeding.</p>
  <div>Ray ID: 8a1b2c3d4e5f</div><div>Performance &amp; security by Cloudflare</div></body></html>`;
const CF_BLOCK = `<html><head><title>Attention Required! | Cloudflare</title></head><body>
  <h1>Sorry, you have been blocked</h1><h2>You are unable to access site.test</h2>
  <p>Cloudflare Ray ID: 8a1b2c3d4e5f</p></body></html>`;
const INBOX = `<html><head><title>My messages</title></head><body><a class="thread_item thread_in" data-thread-id="1_2">
  <span class="snippet">Sorry, you have been blocked? Is the room still available? Cloudflare Ray ID lol</span></a></body></html>`;

describe("classifyPage", () => {
  it("a Cloudflare challenge (403, 'Just a moment...') is a bot challenge", () => {
    expect(
      classifyPage(page(CF_CHALLENGE, 403, "https://site.test/inbox", "Just a moment..."), markers),
    ).toEqual({
      kind: "bot_challenge",
      marker: "verifying you are human",
    });
  });

  it("the same challenge served with 200 is still a challenge (content, not status)", () => {
    expect(classifyPage(page(CF_CHALLENGE, 200), markers).kind).toBe("bot_challenge");
  });

  it("a Cloudflare block page is blocked", () => {
    expect(classifyPage(page(CF_BLOCK, 403), markers)).toEqual({
      kind: "blocked",
      marker: "sorry, you have been blocked",
    });
  });

  it("a lead writing block-page words on a normal inbox is still normal", () => {
    expect(classifyPage(page(INBOX, 200), markers)).toEqual({ kind: "normal", marker: null });
  });

  it("a site captcha widget is a captcha, even on the login page", () => {
    const html = `<form action="/roommate/logon.pl"><input type="password" name="password">
      <iframe title="reCAPTCHA captcha" src="/recaptcha"></iframe></form>`;
    expect(classifyPage(page(html, 200, "https://site.test/roommate/logon.pl"), markers)).toEqual({
      kind: "captcha",
      marker: "iframe[title*='captcha']",
    });
  });

  it("a site-specific challenge selector is a challenge", () => {
    expect(classifyPage(page(`<div data-cy="bot-check"></div>`), markers).kind).toBe("bot_challenge");
  });

  it("the login URL, the auth-gate text or a password form mean logged out", () => {
    expect(classifyPage(page("<p>hi</p>", 200, "https://site.test/roommate/logon.pl?x=1"), markers)).toEqual({
      kind: "login",
      marker: "url /roommate/logon.pl",
    });
    expect(
      classifyPage(page("<p>To view this content you will need to either log in or register</p>"), markers)
        .kind,
    ).toBe("login");
    expect(classifyPage(page(`<form><input type="password"></form>`), markers)).toEqual({
      kind: "login",
      marker: "password field",
    });
  });

  it("429 and 5xx without challenge markers are rate limiting and unavailability", () => {
    expect(classifyPage(page("<h1>Too Many Requests</h1>", 429), markers).kind).toBe("rate_limited");
    expect(classifyPage(page("<h1>Service Unavailable</h1>", 503), markers).kind).toBe("unavailable");
    expect(classifyPage(page("<h1>Bad gateway</h1>", 502), markers).kind).toBe("unavailable");
  });

  it("a bare 403 or 404 with no markers is an http error, not a block", () => {
    expect(classifyPage(page("<h1>Forbidden</h1>", 403), markers)).toEqual({
      kind: "http_error",
      marker: "status 403",
    });
    expect(classifyPage(page("<h1>Not found</h1>", 404), markers).kind).toBe("http_error");
  });

  it("other vendors' refusals (bot-refusal.ts) are challenges or blocks; a header alone can decide", () => {
    const dd = `<html><head><title>site.test</title></head><body><script src="https://ct.captcha-delivery.com/c.js"></script></body></html>`;
    expect(classifyPage(page(dd, 403), markers)).toEqual({
      kind: "bot_challenge",
      marker: "captcha-delivery.com",
    });
    // Served with 200, only the structural marker (the captcha's script) says it.
    expect(classifyPage(page(dd, 200), markers)).toEqual({
      kind: "bot_challenge",
      marker: "script[src*='captcha-delivery.com']",
    });
    const akamai = `<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>
      You don't have permission to access this server.<p>Reference #18.6f2f1002.1700000000.1a2b3c4d</body></html>`;
    expect(classifyPage(page(akamai, 403), markers)).toEqual({
      kind: "blocked",
      marker: "access denied + reference #",
    });
    expect(
      classifyPage({ ...page("<p>hold on</p>", 403), headers: { "cf-mitigated": "challenge" } }, markers),
    ).toEqual({ kind: "bot_challenge", marker: "cf-mitigated: challenge" });
  });
});
