/**
 * The follow-up policy as the API reads and writes it: the global default (settings row) and an
 * account's override (its column), each write audited. After a write the affected account
 * objects plan again at once (no page load), so a policy switched on acts without waiting for
 * their next planning.
 */
import { eq } from "drizzle-orm";
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import { auditInsert } from "../../domain/audit/audit-log.ts";
import { db } from "../../domain/db/client.ts";
import { platformAccounts, settings } from "../../domain/db/schema.ts";
import { errorFields } from "../../domain/error-fields.ts";
import {
  DEFAULT_POLICY,
  effectivePolicy,
  FOLLOWUP_POLICY_KEY,
  type FollowupPolicy,
  parseStoredPolicy,
} from "../../domain/followup/policy.ts";
import { logEvent } from "../../domain/log.ts";
import { ApiError } from "../api/errors.ts";

export interface GlobalPolicyView {
  policy: FollowupPolicy;
  /** False when nobody has set one: the built-in default (off) applies. */
  stored: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export async function readGlobalPolicy(env: Env): Promise<GlobalPolicyView> {
  const row = await db(env.DB).select().from(settings).where(eq(settings.key, FOLLOWUP_POLICY_KEY)).get();
  const stored = parseStoredPolicy(row?.value);
  return {
    policy: stored ?? DEFAULT_POLICY,
    stored: stored !== null,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

export async function writeGlobalPolicy(
  env: Env,
  actor: string,
  policy: FollowupPolicy,
): Promise<GlobalPolicyView> {
  const d = db(env.DB);
  const before = await readGlobalPolicy(env);
  const now = new Date().toISOString();
  const value = JSON.stringify(policy);
  await d.batch([
    d
      .insert(settings)
      .values({ key: FOLLOWUP_POLICY_KEY, value, updatedAt: now, updatedBy: actor })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedBy: actor } }),
    auditInsert(d, {
      actor,
      action: "followup_policy_updated",
      entityType: "settings",
      entityId: FOLLOWUP_POLICY_KEY,
      before: before.stored ? before.policy : null,
      after: policy,
      at: now,
    }),
  ]);
  const accounts = await d
    .select({ id: platformAccounts.id, platform: platformAccounts.platform })
    .from(platformAccounts)
    .where(eq(platformAccounts.isActive, true))
    .all();
  await Promise.all(accounts.map((a) => replan(env, { accountId: a.id, platform: a.platform })));
  return { policy, stored: true, updatedAt: now, updatedBy: actor };
}

export interface AccountPolicyView {
  accountId: string;
  /** The account's own policy; null = the global default. */
  override: FollowupPolicy | null;
  effective: FollowupPolicy;
  timeZone: string | null;
}

async function loadAccount(env: Env, id: string) {
  const a = await db(env.DB).select().from(platformAccounts).where(eq(platformAccounts.id, id)).get();
  if (!a) throw ApiError.notFound(`No platform account ${id}`);
  return a;
}

export async function readAccountPolicyView(env: Env, id: string): Promise<AccountPolicyView> {
  const [a, g] = await Promise.all([loadAccount(env, id), readGlobalPolicy(env)]);
  const override = parseStoredPolicy(a.followupPolicy);
  return {
    accountId: a.id,
    override,
    effective: effectivePolicy(override, g.stored ? g.policy : null),
    timeZone: a.timeZone,
  };
}

export async function writeAccountPolicy(
  env: Env,
  actor: string,
  id: string,
  override: FollowupPolicy | null,
): Promise<AccountPolicyView> {
  const d = db(env.DB);
  const a = await loadAccount(env, id);
  const now = new Date().toISOString();
  await d.batch([
    d
      .update(platformAccounts)
      .set({ followupPolicy: override ? JSON.stringify(override) : null, updatedAt: now, updatedBy: actor })
      .where(eq(platformAccounts.id, id)),
    auditInsert(d, {
      actor,
      action: "followup_policy_updated",
      entityType: "platform_account",
      entityId: id,
      before: { override: parseStoredPolicy(a.followupPolicy) },
      after: { override },
      at: now,
    }),
  ]);
  await replan(env, { accountId: id, platform: a.platform });
  return readAccountPolicyView(env, id);
}

/** Best effort: the object plans again on its next tick anyway (followups.ts). */
async function replan(env: Env, ref: AccountRef): Promise<void> {
  try {
    await accountStub(env, ref).followupPlan(ref);
  } catch (err) {
    logEvent(env, "followup_replan_failed", { accountId: ref.accountId, ...errorFields(err) });
  }
}
