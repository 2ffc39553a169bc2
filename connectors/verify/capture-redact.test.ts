// Page redaction for capture bundles on a hand-written page: tokens, typed values, links, e-mails,
// phones, names (whole words only) and message words in text, attributes and a JSON boot script.
import { describe, expect, it } from "vitest";
import { redactPage } from "./capture-redact.ts";

const page = `<html><head><meta name="csrf-token" content="tok-abc-123456"></head><body>
<form><input type="hidden" name="authenticity_token" value="s3cr3t-form-token"><input type="hidden" name="thread" value="991">
<input type="email" name="email" value="me@owner.com"><textarea name="message">draft words</textarea></form>
<div class="name-mira">Mira O'Neil</div><p title="Mira O'Neil">Hi, Mira here. Ring +1 917-555-0142 or mira@example.org</p>
<a href="mailto:mira@example.org">mail</a><a href="tel:+19175550142">call</a><span id="msg_12345678">id kept</span>
<script type="application/json">{"content":"I have a \\"big\\" dog\\nand a cat","sid":"cookie-value-0123456789"}</script>
</body></html>`;

describe("redactPage", () => {
  it("removes what is personal or secret and keeps structure and ids", () => {
    const { html, counts } = redactPage(page, {
      names: ["Mira O'Neil"],
      texts: ['I have a "big" dog\nand a cat'],
      cookieValues: ["cookie-value-0123456789"],
    });
    for (const gone of [
      "tok-abc-123456",
      "s3cr3t-form-token",
      "me@owner.com",
      "draft words",
      "Mira",
      "O&#39;Neil",
      "917-555-0142",
      "mira@example.org",
      "+19175550142",
      "big",
      "cookie-value-0123456789",
    ])
      expect(html.includes(gone), gone).toBe(false);
    expect(html).toContain('class="name-mira"'); // a class that contains a name is structure
    expect(html).toContain('value="991"'); // a hidden field that is no token is kept
    expect(html).toContain('id="msg_12345678"');
    expect(counts.tokens).toBe(3);
    expect(counts.cookies).toBe(1);
    expect(counts.emails).toBeGreaterThan(0);
  });
});
