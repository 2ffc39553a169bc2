/**
 * Reading `verify:site --capture` bundles (connectors/<site>/fixtures/captured/<date>/) as
 * regression tests: each page must still pass the verify check, parse to what the connector read
 * at capture time, and hold no e-mail address or phone number. Returns the failures, as text.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connectorFor } from "../../connectors/registry.ts";
import { type CaptureManifest, EMAIL_RE, PHONE_RE } from "../../connectors/verify/capture-redact.ts";
import { checkPage } from "../../connectors/verify/check.ts";
import { PLATFORMS, type Platform } from "../../domain/platforms.ts";
import { root } from "../../scripts/lib/local-stack.ts";

export function capturedBundles(): { dir: string; manifest: CaptureManifest }[] {
  const out = [];
  for (const p of PLATFORMS) {
    const base = join(root, "connectors", p, "fixtures", "captured");
    if (!existsSync(base)) continue;
    for (const d of readdirSync(base).sort()) {
      const dir = join(base, d);
      if (!existsSync(join(dir, "manifest.json"))) continue;
      out.push({
        dir,
        manifest: JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as CaptureManifest,
      });
    }
  }
  return out;
}

export function readManifest(dir: string): CaptureManifest {
  return JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as CaptureManifest;
}

export function checkBundle(dir: string, manifest: CaptureManifest = readManifest(dir)): string[] {
  const failures: string[] = [];
  const spec = connectorFor(manifest.platform as Platform).spec;
  const now = new Date(manifest.capturedAt);
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      failures.push(`${what}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  };
  for (const page of manifest.pages) {
    const html = readFileSync(join(dir, page.file), "utf8");
    const emails = (html.match(EMAIL_RE) ?? []).filter((e) => e !== "redacted@example.invalid");
    const phones = (html.match(PHONE_RE) ?? []).filter((p) => p !== "555-000-0000");
    if (emails.length) failures.push(`${page.file}: ${emails.length} e-mail address(es) left`);
    if (phones.length) failures.push(`${page.file}: ${phones.length} phone number(s) left`);
    const r = checkPage(
      spec,
      {
        step: page.step,
        url: `http://captured.invalid${page.path}`,
        status: 200,
        title: "",
        html,
        ms: 0,
        ...(page.threadId ? { threadId: page.threadId } : {}),
      },
      now,
    );
    same(`${page.file} page class`, r.pageClass, page.step);
    const missing = r.selectors.filter((s) => s.required && s.count === 0).map((s) => s.name);
    if (missing.length)
      failures.push(`${page.file}: required selectors matched nothing: ${missing.join(", ")}`);
    for (const p of r.problems) failures.push(`${page.file}: ${p}`);
    const parsed = (r.parsed ?? {}) as {
      rows?: { threadId: string }[];
      messages?: { id: string; nativeId: boolean }[];
      listings?: unknown[];
    };
    if (page.expect.rows !== undefined) {
      same(`${page.file} rows`, parsed.rows?.length, page.expect.rows);
      same(
        `${page.file} thread ids`,
        parsed.rows?.map((x) => x.threadId),
        page.expect.threadIds,
      );
    }
    if (page.expect.messages !== undefined) {
      same(`${page.file} messages`, parsed.messages?.length, page.expect.messages);
      same(
        `${page.file} message ids`,
        parsed.messages?.filter((m) => m.nativeId).map((m) => m.id),
        page.expect.messageIds,
      );
    }
    if (page.expect.listings !== undefined)
      same(`${page.file} listings`, parsed.listings?.length, page.expect.listings);
  }
  return failures;
}
