import { describe, expect, it } from "vitest";
import { currentVersion, shellLine, uploadedVersion, wrangler } from "./wrangler-commands.ts";

describe("wrangler commands", () => {
  it("splits traffic as <new>@N% <old>@(100-N)%", () => {
    expect(
      shellLine(
        wrangler.deploy(
          [
            { version: "new-id", percent: 10 },
            { version: "old-id", percent: 90 },
          ],
          "canary v1",
        ),
      ),
    ).toBe("npx wrangler versions deploy new-id@10% old-id@90% --message 'canary v1' --yes");
    expect(shellLine(wrangler.rollback("old-id", "it's bad"))).toBe(
      "npx wrangler rollback old-id --message 'it'\\''s bad' --yes",
    );
  });

  it("reads the serving version from deployments status, and refuses a split in progress", () => {
    expect(currentVersion(JSON.stringify({ versions: [{ version_id: "v1", percentage: 100 }] }))).toBe("v1");
    expect(() =>
      currentVersion(
        JSON.stringify({
          versions: [
            { version_id: "v2", percentage: 10 },
            { version_id: "v1", percentage: 90 },
          ],
        }),
      ),
    ).toThrow(/split deployment is in progress \(v2@10% v1@90%\)/);
    expect(() => currentVersion("Not logged in")).toThrow(/did not print JSON/);
  });

  it("reads the uploaded version id from wrangler's output file", () => {
    const out = [
      JSON.stringify({ type: "wrangler-session", version: 1 }),
      "not json",
      JSON.stringify({ type: "version-upload", version: 1, version_id: "abc-123", preview_url: null }),
    ].join("\n");
    expect(uploadedVersion(out)).toBe("abc-123");
    expect(() => uploadedVersion("")).toThrow(/no version id/);
  });
});
