/**
 * `verify:site --browser local`: the read-only verify pass (connectors/verify/run.ts) on the
 * operator's machine — puppeteer-core driving the system Chrome/Chromium, the connector code the
 * Worker runs. Shared by the CLI (scripts/verify-site.ts) and its tests.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser as CfBrowser } from "@cloudflare/puppeteer";
import type { StoredCookie } from "../../connectors/browser/cookie-vault.ts";
import { openSiteSession } from "../../connectors/browser/page-setup.ts";
import { antiBotConfig } from "../../connectors/core/antibot-config.ts";
import { nextActionAt } from "../../connectors/core/pacing.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { type CanaryReport, canarySend } from "../../connectors/verify/canary.ts";
import type { Known } from "../../connectors/verify/candidates.ts";
import { buildCapture } from "../../connectors/verify/capture-redact.ts";
import type { VerifyStep } from "../../connectors/verify/catalog.ts";
import { type VerifyRun, verifySite } from "../../connectors/verify/run.ts";
import type { Platform } from "../../domain/platforms.ts";
import { launchChromium } from "../../test/support/chromium.ts";
import { root } from "./local-stack.ts";

export interface LocalVerifyInput {
  platform: Platform;
  /** Default: the real site's origin. */
  origin?: string;
  account: string | null;
  credentials: { username: string; password: string } | null;
  cookies?: StoredCookie[];
  threadId?: string | null;
  /** Pace page loads as the Worker does on this site (default: yes unless the origin is loopback). */
  paced?: boolean;
  renderWaitMs?: number;
  /** Texts, names, times and listings known to be on the pages (the operator's own), for drift candidates. */
  known?: Partial<Pick<Known, "texts" | "names" | "times" | "listings">>;
  /** After the read-only pass, send the canary text to this thread (the operator's own). */
  canaryThread?: string | null;
}

/**
 * The sandbox's page for each step: the connectors' saved fixtures, which are the sandbox's markup
 * (connectors/<site>/fixtures/captured-at.txt says when they were saved).
 */
export function sandboxReferences(platform: Platform): Partial<Record<VerifyStep, string>> {
  const dir = join(root, "connectors", platform, "fixtures");
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), "utf8") : undefined);
  const refs: Partial<Record<VerifyStep, string>> = {};
  for (const [step, file] of [
    ["inbox", "inbox-page1.html"],
    ["thread", "thread.html"],
    ["listings", "listings.html"],
  ] as const) {
    const html = read(file);
    if (html) refs[step] = html;
  }
  return refs;
}

const isLoopback = (origin: string) => /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin);

export interface LocalVerifyRun extends VerifyRun {
  canary: CanaryReport | null;
  /** The session's cookie values, for capture to scrub from pages (never written anywhere). */
  cookieValues: string[];
}

export async function verifyLocal(
  input: LocalVerifyInput,
  browser?: import("puppeteer-core").Browser,
): Promise<LocalVerifyRun> {
  const entry = connectorFor(input.platform);
  const origin = (input.origin ?? entry.realOrigin).replace(/\/$/, "");
  const paced = input.paced ?? !isLoopback(origin);
  const cfg = antiBotConfig(input.platform, undefined);
  let last: number | null = null;
  const own = browser ? null : await launchChromium();
  const b = browser ?? own!;
  try {
    const session = await openSiteSession(b as unknown as CfBrowser, {
      spec: entry.spec,
      origin,
      pacer: {
        async beforePageAction() {
          if (paced) {
            const at = nextActionAt(last, cfg, Math.random());
            if (at > Date.now()) await new Promise((r) => setTimeout(r, at - Date.now()));
          }
          last = Date.now();
        },
      },
      // Evidence pages hold unredacted lead data: a local run keeps none (capture redacts its own).
      evidence: { save: async () => "not-kept" },
      cookies: input.cookies ?? [],
      navigationTimeoutMs: 30_000,
    });
    try {
      const run = await verifySite(session, entry.spec, {
        account: input.account,
        browser: "local",
        credentials: input.credentials,
        threadId: input.threadId ?? null,
        ...(input.renderWaitMs !== undefined ? { renderWaitMs: input.renderWaitMs } : {}),
        known: input.known ?? {},
        references: sandboxReferences(input.platform),
      });
      const canary = input.canaryThread ? await canarySend(session, entry, input.canaryThread) : null;
      const cookies = await session.page.cookies().catch(() => []);
      return { ...run, canary, cookieValues: cookies.map((c) => c.value) };
    } finally {
      await session.page.close().catch(() => undefined);
    }
  } finally {
    await own?.close().catch(() => undefined);
  }
}

/** Writes a capture bundle to `dir` (connectors/<site>/fixtures/captured/<date>/ by default). */
export function writeCapture(
  run: LocalVerifyRun,
  platform: Platform,
  dir?: string,
  now = new Date(),
): string {
  const entry = connectorFor(platform);
  const { manifest, files } = buildCapture(entry.spec, run.pages, {
    cookieValues: run.cookieValues,
    connectorVersion: run.report.connectorVersion,
    now,
  });
  const out =
    dir ?? join(root, "connectors", platform, "fixtures", "captured", now.toISOString().slice(0, 10));
  mkdirSync(out, { recursive: true });
  for (const [name, html] of Object.entries(files)) writeFileSync(join(out, name), html);
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return out;
}
