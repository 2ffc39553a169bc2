// Every captured bundle in the repository (connectors/<site>/fixtures/captured/<date>/, written
// by `verify:site --capture`) is a regression test of its connector: each page still passes the
// verify check (required selectors match, nothing parsed makes no sense), parses to what the
// connector read from the page at capture time (rows, thread ids, messages, the site's message
// ids), and holds no e-mail address or phone number.
import { describe, expect, it } from "vitest";
import { capturedBundles, checkBundle } from "../../test/support/captured-bundles.ts";

const bundles = capturedBundles();

describe("captured bundles", () => {
  it("there is at least one (the sandbox examples)", () => {
    expect(bundles.length).toBeGreaterThan(0);
  });
  for (const { dir, manifest } of bundles) {
    it(`${manifest.platform} ${dir.split("/").at(-1)}`, () => {
      expect(checkBundle(dir, manifest)).toEqual([]);
    });
  }
});
