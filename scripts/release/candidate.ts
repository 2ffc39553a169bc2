/**
 * The release candidate's measurable rules (docs/release.md, "Release-candidate checks"):
 * bundle and asset sizes against the budgets in release.config.json, where wrangler.toml puts
 * the panel's static assets. Pure: the caller
 * reads the files and runs the commands (scripts/release/check.ts).
 */
import { gzipSync } from "node:zlib";
import type { ReleaseConfig } from "./config.ts";

export interface SizedFile {
  path: string;
  bytes: Uint8Array;
}

export interface Measure {
  files: number;
  rawBytes: number;
  gzipBytes: number;
  largest: { path: string; bytes: number } | null;
  /** JavaScript only (the panel's budget is for the code it ships). */
  jsGzipBytes: number;
}

export function measure(files: SizedFile[]): Measure {
  let rawBytes = 0;
  let gzipBytes = 0;
  let jsGzipBytes = 0;
  let largest: Measure["largest"] = null;
  for (const f of files) {
    const gz = gzipSync(f.bytes, { level: 9 }).length;
    rawBytes += f.bytes.length;
    gzipBytes += gz;
    if (/\.(m?js|cjs)$/.test(f.path)) jsGzipBytes += gz;
    if (!largest || f.bytes.length > largest.bytes) largest = { path: f.path, bytes: f.bytes.length };
  }
  return { files: files.length, rawBytes, gzipBytes, largest, jsGzipBytes };
}

/** Worker modules as `wrangler deploy --dry-run --outdir` writes them (source maps and its README are not uploaded code). */
export function isWorkerModule(path: string): boolean {
  return !path.endsWith(".map") && !/(^|\/)README\.md$/.test(path);
}

export function bundleViolations(m: Measure, budget: ReleaseConfig["candidate"]["bundle"]): string[] {
  const out: string[] = [];
  if (m.gzipBytes > budget.maxGzipBytes)
    out.push(`Worker bundle is ${kib(m.gzipBytes)} gzip, over the ${kib(budget.maxGzipBytes)} budget`);
  if (m.rawBytes > budget.maxRawBytes)
    out.push(`Worker bundle is ${kib(m.rawBytes)} uncompressed, over the ${kib(budget.maxRawBytes)} budget`);
  return out;
}

export function assetViolations(m: Measure, budget: ReleaseConfig["candidate"]["assets"]): string[] {
  const out: string[] = [];
  if (m.jsGzipBytes > budget.maxJsGzipBytes)
    out.push(`panel JavaScript is ${kib(m.jsGzipBytes)} gzip, over the ${kib(budget.maxJsGzipBytes)} budget`);
  if (m.files > budget.maxFiles) out.push(`${m.files} asset files, over the limit of ${budget.maxFiles}`);
  if (m.largest && m.largest.bytes > budget.maxFileBytes)
    out.push(
      `${m.largest.path} is ${kib(m.largest.bytes)}, over the per-file limit of ${kib(budget.maxFileBytes)}`,
    );
  return out;
}

/**
 * The `directory` of wrangler.toml's `[assets]` table, or null when the Worker serves no static
 * assets. Only what this check needs, not a TOML parser: the table header, then its keys up to
 * the next header.
 */
export function assetsDirectory(toml: string): string | null {
  let inAssets = false;
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (/^\[\[?.*\]\]?$/.test(line)) {
      inAssets = line === "[assets]";
      continue;
    }
    const inline = /^assets\s*=\s*\{(.*)\}$/.exec(line);
    const m = inAssets
      ? /^directory\s*=\s*["']([^"']+)["']/.exec(line)
      : inline && /directory\s*=\s*["']([^"']+)["']/.exec(inline[1]!);
    if (m) return m[1]!;
  }
  return null;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
