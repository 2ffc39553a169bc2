/**
 * Read-back with the shared connector engine: is there a message with the reply's body that is
 * new since the reply's baseline and claimed by no other reply (reply-evidence.ts)? The site's
 * timestamps play no part.
 */
import type { SiteSession } from "../browser/site-session.ts";
import type { ReadBack, ReplyRef } from "./contract.ts";
import { copiesSince, findOurReply } from "./reply-evidence.ts";
import type { SiteSpec } from "./site-spec.ts";
import { loadThread } from "./site-thread.ts";

export async function findReply(spec: SiteSpec, s: SiteSession, reply: ReplyRef): Promise<ReadBack> {
  const detail = await loadThread(spec, s, reply.threadId, "confirm");
  const seen = findOurReply(
    detail,
    reply.body,
    reply.baseline,
    new Set(reply.claimed),
    reply.deliveredSameWords,
  );
  if (seen.kind !== "new")
    return {
      found: false,
      messageId: null,
      platformMessageId: null,
      pending: false,
      unprovable: seen.kind === "unprovable",
    };
  const m = seen.message;
  const pending = m.deliveryState === "sending";
  // More than one new copy: the site stored the submit twice (a browser re-send, submit-watch.ts).
  const extra = reply.baseline
    ? copiesSince(detail, reply.body, reply.baseline, new Set(reply.claimed), reply.deliveredSameWords) - 1
    : 0;
  return {
    found: !pending,
    messageId: m.externalMessageId,
    platformMessageId: m.nativeId ? m.externalMessageId : null,
    pending,
    unprovable: false,
    ...(extra > 0 ? { extraCopies: extra } : {}),
  };
}
