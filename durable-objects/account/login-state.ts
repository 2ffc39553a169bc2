/**
 * Parking an account whose login cannot be repaired (needs_login), and bringing it back: by a
 * person (retry login, captured cookies) or by itself when the credentials it was parked with
 * change — other references, or a secret set or changed. The hourly login cap still applies.
 */
import type { AccountRef } from "../../domain/account/address.ts";
import type { BrowserRefs } from "../../domain/account/browser-settings.ts";
import { db } from "../../domain/db/client.ts";
import {
  type CredentialRefs,
  credentialFingerprint,
  FINGERPRINT_VERSION,
} from "../../domain/policy/credentials.ts";
import { readAccountPolicy } from "../../domain/policy/policy-store.ts";
import { mirrorHealth } from "./d1-effects.ts";
import type { AccountStorage } from "./storage.ts";

/**
 * What a run needs from the Worker's secrets: the login's references, and the own browser's
 * (docs/anti-bot.md) when the account runs on one — so setting a missing endpoint secret
 * unparks an account parked for it. Accounts on Browser Run keep the login's digest alone.
 */
async function currentFingerprint(
  env: Env,
  refs: CredentialRefs,
  browser?: BrowserRefs | null,
): Promise<string> {
  const login = await credentialFingerprint(env, refs, env.SESSION_KEY);
  if (!browser) return login;
  const own = await credentialFingerprint(
    env,
    { username: browser.endpoint, ...(browser.token ? { password: browser.token } : {}) },
    env.SESSION_KEY,
  );
  return `${login}|${own}`;
}

/** The own browser's references when the account runs on one. */
export function ownBrowserRefs(a: {
  browserProvider: string;
  browserRefs: BrowserRefs | null;
}): BrowserRefs | null {
  return a.browserProvider === "cdp" ? a.browserRefs : null;
}

/** needs_login, remembering what the login had to work with. */
export async function park(env: Env, store: AccountStorage, ref: AccountRef, reason: string): Promise<void> {
  store.meta.set("sessionState", "needs_login");
  const account = (await readAccountPolicy(db(env.DB), ref.accountId))?.account;
  const fp = await currentFingerprint(
    env,
    account?.credentialRefs ?? {},
    account ? ownBrowserRefs(account) : null,
  );
  store.meta.set("parkedCredentials", fp);
  await mirrorHealth(env, ref.accountId, {
    sessionState: "needs_login",
    sessionReason: reason.slice(0, 300),
  });
}

/** Whether the credentials differ from those the account was parked with. */
export async function credentialsChanged(
  env: Env,
  store: AccountStorage,
  refs: CredentialRefs,
  browser: BrowserRefs | null = null,
): Promise<boolean> {
  const parked = store.meta.get("parkedCredentials");
  if (parked === null) return false;
  const now = await currentFingerprint(env, refs, browser);
  // A fingerprint from before the HKDF-derived key cannot be compared: take today's as the
  // parked one (the account stays parked until its credentials change from here on).
  if (!parked.startsWith(FINGERPRINT_VERSION)) {
    store.meta.set("parkedCredentials", now);
    return false;
  }
  return parked !== now;
}

/** Leaves needs_login so that the next run tries the site (and logs in if it must). */
export async function unpark(env: Env, store: AccountStorage, ref: AccountRef): Promise<void> {
  store.meta.set("sessionState", "unknown");
  store.meta.delete("parkedCredentials");
  store.meta.set("ingestDue", true);
  await mirrorHealth(env, ref.accountId, { sessionState: "unknown", sessionReason: null });
}
