/**
 * What proves that a reply of ours is on the site: an outbound message with our body that was
 * not in the thread before our first submit. Text alone proves nothing — templates put the same
 * words in a thread more than once — and neither do the site's timestamps (a misread time zone
 * or an unparsed date would make an old copy look new, or ours look old). So before the first
 * submit the thread's outbound messages are written down (the baseline, stored with the outbox
 * item), and afterwards only a message outside it counts. docs/architecture.md, "Exactly once".
 */
import { bodiesMatch } from "./body-match.ts";
import type { ThreadBaseline, ThreadDetail, ThreadMessage } from "./contract.ts";

// A derived id (sites that show none) is only as good as the text and its position, so for
// those messages the number of copies must grow as well (ThreadBaseline.matchingWithoutIds).

export function takeBaseline(detail: ThreadDetail, body: string): ThreadBaseline {
  const outbound = detail.messages.filter((m) => m.direction === "outbound");
  return {
    outboundIds: outbound.map((m) => m.externalMessageId),
    matchingWithoutIds: outbound.filter((m) => !m.nativeId && bodiesMatch(body, m.text)).length,
  };
}

export type Evidence =
  /** A message that is ours: new since the baseline, with our body, claimed by no other reply. */
  | { kind: "new"; message: ThreadMessage }
  /** No outbound message with our body that the baseline and the claims leave over. */
  | { kind: "none" }
  /** Our body is there, but without a baseline nothing shows it is new (an item older than baselines). */
  | { kind: "unprovable" };

/**
 * Looks for our reply in a thread. `claimed` are the message ids other replies of this thread
 * were already confirmed by: one message on the site confirms one reply, never two.
 */
export function findOurReply(
  detail: ThreadDetail,
  body: string,
  baseline: ThreadBaseline | null,
  claimed: ReadonlySet<string>,
  deliveredSameWords = 0,
): Evidence {
  const copies = detail.messages.filter((m) => m.direction === "outbound" && bodiesMatch(body, m.text));
  // Every copy is accounted for by a reply already confirmed: none of them can be ours, whatever
  // ids say. A site without message ids numbers identical copies in display order, and a copy
  // that shows late (stored earlier, displayed later) shifts the numbers of those after it, so
  // an id claimed before the shift names another copy after it.
  if (copies.length <= deliveredSameWords) return { kind: "none" };
  const matching = copies.filter((m) => !claimed.has(m.externalMessageId));
  if (!baseline) return matching.length ? { kind: "unprovable" } : { kind: "none" };
  const before = new Set(baseline.outboundIds);
  const withoutIdsNow = detail.messages.filter(
    (m) => m.direction === "outbound" && !m.nativeId && bodiesMatch(body, m.text),
  ).length;
  const grewWithoutIds = withoutIdsNow > baseline.matchingWithoutIds;
  const fresh = matching.find((m) => !before.has(m.externalMessageId) && (m.nativeId || grewWithoutIds));
  return fresh ? { kind: "new", message: fresh } : { kind: "none" };
}

/**
 * How many copies of our words are new since the baseline and claimed by no other reply. One is
 * the reply itself; more means the site stored the submit more than once — on the in-browser
 * path, Chromium's own re-send on a connection that died after the site stored the first
 * (connectors/browser/submit-watch.ts). Sites without message ids count by growth.
 */
export function copiesSince(
  detail: ThreadDetail,
  body: string,
  baseline: ThreadBaseline,
  claimed: ReadonlySet<string>,
  deliveredSameWords = 0,
): number {
  const copies = detail.messages.filter((m) => m.direction === "outbound" && bodiesMatch(body, m.text));
  const before = new Set(baseline.outboundIds);
  const native = copies.filter(
    (m) => m.nativeId && !before.has(m.externalMessageId) && !claimed.has(m.externalMessageId),
  ).length;
  const withoutIds = copies.filter((m) => !m.nativeId).length;
  // Copies of other confirmed replies with the same words may be among them: never counted as ours.
  const grown = Math.max(0, withoutIds - baseline.matchingWithoutIds - deliveredSameWords);
  return native + grown;
}
