import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assetsDirectory, assetViolations, bundleViolations, isWorkerModule, measure } from "./candidate.ts";
import { loadReleaseConfig } from "./config.ts";

const cfg = loadReleaseConfig("release.config.json");
const bytes = (s: string) => new TextEncoder().encode(s);

describe("sizes against the budgets", () => {
  it("measures raw and gzip bytes, JavaScript apart, and the largest file", () => {
    const m = measure([
      { path: "index.html", bytes: bytes("<p>".repeat(1000)) },
      { path: "assets/app.js", bytes: bytes("let a = 1;\n".repeat(500)) },
    ]);
    expect(m.files).toBe(2);
    expect(m.rawBytes).toBe(3000 + 5500);
    expect(m.gzipBytes).toBeLessThan(m.rawBytes);
    expect(m.jsGzipBytes).toBeGreaterThan(0);
    expect(m.jsGzipBytes).toBeLessThan(m.gzipBytes);
    expect(m.largest).toEqual({ path: "assets/app.js", bytes: 5500 });
  });

  it("fails a bundle over either budget and passes one under both", () => {
    const budget = cfg.candidate.bundle;
    const base = { files: 1, largest: null, jsGzipBytes: 0 };
    expect(
      bundleViolations({ ...base, rawBytes: budget.maxRawBytes, gzipBytes: budget.maxGzipBytes }, budget),
    ).toEqual([]);
    expect(bundleViolations({ ...base, rawBytes: 1, gzipBytes: budget.maxGzipBytes + 1 }, budget)).toEqual([
      "Worker bundle is 800.0 KiB gzip, over the 800.0 KiB budget",
    ]);
    expect(
      bundleViolations({ ...base, rawBytes: budget.maxRawBytes + 1, gzipBytes: 1 }, budget),
    ).toHaveLength(1);
  });

  it("holds the panel to its JavaScript budget and the platform's file limits", () => {
    const a = cfg.candidate.assets;
    const ok = {
      files: 3,
      rawBytes: 1,
      gzipBytes: 1,
      jsGzipBytes: a.maxJsGzipBytes,
      largest: { path: "x", bytes: 10 },
    };
    expect(assetViolations(ok, a)).toEqual([]);
    expect(assetViolations({ ...ok, jsGzipBytes: a.maxJsGzipBytes + 1 }, a)[0]).toMatch(/panel JavaScript/);
    expect(assetViolations({ ...ok, files: a.maxFiles + 1 }, a)[0]).toMatch(/asset files/);
    expect(assetViolations({ ...ok, largest: { path: "big.png", bytes: a.maxFileBytes + 1 } }, a)[0]).toMatch(
      /big.png/,
    );
  });

  it("counts uploaded modules, not source maps or wrangler's README", () => {
    expect(["index.js", "index.js.map", "README.md", "chunk-1.mjs"].filter(isWorkerModule)).toEqual([
      "index.js",
      "chunk-1.mjs",
    ]);
  });
});

describe("wrangler.toml [assets]", () => {
  it("is absent in this repository's wrangler.toml today, or names its directory", () => {
    const dir = assetsDirectory(readFileSync("wrangler.toml", "utf8"));
    expect(dir === null || dir.length > 0).toBe(true);
  });

  it("reads the directory from the table or an inline table, and ignores other tables and comments", () => {
    expect(
      assetsDirectory('name = "x"\n[assets]\nbinding = "ASSETS"\ndirectory = "./admin/dist" # built\n'),
    ).toBe("./admin/dist");
    expect(assetsDirectory("assets = { directory = 'dist', binding = 'A' }\n")).toBe("dist");
    expect(assetsDirectory('[vars]\ndirectory = "nope"\n# [assets]\n')).toBeNull();
    expect(assetsDirectory('[assets]\nbinding = "A"\n[vars]\ndirectory = "nope"\n')).toBeNull();
  });
});
