import { describe, expect, it } from "vitest";
import { parseAuthResults } from "./auth-results.ts";
import { judgeSender, type ParsedNotification } from "./notification.ts";
import { senderDomains } from "./senders.ts";

const CF_PASS =
  "i=1; mx.cloudflare.net;\r\n\tdkim=pass header.d=spareroom.com header.s=s1 header.b=AbC;\r\n\tdmarc=pass header.from=spareroom.com policy.dmarc=reject;\r\n\tspf=pass (mx.cloudflare.net: domain of bounces@spareroom.com designates 192.0.2.1 as permitted sender) smtp.mailfrom=bounces@spareroom.com; arc=none";

const mail = (from: string[], ...stamps: [string, string][]): ParsedNotification => ({
  headers: [
    ...stamps.map(([key, value]) => ({ key, value })),
    ...from.map(() => ({ key: "from", value: "x" })),
  ],
  fromAddresses: from,
});
const ALLOWED = senderDomains("spareroom", undefined);

describe("authentication results", () => {
  it("reads an ARC stamp: instance, authserv-id, each method's result and properties, comments dropped", () => {
    const r = parseAuthResults(CF_PASS)!;
    expect(r.instance).toBe(1);
    expect(r.authservId).toBe("mx.cloudflare.net");
    expect(r.results.map((x) => [x.method, x.result])).toEqual([
      ["dkim", "pass"],
      ["dmarc", "pass"],
      ["spf", "pass"],
      ["arc", "none"],
    ]);
    expect(r.results[2]!.props["smtp.mailfrom"]).toBe("bounces@spareroom.com");
    expect(parseAuthResults("mx.example.com 1; dkim=fail")!.authservId).toBe("mx.example.com");
    expect(parseAuthResults("dkim=pass")).toBeNull();
  });
});

describe("RFC 8601 parsing: quoted strings and comments", () => {
  it("a quoted local part cannot smuggle a result: ';' inside quotes does not end a resinfo", () => {
    const smuggled =
      'i=1; mx.cloudflare.net; spf=pass smtp.mailfrom="x; dkim=pass header.d=spareroom.com; y"@evil.example; dkim=fail header.d=evil.example; dmarc=none';
    const r = parseAuthResults(smuggled)!;
    expect(r.results.map((x) => `${x.method}=${x.result}`)).toEqual(["spf=pass", "dkim=fail", "dmarc=none"]);
    expect(r.results[0]!.props["smtp.mailfrom"]).toBe("x; dkim=pass header.d=spareroom.com; y@evil.example");
    expect(
      judgeSender(mail(["messages@spareroom.com"], ["arc-authentication-results", smuggled]), ALLOWED),
    ).toMatchObject({ verdict: "unauthenticated" });
  });

  it("reads comments (nested, with quotes and escapes) as whitespace, and CFWS around '='", () => {
    const r = parseAuthResults(
      String.raw`mx.cloudflare.net (a "comment; dkim=pass" (nested\) still) here); dkim = pass (good) header.d = "spare\"room.com" header.s=s1; spf=fail`,
    )!;
    expect(r.authservId).toBe("mx.cloudflare.net");
    expect(r.results.map((x) => `${x.method}=${x.result}`)).toEqual(["dkim=pass", "spf=fail"]);
    expect(r.results[0]!.props["header.d"]).toBe('spare"room.com');
    expect(r.results[0]!.props["header.s"]).toBe("s1");
  });
});

describe("judging a notification's sender", () => {
  it("the site's own domain (or a subdomain) with our server's pass wakes", () => {
    expect(
      judgeSender(mail(["messages@spareroom.com"], ["arc-authentication-results", CF_PASS]), ALLOWED),
    ).toEqual({
      ok: true,
      fromDomain: "spareroom.com",
    });
    const sub = CF_PASS.replaceAll("header.from=spareroom.com", "header.from=mail.spareroom.com");
    expect(judgeSender(mail(["a@mail.spareroom.com"], ["authentication-results", sub]), ALLOWED).ok).toBe(
      true,
    );
  });

  it("a lookalike domain is an unknown sender, however well it authenticates", () => {
    const stamp = CF_PASS.replaceAll("spareroom.com", "evilspareroom.com");
    expect(
      judgeSender(mail(["messages@evilspareroom.com"], ["arc-authentication-results", stamp]), ALLOWED),
    ).toMatchObject({
      ok: false,
      verdict: "unknown_sender",
    });
  });

  it("no stamp, another server's stamp, or a pass for an unaligned domain is unauthenticated", () => {
    const from = ["messages@spareroom.com"];
    expect(judgeSender(mail(from), ALLOWED)).toMatchObject({ verdict: "unauthenticated" });
    const foreign = CF_PASS.replace("mx.cloudflare.net;", "mx.forger.example;");
    expect(judgeSender(mail(from, ["arc-authentication-results", foreign]), ALLOWED)).toMatchObject({
      verdict: "unauthenticated",
    });
    const unaligned =
      "i=1; mx.cloudflare.net; dkim=pass header.d=bulkmailer.example; spf=pass smtp.mailfrom=x@bulkmailer.example; dmarc=none";
    expect(judgeSender(mail(from, ["arc-authentication-results", unaligned]), ALLOWED)).toMatchObject({
      verdict: "unauthenticated",
    });
  });

  it("the topmost stamp of our server counts: a forged pass below a genuine fail does not", () => {
    const fail =
      "i=1; mx.cloudflare.net; dkim=fail header.d=spareroom.com; dmarc=fail header.from=spareroom.com";
    const m = mail(
      ["messages@spareroom.com"],
      ["arc-authentication-results", fail],
      ["arc-authentication-results", CF_PASS],
    );
    expect(judgeSender(m, ALLOWED)).toMatchObject({ verdict: "unauthenticated" });
    // Strictly the top one: a topmost stamp that does not parse (or is another server's) is not
    // skipped for a trusted-looking one further down.
    for (const top of [
      "dkim=pass header.d=spareroom.com",
      "i=1; mx.forger.example; dkim=pass header.d=spareroom.com",
    ]) {
      const below = mail(
        ["messages@spareroom.com"],
        ["authentication-results", top],
        ["arc-authentication-results", CF_PASS],
      );
      expect(judgeSender(below, ALLOWED), top).toMatchObject({ verdict: "unauthenticated" });
    }
    // And a DMARC fail is not outvoted by a DKIM pass in the same stamp.
    const mixed =
      "i=1; mx.cloudflare.net; dkim=pass header.d=spareroom.com; dmarc=fail header.from=spareroom.com";
    expect(
      judgeSender(mail(["messages@spareroom.com"], ["arc-authentication-results", mixed]), ALLOWED),
    ).toMatchObject({
      verdict: "unauthenticated",
    });
  });

  it("no From, two From headers, or two addresses in one is malformed", () => {
    const stamp: [string, string] = ["arc-authentication-results", CF_PASS];
    expect(judgeSender(mail([], stamp), ALLOWED)).toMatchObject({ verdict: "malformed" });
    expect(judgeSender(mail(["messages@spareroom.com", "x@evil.example"], stamp), ALLOWED)).toMatchObject({
      verdict: "malformed",
    });
    const twoInOne = {
      headers: [{ key: "from", value: "x" }],
      fromAddresses: ["messages@spareroom.com", "x@evil.example"],
    };
    expect(judgeSender(twoInOne, ALLOWED)).toMatchObject({ verdict: "malformed" });
  });

  it("sender domains are data: the var can correct a site's list, and a bad one fails loudly", () => {
    expect(senderDomains("renthop", JSON.stringify({ renthop: ["RentHop.com", "rhmail.com"] }))).toEqual([
      "renthop.com",
      "rhmail.com",
    ]);
    expect(senderDomains("roomies", JSON.stringify({ renthop: ["rhmail.com"] }))).toEqual(["roomies.com"]);
    expect(() => senderDomains("roomies", JSON.stringify({ roomies: ["not a domain"] }))).toThrow(
      /NOTIFY_SENDERS/,
    );
  });
});
