/**
 * The dispatch key: deterministic from what a reply answers, never from its text (a model's
 * reworded retry must not look like a new reply). At most one delivery per key, ever.
 *
 *   answers an inbound message:  account | thread | inbound:<messageId> | v<version>
 *   a manual reply:               account | thread | manual:<replyId>     | v<version>
 *
 * An automatic reply and an unedited approved draft for the same inbound message share a key
 * (version 1), so a cron run racing a person's approval still sends once; an edited draft is
 * a new version and so a new key, because a person chose to send different words.
 */
import { sha256Hex } from "../util/hash.ts";
export type Answers = { inboundMessageId: string } | { manualReplyId: string };

export async function dispatchKey(
  accountId: string,
  threadId: string,
  answers: Answers,
  version: number,
): Promise<string> {
  const what =
    "inboundMessageId" in answers ? `inbound:${answers.inboundMessageId}` : `manual:${answers.manualReplyId}`;
  const material = ["v1", accountId, threadId, what, `v${version}`].join("|");
  return sha256Hex(material);
}
