/**
 * A session a person imported (cookies captured in their own browser: the session-capture
 * runbook) belongs to the browser it was captured in. A site whose bot defence binds a session
 * to the client that logged in challenges or blocks every page the account's browser loads with
 * it (docs/anti-bot.md). That is not the account being refused: the account logs in again itself
 * in the browser it drives, once per run, and goes on; without credentials it is parked with a
 * reason that says so (run-session.ts `loginAfresh`).
 *
 * The mark is set on import and cleared once a run went well or the account logged in itself:
 * from then on the session is this browser's own, and a challenge is the site's verdict on us.
 */
import type { Failure } from "../../connectors/core/failures.ts";
import type { RunContext } from "./run-context.ts";
import type { AccountStorage } from "./storage.ts";

/**
 * The refusals a client-bound defence answers an imported session with: a defence's challenge or
 * block. A site's own captcha widget is not one (it asks a person, and opens the circuit).
 */
const REFUSED = new Set(["bot_challenge", "access_blocked"]);

/** Runs that already logged in afresh for an imported session (once per run). */
const triedIn = new WeakSet<RunContext>();

export function markImported(store: AccountStorage, at: number): void {
  store.meta.set("importedSessionAt", at);
}

/** The session is this browser's own now (a good run, or a login of its own). */
export function sessionProven(store: AccountStorage): void {
  store.meta.delete("importedSessionAt");
}

/**
 * Whether this failure is the site refusing a session imported from another browser, which a
 * fresh login in this browser may cure — once per run.
 */
export function importedSessionRefused(ctx: RunContext, f: Failure): boolean {
  if (!REFUSED.has(f.class) || triedIn.has(ctx)) return false;
  return ctx.store.meta.get("importedSessionAt") !== null;
}

/** Remembers that this run tries the fresh login (it is not tried twice). */
export function freshLoginTried(ctx: RunContext): void {
  triedIn.add(ctx);
  sessionProven(ctx.store);
}

/** The reason an account without credentials is parked with. */
export const IMPORTED_REFUSED_NO_LOGIN =
  "the site's bot defence refused the imported session (it is bound to the browser it was captured in), and the account cannot log in itself";
