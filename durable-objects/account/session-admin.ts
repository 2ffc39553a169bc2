/**
 * What a person does to an account's session and circuit from the panel (platform-account.ts
 * calls these, then wakes the account): import cookies captured in a real browser, and close a
 * circuit whose cause they cleared. Each leaves the object and D1's health row agreeing.
 */
import type { StoredCookie } from "../../connectors/browser/cookie-vault.ts";
import { sealCookies } from "../../connectors/browser/cookie-vault.ts";
import { CLOSED } from "../../connectors/core/circuit.ts";
import { type AccountRef, accountObjectName } from "../../domain/account/address.ts";
import { mirrorHealth } from "./d1-effects.ts";
import { markImported } from "./imported-session.ts";
import type { AccountStorage } from "./storage.ts";

interface Scope {
  env: Env;
  store: AccountStorage;
  ref: AccountRef;
}

/** Manual session capture: the cookies are sealed at once, and the session starts unproven. */
export async function importSession({ env, store, ref }: Scope, cookies: StoredCookie[]): Promise<void> {
  store.meta.set("cookies", await sealCookies(cookies, env.SESSION_KEY, accountObjectName(ref)));
  markImported(store, Date.now()); // another browser's session (imported-session.ts)
  store.meta.set("sessionState", "unknown");
  store.meta.delete("parkedCredentials");
  // A person just logged in for us: the automatic-login cap starts over, or the next expiry
  // would park the account again at once without even trying the stored credentials.
  store.meta.delete("relogins");
  store.meta.delete("browser"); // a kept-alive browser holds the old session
  if (store.circuit().reason === "session_expired") store.meta.set("circuit", CLOSED);
  await mirrorHealth(env, ref.accountId, { sessionState: "unknown", sessionReason: null });
}

/** A person cleared the cause of a stop or an open circuit. */
export async function closeCircuit(env: Env, store: AccountStorage): Promise<void> {
  store.meta.set("circuit", CLOSED);
  const ref = store.ref();
  if (ref)
    await mirrorHealth(env, ref.accountId, {
      circuitState: "closed",
      circuitReason: null,
      circuitUntil: null,
    });
}
