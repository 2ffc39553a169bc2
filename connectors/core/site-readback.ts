/** Read-back with the shared connector engine: is our body in the thread, sent at or after a time? */
import type { SiteSession } from "../browser/site-session.ts";
import { bodiesMatch } from "./body-match.ts";
import type { ReadBack } from "./contract.ts";
import type { SiteSpec } from "./site-spec.ts";
import { loadThread } from "./site-thread.ts";

/** Site clocks are minute-precision local times; allow this much skew when comparing. */
const CLOCK_SKEW_MS = 3 * 60_000;

export async function findReply(
  spec: SiteSpec,
  s: SiteSession,
  threadId: string,
  body: string,
  after: string,
): Promise<ReadBack> {
  const detail = await loadThread(spec, s, threadId, "confirm");
  const since = Date.parse(after) - CLOCK_SKEW_MS;
  const hit = detail.messages.find(
    (m) =>
      m.direction === "outbound" &&
      bodiesMatch(body, m.text) &&
      (m.sentAt === null || Date.parse(m.sentAt) >= since),
  );
  if (!hit) return { found: false, platformMessageId: null, pending: false };
  return {
    found: hit.deliveryState !== "sending",
    platformMessageId: hit.nativeId ? hit.externalMessageId : null,
    pending: hit.deliveryState === "sending",
  };
}
