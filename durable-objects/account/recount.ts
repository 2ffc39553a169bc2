/**
 * The post-delivery recount in the account object (rules in recount-rules.ts): a reply whose
 * submit left in-browser is read again on its thread after delivery, once the copies the site
 * shows late have shown, and the copies of that reply are counted. More than one: recorded and
 * alerted once per dispatch (copy-checks.ts). The recount is a run's work like a read-back —
 * under the run lease, the pacer and the page budget, on the alarm — and it never sends.
 * A recount that cannot run is tried again within its bound and then recorded as not done.
 */
import type { ThreadBaseline } from "../../connectors/core/contract.ts";
import type { BrowserProvider, SendPath } from "../../domain/account/browser-settings.ts";
import { type CopyCount, duplicateSeen, notRecounted, oneCopySeen, type SeenBy } from "./copy-checks.ts";
import type { OutboxItem } from "./outbox-store.ts";
import {
  afterRecount,
  awaiting,
  blockedBy,
  copiesOfReply,
  isDue,
  isOverdue,
  needsRecount,
  type Recount,
  type RecountConfig,
  type RecountResult,
  recountConfig,
  recountWakeAt,
  type Sibling,
  scheduled,
} from "./recount-rules.ts";
import type { RunContext } from "./run-context.ts";
import { ACCOUNT_LEVEL, AccountFailure, isLeaseLost } from "./run-failure.ts";
import { call } from "./run-session.ts";
import type { AccountStorage } from "./storage.ts";

/** Recounts one run does at most (each is one page load). */
const MAX_PER_RUN = 10;
/**
 * Recounts a run does before its sends: a busy account whose runs keep failing in the drain (the
 * chaos benchmark's hard profile) would otherwise never reach them; few, so a reply waiting to
 * go is held up by a few paced page loads at most.
 */
export const BEFORE_SENDS = 3;

/** RECOUNT_DELAY_SCALE: shortens the recount delays for demos and tests (0 < scale ≤ 1). */
export function cfgOf(ctx: Pick<RunContext, "env" | "cfg">): RecountConfig {
  const scale = Number(ctx.env.RECOUNT_DELAY_SCALE || 1);
  return recountConfig(
    ctx.cfg.antibot.appearanceWindowMs,
    ctx.cfg.antibot.settleWindowMs,
    ctx.cfg.recheckMs,
    scale,
  );
}

function all(store: AccountStorage): Record<string, Recount> {
  return store.meta.get("recounts") ?? {};
}

function put(ctx: RunContext, r: Recount): void {
  ctx.holdLease();
  ctx.store.meta.set("recounts", { ...all(ctx.store), [r.dispatchKey]: r });
}

function drop(ctx: RunContext, key: string): void {
  ctx.holdLease();
  const rest = { ...all(ctx.store) };
  delete rest[key];
  ctx.store.meta.set("recounts", rest);
}

/**
 * Before (and after) a submit that may leave in-browser: the reply is recounted once delivered,
 * even when its delivery is settled by a later run's read-back.
 */
export function expectRecount(ctx: RunContext, key: string, path: SendPath, provider: BrowserProvider): void {
  if (path !== "browser" || all(ctx.store)[key]) return;
  put(ctx, awaiting(key, path, provider));
}

export interface Delivery {
  /** The path of the submit this send made, when this send made one. */
  path?: SendPath | null | undefined;
  provider?: BrowserProvider | null | undefined;
  /** Copies beyond the one that confirmed the reply, as the confirm or read-back counted them. */
  extraCopies?: number | undefined;
  seenBy: SeenBy;
}

/**
 * The reply was delivered. A copy the confirm or read-back already counted is recorded now; a
 * reply that submitted in-browser is recounted later; anything else is done with.
 */
export async function onDelivered(ctx: RunContext, item: OutboxItem, d: Delivery): Promise<void> {
  try {
    await settle(ctx, item, d);
  } catch (err) {
    if (isLeaseLost(err)) throw err;
    // The delivery stands; what the count saw is looked at again by a recount (D1 was not written).
    ctx.log("recount_planned", {
      dispatchKey: item.dispatchKey,
      path: "browser",
      provider: d.provider ?? null,
    });
    const entry =
      all(ctx.store)[item.dispatchKey] ?? awaiting(item.dispatchKey, "browser", d.provider ?? "browser_run");
    put(ctx, scheduled(entry, Date.now(), cfgOf(ctx)));
  }
}

async function settle(ctx: RunContext, item: OutboxItem, d: Delivery): Promise<void> {
  const entry = all(ctx.store)[item.dispatchKey];
  const path: SendPath = d.path === "browser" || entry ? "browser" : (d.path ?? "relay");
  const provider = d.provider ?? entry?.provider ?? "browser_run";
  const extra = d.extraCopies ?? 0;
  if (extra > 0) {
    await duplicateSeen(ctx, item, { path, provider, seenBy: d.seenBy, recounts: 0 }, extra + 1);
    if (entry) drop(ctx, item.dispatchKey);
    return;
  }
  if (!needsRecount(path, extra)) {
    if (entry) drop(ctx, item.dispatchKey);
    return;
  }
  put(ctx, scheduled(entry ?? awaiting(item.dispatchKey, path, provider), Date.now(), cfgOf(ctx)));
  ctx.log("recount_planned", { dispatchKey: item.dispatchKey, path, provider });
}

export function pendingRecounts(store: AccountStorage): Recount[] {
  return Object.values(all(store));
}

/** A recount is due now (a reason for a run). */
export function recountDue(store: AccountStorage, now: number): boolean {
  return pendingRecounts(store).some((r) => isDue(r, now));
}

/** When the object must wake for recounts; `blocked`: runs cannot work now, wake at the bound. */
export function recountWakeTime(store: AccountStorage, blocked: boolean): number | null {
  return recountWakeAt(pendingRecounts(store), blocked);
}

const countOf = (r: Recount, seenBy: SeenBy = "recount"): CopyCount => ({
  path: r.path,
  provider: r.provider,
  seenBy,
  recounts: r.round,
});

/**
 * Needs no browser, so it runs at every run's start: recounts past their bound are recorded as
 * not done, and those of replies that ended without being delivered are dropped (a dead letter
 * is a person's already).
 */
export async function expireRecounts(ctx: RunContext, now: number): Promise<void> {
  for (const r of pendingRecounts(ctx.store)) {
    const item = ctx.store.outbox.get(r.dispatchKey);
    if (!item || (r.dueAt === null && (item.state === "dead" || item.state === "cancelled"))) {
      drop(ctx, r.dispatchKey);
      continue;
    }
    if (!isOverdue(r, now)) continue;
    await notRecounted(ctx, item, countOf(r), "no run could read the thread within the recount's bound");
    drop(ctx, r.dispatchKey);
  }
}

function siblingsOf(ctx: RunContext, item: OutboxItem): Sibling[] {
  return ctx.store.sql
    .exec<{
      body: string;
      state: string;
      first_submitted_at: number | null;
      confirmed: string | null;
      baseline: string | null;
    }>(
      `SELECT body, state, first_submitted_at, coalesce(confirmed_message_id, platform_message_id) AS confirmed,
              baseline
       FROM outbox WHERE thread_id = ? AND dispatch_key != ?`,
      item.threadId,
      item.dispatchKey,
    )
    .toArray()
    .map((s) => ({
      body: s.body,
      state: s.state,
      firstSubmittedAt: s.first_submitted_at,
      confirmedId: s.confirmed,
      baseline: s.baseline ? (JSON.parse(s.baseline) as ThreadBaseline) : null,
    }));
}

/**
 * Reads the thread and counts. A failure the whole account shares (a login, a challenge) ends the
 * run, after it counted as a try of this recount.
 */
async function count(
  ctx: RunContext,
  r0: Recount,
  item: OutboxItem,
  cfg: RecountConfig,
): Promise<RecountResult> {
  const siblings = siblingsOf(ctx, item);
  if (blockedBy(item, siblings)) return { kind: "blocked" };
  const r = await call(ctx, (s) => ctx.connector.readThread(s, item.threadId));
  if (!r.ok) {
    const result: RecountResult = { kind: "unreadable", error: r.failure.message };
    if (ACCOUNT_LEVEL.has(r.failure.class)) {
      const next = afterRecount(r0, result, Date.now(), cfg);
      if (next.next === "again") put(ctx, next.recount);
      throw new AccountFailure(r.failure);
    }
    return result;
  }
  const me = { body: item.body, baseline: item.baseline!, firstSubmittedAt: item.firstSubmittedAt ?? 0 };
  return { kind: "counted", copies: copiesOfReply(r.value, me, siblings) };
}

/** The recounts due now (at most `max`), one page load each, within the run's budget. */
export async function runRecounts(ctx: RunContext, max = MAX_PER_RUN): Promise<number> {
  const cfg = cfgOf(ctx);
  let done = 0;
  for (const r of pendingRecounts(ctx.store)) {
    if (done >= max || Date.now() - ctx.started >= ctx.cfg.runBudgetMs) break;
    if (!isDue(r, Date.now())) continue;
    const item = ctx.store.outbox.get(r.dispatchKey);
    if (item?.state !== "delivered" || !item.baseline) {
      // Nothing to count against (no baseline: an item older than baselines).
      if (item?.state === "delivered") await notRecounted(ctx, item, countOf(r), "the reply has no baseline");
      drop(ctx, r.dispatchKey);
      continue;
    }
    done++;
    const result = await count(ctx, r, item, cfg);
    const next = afterRecount(r, result, Date.now(), cfg);
    switch (next.next) {
      case "duplicate":
        await duplicateSeen(ctx, item, { ...countOf(r), recounts: r.round + 1 }, next.copies);
        drop(ctx, r.dispatchKey);
        break;
      case "one_copy":
        await oneCopySeen(ctx, item, { ...countOf(r), recounts: next.rounds });
        drop(ctx, r.dispatchKey);
        break;
      case "give_up":
        await notRecounted(ctx, item, countOf(r), next.reason);
        drop(ctx, r.dispatchKey);
        break;
      case "again":
        put(ctx, next.recount);
        break;
    }
  }
  return done;
}
