/**
 * `verify:site --browser local`: the read-only verify pass (connectors/verify/run.ts) on the
 * operator's machine — puppeteer-core driving the system Chrome/Chromium, the connector code the
 * Worker runs. Shared by the CLI (scripts/verify-site.ts) and its tests.
 */
import type { Browser as CfBrowser } from "@cloudflare/puppeteer";
import type { StoredCookie } from "../../connectors/browser/cookie-vault.ts";
import { openSiteSession } from "../../connectors/browser/page-setup.ts";
import { antiBotConfig } from "../../connectors/core/antibot-config.ts";
import { nextActionAt } from "../../connectors/core/pacing.ts";
import { connectorFor } from "../../connectors/registry.ts";
import { type VerifyRun, verifySite } from "../../connectors/verify/run.ts";
import type { Platform } from "../../domain/platforms.ts";
import { launchChromium } from "../../test/support/chromium.ts";

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
}

const isLoopback = (origin: string) => /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin);

export async function verifyLocal(
  input: LocalVerifyInput,
  browser?: import("puppeteer-core").Browser,
): Promise<VerifyRun> {
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
      return await verifySite(session, entry.spec, {
        account: input.account,
        browser: "local",
        credentials: input.credentials,
        threadId: input.threadId ?? null,
        ...(input.renderWaitMs !== undefined ? { renderWaitMs: input.renderWaitMs } : {}),
      });
    } finally {
      await session.page.close().catch(() => undefined);
    }
  } finally {
    await own?.close().catch(() => undefined);
  }
}
