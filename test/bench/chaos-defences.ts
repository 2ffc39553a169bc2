/**
 * Bot defences in the chaos benchmark's hard profiles (sandbox/bot-defence.ts,
 * docs/anti-bot.md): some accounts' sites tie the session to the browser that logged in (the
 * relay's copy is refused and that send goes in-browser; after 3 refusals within a day with no
 * relay success between, the account learns in-browser), one account's site
 * challenges Browser Run's headers and the account runs on a browser of the operator's own
 * (test/support/own-browser.ts). The figures: sends per path and provider, relay refusals; the
 * in-browser path's one duplicate is chaos-resends.ts.
 */
import { env } from "cloudflare:workers";
import puppeteer from "@cloudflare/puppeteer";
import { DESKTOP_USER_AGENT } from "../../connectors/browser/page-setup.ts";
import type { AccountRef } from "../../domain/account/address.ts";
import { sleep } from "../../domain/util/sleep.ts";
import {
  type CapturedCookie,
  LOGIN_FORMS,
  type SandboxPlatform,
  sandbox,
  sandboxControl,
  siteOrigin,
} from "../support/sandbox-client.ts";
import type { ChaosProfile } from "./chaos-profiles.ts";

const split = (a: string) => a.split("/") as [SandboxPlatform, string];

/** Turns the profile's defences on and points the automation-defended accounts at the own browser. */
export async function applyDefences(
  profile: ChaosProfile,
  idOf: (a: { platform: string; account: string }) => string,
): Promise<void> {
  const defended = profile.defences ?? [];
  if (defended.some((d) => d.automation)) {
    const helper = new URL(env.ALERT_WEBHOOK_URL!).origin;
    const res = await fetch(`${helper}/own-browser`, { method: "POST" });
    if (res.status !== 204) throw new Error(`own browser did not start: ${res.status}`);
  }
  for (const d of defended) {
    const [platform, account] = split(d.account);
    await sandbox.defences({
      platform,
      account,
      ...(d.automation ? { automation: true } : {}),
      ...(d.client ? { client: true } : {}),
    });
    if (d.automation)
      await env.DB.prepare(
        "UPDATE platform_accounts SET browser_provider = 'cdp', browser_refs = ? WHERE id = ?",
      )
        .bind(
          JSON.stringify({ endpoint: "secret:LEASEBOT_ACCOUNT_OWN_BROWSER_TEST_ENDPOINT" }),
          idOf({ platform, account }),
        )
        .run();
  }
}

export interface DefenceFigures {
  /** Sends by path and provider, from the account objects' counters. */
  sends: Record<string, number>;
  relayRefusals: number;
  /** What the sites refused, by defence. */
  siteRefusals: { automation: number; client: number };
  /** Accounts that learnt to send in-browser, of those whose site refused the relay. */
  learnt: string[];
}

export async function defenceFigures(
  profile: ChaosProfile,
  refs: AccountRef[],
  statuses: { counters: Record<string, number> }[],
  nameOf: (accountId: string) => string,
): Promise<DefenceFigures> {
  const sends: Record<string, number> = {};
  let relayRefusals = 0;
  const learnt: string[] = [];
  for (const [i, ref] of refs.entries()) {
    const c = statuses[i]?.counters ?? {};
    for (const [k, v] of Object.entries(c)) if (k.startsWith("sent_")) sends[k] = (sends[k] ?? 0) + v;
    relayRefusals += c.relay_refused ?? 0;
    const row = await env.DB.prepare("SELECT send_path FROM platform_accounts WHERE id = ?")
      .bind(ref.accountId)
      .first<{ send_path: string }>();
    if (row?.send_path === "browser") learnt.push(nameOf(ref.accountId));
  }
  const siteRefusals = { automation: 0, client: 0 };
  for (const p of new Set(profile.accounts.map((a) => a.platform))) {
    const res = await fetch(`${sandboxControl()}/__sandbox/counters?platform=${p}`);
    const c = (await res.json()) as { defenceRefusals?: { automation: number; client: number } };
    siteRefusals.automation += c.defenceRefusals?.automation ?? 0;
    siteRefusals.client += c.defenceRefusals?.client ?? 0;
  }
  return { sends, relayRefusals, siteRefusals, learnt };
}

export function defenceSection(profile: ChaosProfile, f: DefenceFigures): string {
  const defended = profile.defences ?? [];
  if (defended.length === 0) return "";
  const list = defended
    .map(
      (d) =>
        `${d.account} (${[d.client ? "client-bound session" : "", d.automation ? "Browser Run's headers challenged; own CDP browser" : ""].filter(Boolean).join("; ")})`,
    )
    .join(", ");
  const sends =
    Object.entries(f.sends)
      .sort()
      .map(([k, v]) => `${k.replace("sent_", "").replace("_", " on ")} ${v}`)
      .join(", ") || "none";
  return `
Bot defences (sandbox/bot-defence.ts, docs/anti-bot.md) on ${list}.

| measure | value |
|---|---|
| sends by path on provider (every submit, first tries and retries) | ${sends} |
| relayed submits a bot defence refused (nothing stored), each then tried in-browser | ${f.relayRefusals} |
| requests the sites' defences refused (automation / client) | ${f.siteRefusals.automation} / ${f.siteRefusals.client} |
| accounts that learnt to send in-browser | ${f.learnt.join(", ") || "none"} |
`;
}

/** Whether the account's site ties the session to the client that logged in. */
export function clientBound(profile: ChaosProfile, platform: string, account: string): boolean {
  return (profile.defences ?? []).some((d) => d.client && d.account === `${platform}/${account}`);
}

/**
 * The session-capture runbook for a site that ties the session to its client: a session captured
 * over plain HTTP would be refused in the account's browser, so the person logs in in a browser
 * like the account's (the same Chromium, the product's desktop User-Agent) and hands that
 * session over. Retries the login page's own faults a few times.
 */
export async function captureInBrowser(
  platform: SandboxPlatform,
  username: string,
  password: string,
): Promise<CapturedCookie[]> {
  const [path, user, pass] = LOGIN_FORMS[platform];
  const browser = await puppeteer.launch(env.BROWSER);
  try {
    const page = await browser.newPage();
    await page.setUserAgent(DESKTOP_USER_AGENT);
    for (let attempt = 0; attempt < 6; attempt++) {
      const res = await page.goto(`${siteOrigin(platform)}${path}`, { waitUntil: "domcontentloaded" });
      const field = await page.$(`input[name="${user}"]`);
      if (res?.ok() && field) {
        await page.type(`input[name="${user}"]`, username);
        await page.type(`input[name="${pass}"]`, password);
        await Promise.all([
          page.waitForNavigation({ waitUntil: "domcontentloaded" }).catch(() => null),
          page.$eval(`input[name="${pass}"]`, (el) => (el as HTMLInputElement).form?.requestSubmit()),
        ]);
        const cookies = (await page.cookies(siteOrigin(platform))).filter((c) => c.httpOnly);
        if (cookies.length)
          return cookies.map((c) => ({
            name: c.name,
            value: c.value,
            domain: c.domain,
            path: c.path,
            httpOnly: true,
          }));
      }
      await sleep(1000);
    }
    return [];
  } finally {
    await browser.close().catch(() => undefined);
  }
}
