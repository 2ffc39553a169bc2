/**
 * Reads and writes account policy in D1. The effective send mode always comes from
 * resolveEffectiveSendMode; nothing else combines override and default.
 */
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  accountErrors,
  accountHealth,
  type PlatformAccountRow,
  platformAccounts,
  type SendMode,
  settings,
} from "../db/schema.ts";
import { resolveEffectiveSendMode } from "./send-mode.ts";

export const DEFAULT_SEND_MODE_KEY = "default_send_mode";

export async function readGlobalDefault(
  d: Db,
): Promise<{ value: SendMode; updatedAt: string; updatedBy: string }> {
  const row = await d.select().from(settings).where(eq(settings.key, DEFAULT_SEND_MODE_KEY)).get();
  // The migration seeds the row; if an operator deleted it, fail safe to drafts.
  const value: SendMode = row?.value === "auto_send" ? "auto_send" : "draft_only";
  return { value, updatedAt: row?.updatedAt ?? "", updatedBy: row?.updatedBy ?? "" };
}

/** Policy of one account as the account object needs it just before a send. */
export interface AccountPolicy {
  account: PlatformAccountRow;
  globalDefault: SendMode;
  effectiveSendMode: SendMode;
}

export async function readAccountPolicy(d: Db, accountId: string): Promise<AccountPolicy | null> {
  const [account, def] = await Promise.all([
    d.select().from(platformAccounts).where(eq(platformAccounts.id, accountId)).get(),
    readGlobalDefault(d),
  ]);
  if (!account) return null;
  return {
    account,
    globalDefault: def.value,
    effectiveSendMode: resolveEffectiveSendMode(account.sendMode, def.value),
  };
}

export type ActiveAccount = Pick<PlatformAccountRow, "id" | "platform" | "pushEnabled" | "timeZone">;

/** The accounts the cron ticks, with what their wake schedule needs (push on, time zone). */
export async function listActiveAccounts(d: Db): Promise<ActiveAccount[]> {
  return d
    .select({
      id: platformAccounts.id,
      platform: platformAccounts.platform,
      pushEnabled: platformAccounts.pushEnabled,
      timeZone: platformAccounts.timeZone,
    })
    .from(platformAccounts)
    .where(eq(platformAccounts.isActive, true))
    .all();
}

/** Every account with its policy and health, for GET /api/platforms. */
export async function listAccountsWithHealth(d: Db, now: Date) {
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const [rows, def, errorCounts] = await Promise.all([
    d
      .select()
      .from(platformAccounts)
      .leftJoin(accountHealth, eq(accountHealth.accountId, platformAccounts.id))
      .orderBy(platformAccounts.platform, platformAccounts.label)
      .all(),
    readGlobalDefault(d),
    d
      .select({ accountId: accountErrors.accountId, n: sql<number>`count(*)` })
      .from(accountErrors)
      .where(gte(accountErrors.at, since))
      .groupBy(accountErrors.accountId)
      .all(),
  ]);
  const errorsById = new Map(errorCounts.map((e) => [e.accountId, Number(e.n)]));
  return {
    globalDefaultSendMode: def.value,
    items: rows.map(({ platform_accounts: a, account_health: h }) =>
      accountDto(a, def.value, h, errorsById.get(a.id) ?? 0),
    ),
  };
}

type HealthRow = typeof accountHealth.$inferSelect;

export function accountDto(
  a: PlatformAccountRow,
  globalDefault: SendMode,
  h: HealthRow | null,
  errors24h: number,
) {
  return {
    id: a.id,
    platform: a.platform,
    label: a.label,
    isActive: a.isActive,
    sendMode: a.sendMode,
    effectiveSendMode: resolveEffectiveSendMode(a.sendMode, globalDefault),
    disableReason: a.disableReason,
    credentialRefs: a.credentialRefs,
    baseUrl: a.baseUrl,
    notifyAddress: a.notifyAddress,
    pushEnabled: a.pushEnabled,
    timeZone: a.timeZone,
    sendPath: a.sendPath,
    sendPathSource: a.sendPathSource,
    /** The relay's refusals since it last delivered: the evidence send-path learning counts. */
    relayRefusals: { times: a.relayRefusalTimes ?? [], by: a.relayRefusedBy },
    browserProvider: a.browserProvider,
    browserRefs: a.browserRefs,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    updatedBy: a.updatedBy,
    health: {
      sessionState: h?.sessionState ?? "unknown",
      circuitState: h?.circuitState ?? "closed",
      circuitReason: h?.circuitReason ?? null,
      circuitUntil: h?.circuitUntil ?? null,
      lastTickAt: h?.lastTickAt ?? null,
      lastIngestAt: h?.lastIngestAt ?? null,
      lastSendAt: h?.lastSendAt ?? null,
      lastErrorAt: h?.lastErrorAt ?? null,
      lastErrorClass: h?.lastErrorClass ?? null,
      sessionReason: h?.sessionReason ?? null,
      errors24h,
    },
  };
}

export async function readAccountDto(d: Db, id: string, now: Date) {
  const [row, def, errors] = await Promise.all([
    d
      .select()
      .from(platformAccounts)
      .leftJoin(accountHealth, eq(accountHealth.accountId, platformAccounts.id))
      .where(eq(platformAccounts.id, id))
      .get(),
    readGlobalDefault(d),
    d
      .select({ n: sql<number>`count(*)` })
      .from(accountErrors)
      .where(
        and(
          eq(accountErrors.accountId, id),
          gte(accountErrors.at, new Date(now.getTime() - 24 * 3600_000).toISOString()),
        ),
      )
      .get(),
  ]);
  if (!row) return null;
  return accountDto(row.platform_accounts, def.value, row.account_health, Number(errors?.n ?? 0));
}

/** The account a notification address belongs to (addresses are stored lower-case). */
export async function accountByNotifyAddress(
  d: Db,
  address: string,
): Promise<Pick<PlatformAccountRow, "id" | "platform" | "isActive" | "pushEnabled" | "timeZone"> | null> {
  const row = await d
    .select({
      id: platformAccounts.id,
      platform: platformAccounts.platform,
      isActive: platformAccounts.isActive,
      pushEnabled: platformAccounts.pushEnabled,
      timeZone: platformAccounts.timeZone,
    })
    .from(platformAccounts)
    .where(eq(platformAccounts.notifyAddress, address.toLowerCase()))
    .get();
  return row ?? null;
}
