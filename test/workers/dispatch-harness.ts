/**
 * Sets up an account whose site is the sandbox, a conversation for one of the sandbox's
 * threads and a queued reply, and drives the account object until its outbox settles.
 */
import { env } from "cloudflare:workers";
import { type AccountRef, accountStub } from "../../domain/account/address.ts";
import type { EnqueueRequest, OutboxItemView } from "../../domain/account/rpc.ts";
import type { Platform } from "../../domain/db/schema.ts";
import { dispatchKey } from "../../domain/dispatch/dispatch-key.ts";
import { type SandboxPlatform, sandbox, siteOrigin } from "../support/sandbox-client.ts";
import { seedAccounts } from "./helpers.ts";

let seq = 0;

export async function setupAccount(
  platform: Platform & SandboxPlatform,
  opts: { sendMode?: "auto_send" | "draft_only" } = {},
) {
  seq++;
  const ref: AccountRef = { accountId: `acc-${platform}-${seq}-${Date.now()}`, platform };
  await seedAccounts([
    {
      id: ref.accountId,
      platform,
      label: `t${seq}-${Date.now()}`,
      sendMode: opts.sendMode ?? "auto_send",
      baseUrl: siteOrigin(platform),
    },
  ]);
  return { ref, stub: accountStub(env, ref) };
}

/** The site refuses every submit on `platform` with `message` in its own words, until cleared. */
export function refuseSubmits(platform: SandboxPlatform, message: string) {
  return sandbox.fault({ platform, kind: "submit_rejected", message, pages: ["submit"] });
}

/** A conversation row for a sandbox thread and a queued reply; returns the enqueue request. */
export async function queuedReply(
  ref: AccountRef,
  threadId: string,
  body: string,
  origin: EnqueueRequest["origin"] = "auto",
) {
  const now = new Date().toISOString();
  const conversationId = `conv-${ref.accountId}-${threadId}`;
  const replyId = crypto.randomUUID();
  const key = await dispatchKey(ref.accountId, threadId, { manualReplyId: replyId }, 1);
  await env.DB.batch([
    env.DB.prepare(
      `INSERT OR IGNORE INTO conversations (id, account_id, platform, external_thread_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ).bind(conversationId, ref.accountId, ref.platform, threadId, now, now),
    env.DB.prepare(
      `INSERT INTO replies (id, conversation_id, account_id, kind, version, body, status, dispatch_key, created_by, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, 'auto', 1, ?, 'queued', ?, 'test', ?, ?, 'test')`,
    ).bind(replyId, conversationId, ref.accountId, body, key, now, now),
  ]);
  const req: EnqueueRequest = {
    ref,
    dispatchKey: key,
    replyId,
    conversationId,
    threadId,
    leadKey: threadId,
    body,
    origin,
  };
  return req;
}

const TERMINAL = new Set(["delivered", "dead", "cancelled"]);

/** Runs the object until every item is terminal (or the predicate holds), or times out. */
export async function settle(
  stub: ReturnType<typeof accountStub>,
  opts: { timeoutMs?: number; until?: (items: OutboxItemView[]) => boolean } = {},
): Promise<OutboxItemView[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const done =
    opts.until ??
    ((items: OutboxItemView[]) => items.length > 0 && items.every((i) => TERMINAL.has(i.state)));
  for (;;) {
    const items = await stub.outbox();
    if (done(items)) return items;
    if (Date.now() > deadline)
      throw new Error(
        `outbox did not settle: ${JSON.stringify(items.map((i) => [i.state, i.lastClass, i.lastError]))}`,
      );
    await stub.runNow();
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function firstThread(platform: SandboxPlatform) {
  const [t] = await sandbox.truth(platform);
  if (!t) throw new Error("sandbox has no thread");
  return t;
}

export async function deliveriesOf(
  platform: SandboxPlatform,
  threadId: string,
  body: string,
): Promise<number> {
  const t = (await sandbox.truth(platform)).find((x) => x.threadId === threadId);
  return t?.deliveries[body] ?? 0;
}
