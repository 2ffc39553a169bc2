import type { Platform } from "../db/schema.ts";

/** What an account object needs to know about itself (objects do not know their own name). */
export interface AccountRef {
  accountId: string;
  platform: Platform;
}

/** Objects are addressed by name "<platform>:<accountId>", so every caller reaches the same one. */
export function accountObjectName(ref: AccountRef): string {
  return `${ref.platform}:${ref.accountId}`;
}

export function accountStub(env: Pick<Env, "PLATFORM_ACCOUNT">, ref: AccountRef) {
  return env.PLATFORM_ACCOUNT.getByName(accountObjectName(ref));
}
