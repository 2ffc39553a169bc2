// The connector version covers parser code: a change to a site's parse module (or a shared
// read-path module) changes that site's version, a change to the send path or another site's
// parser does not, and the committed digests are current. (An account verified under an older
// version may not auto_send: domain/account/verification.test.ts, test/workers/verification.test.ts.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connectorVersion, connectorVersionOf } from "../../connectors/verify/report.ts";
import { PLATFORMS } from "../../domain/platforms.ts";
import {
  allDigests,
  DIGESTS_PATH,
  digestsModule,
  parserFiles,
  type ReadFile,
  siteDigest,
} from "./connector-digest.ts";
import { root } from "./local-stack.ts";

const disk: ReadFile = (p) => readFileSync(join(root, p), "utf8");
const edited =
  (path: string, edit: (text: string) => string): ReadFile =>
  (p) =>
    p === path ? edit(disk(p)) : disk(p);
const parserChange = (t: string) =>
  t.replace("export function parseThread(", "export function parseThread(/* x */");

describe("connector digests over parse/read code", () => {
  it("cover each site's selectors, parser and the shared read path, not the send path or the browser", () => {
    const files = parserFiles("spareroom", disk);
    expect(files).toEqual(
      expect.arrayContaining([
        "connectors/spareroom/parse.ts",
        "connectors/spareroom/selectors.ts",
        "connectors/core/dates.ts",
        "connectors/core/plausibility.ts",
        "connectors/core/site-thread.ts",
      ]),
    );
    expect(files.some((f) => /site-send|site-connector|connectors\/browser\/|roomies/.test(f))).toBe(false);
  });

  it("a parser-only change changes that site's digest and connector version, and no other site's", () => {
    const before = siteDigest("spareroom", disk).digest;
    const after = siteDigest("spareroom", edited("connectors/spareroom/parse.ts", parserChange)).digest;
    expect(after).not.toBe(before);
    expect(siteDigest("roomies", edited("connectors/spareroom/parse.ts", parserChange)).digest).toBe(
      siteDigest("roomies", disk).digest,
    );
    // The version a verification records moves with it (the selectors did not change).
    expect(connectorVersionOf("spareroom", after)).not.toBe(connectorVersion("spareroom"));
    expect(connectorVersionOf("spareroom", before)).toBe(connectorVersion("spareroom"));
  });

  it("a shared read-path change changes every site's digest; a send-path change none", () => {
    const dates = edited("connectors/core/dates.ts", (t) => `${t}\n// changed\n`);
    const send = edited("connectors/core/site-send.ts", (t) => `${t}\n// changed\n`);
    for (const p of PLATFORMS) {
      expect(siteDigest(p, dates).digest, p).not.toBe(siteDigest(p, disk).digest);
      expect(siteDigest(p, send).digest, p).toBe(siteDigest(p, disk).digest);
    }
  });

  it("the committed connectors/parser-digests.ts is current (npm run connectors:version)", () => {
    expect(disk(DIGESTS_PATH)).toBe(digestsModule(allDigests(disk)));
  });
});
