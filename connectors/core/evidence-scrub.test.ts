import { describe, expect, it } from "vitest";
import { stripInputValues } from "./evidence-scrub.ts";

describe("stripInputValues", () => {
  it("removes every input's value, quoted either way or bare, keeping the rest of the markup", () => {
    const html = `<form><input name="u" value="lead@example.com"><INPUT type=password VALUE='hunter2' id=p>
      <input type="hidden" name="csrf" value=tok123><input title="a > b" value="x>y" /><p value="kept">t</p></form>`;
    const out = stripInputValues(html);
    for (const secret of ["lead@example.com", "hunter2", "tok123", "x>y"]) expect(out).not.toContain(secret);
    expect(out).toContain('<input name="u">');
    expect(out).toContain("type=password");
    expect(out).toContain('title="a > b"');
    expect(out).toContain('<p value="kept">');
  });
});
