/**
 * Drives a connector the way the account object does — real Browser binding (local Chromium),
 * a SiteSession on the sandbox site — with a recording pacer and an in-memory evidence sink.
 */

import { env } from "cloudflare:workers";
import puppeteer from "@cloudflare/puppeteer";
import { openSiteSession } from "../../connectors/browser/page-setup.ts";
import type { Evidence, SiteSession } from "../../connectors/browser/site-session.ts";
import { connectorFor } from "../../connectors/registry.ts";
import type { Platform } from "../../domain/db/schema.ts";
import { type SandboxPlatform, siteOrigin } from "../support/sandbox-client.ts";

export interface Harness {
  session: SiteSession;
  evidence: Evidence[];
  actions: number[];
}

export async function withSite<T>(
  platform: Platform,
  fn: (h: Harness) => Promise<T>,
  opts: { minIntervalMs?: number; login?: boolean } = {},
): Promise<T> {
  const browser = await puppeteer.launch(env.BROWSER);
  try {
    const evidence: Evidence[] = [];
    const actions: number[] = [];
    let last = 0;
    const session = await openSiteSession(browser, {
      spec: connectorFor(platform).spec,
      origin: siteOrigin(platform as SandboxPlatform),
      cookies: [],
      navigationTimeoutMs: 15_000,
      pacer: {
        async beforePageAction() {
          const wait = last + (opts.minIntervalMs ?? 0) - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          last = Date.now();
          actions.push(last);
        },
      },
      evidence: {
        async save(e) {
          evidence.push(e);
          return `ev-${evidence.length}`;
        },
      },
    });
    if (opts.login !== false) {
      const r = await connectorFor(platform).connector.login(session, {
        username: env.LEASEBOT_ACCOUNT_SANDBOX_USERNAME,
        password: env.LEASEBOT_ACCOUNT_SANDBOX_PASSWORD,
      });
      if (!r.ok) throw new Error(`login failed: ${JSON.stringify(r.failure)}`);
    }
    return await fn({ session, evidence, actions });
  } finally {
    await browser.close().catch(() => undefined);
  }
}
