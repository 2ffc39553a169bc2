/**
 * The dispatch key: deterministic from what a reply answers, never from its text (a model's
 * reworded retry must not look like a new reply). At most one delivery per key, ever.
 *
 *   answers an inbound message:  account | thread | inbound:<messageId> | v<version>
 *   a manual reply:               account | thread | manual:<replyId>     | v<version>
 *   a follow-up:                  account | thread | followup:<leadMessageId>:s<step> | v1
 *
 * An automatic reply and an unedited approved draft for the same inbound message share a key
 * (version 1), so a cron run racing a person's approval still sends once; an edited draft is
 * a new version and so a new key, because a person chose to send different words.
 */
import { sha256Hex } from "../util/hash.ts";
export type Answers =
  | { inboundMessageId: string }
  | { manualReplyId: string }
  /** Step n of the silence after the lead's message: each step of each silence is one key. */
  | { followupOf: string; step: number };

export async function dispatchKey(
  accountId: string,
  threadId: string,
  answers: Answers,
  version: number,
): Promise<string> {
  const what =
    "inboundMessageId" in answers
      ? `inbound:${answers.inboundMessageId}`
      : "manualReplyId" in answers
        ? `manual:${answers.manualReplyId}`
        : `followup:${answers.followupOf}:s${answers.step}`;
  const material = ["v1", accountId, threadId, what, `v${version}`].join("|");
  return sha256Hex(material);
}
