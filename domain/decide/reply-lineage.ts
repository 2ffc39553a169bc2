/**
 * Reply versions. A draft that a person edits becomes a new row with version+1 and so a new
 * dispatch key; an unedited approval keeps its version and key. The new row's id is derived from
 * the first row's id (`<root>.v<n>`): two people editing the same version at once produce the
 * same id and only one insert wins, and a manual reply's dispatch key can always name its first row.
 */
import { dispatchKey as buildKey } from "../dispatch/dispatch-key.ts";
import { sha256Hex } from "../util/hash.ts";

const VERSION_SUFFIX = /\.v\d+$/;

export function rootReplyId(id: string): string {
  return id.replace(VERSION_SUFFIX, "");
}

export function versionRowId(id: string, version: number): string {
  return `${rootReplyId(id)}.v${version}`;
}

export interface KeyedReply {
  id: string;
  accountId: string;
  inboundMessageId: string | null;
}

/** The dispatch key of a reply row at a version (the only caller of dispatchKey for replies). */
export function replyDispatchKey(reply: KeyedReply, threadId: string, version: number): Promise<string> {
  const answers = reply.inboundMessageId
    ? { inboundMessageId: reply.inboundMessageId }
    : { manualReplyId: rootReplyId(reply.id) };
  return buildKey(reply.accountId, threadId, answers, version);
}

/**
 * A manual reply's id, so that a double click or a retried request names the same row and
 * cannot send twice. With a client idempotency key it is derived from (conversation, caller,
 * key). Without one it is derived from the conversation, the words and `anchor` — what the
 * conversation held when the person wrote (its messages) — so the same words sent again at
 * once are one reply, and the same words after the lead wrote again (or after the first copy
 * was delivered, which adds a message) are a new one.
 */
export async function manualReplyId(
  conversationId: string,
  caller: string,
  key: { idempotencyKey: string } | { body: string; anchor: string },
): Promise<string> {
  const material =
    "idempotencyKey" in key
      ? ["manual", conversationId, caller, key.idempotencyKey]
      : ["manual-derived", conversationId, key.anchor, key.body];
  return `manual-${(await sha256Hex(material.join("|"))).slice(0, 32)}`;
}
