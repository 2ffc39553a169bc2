/** Reading one thread with the shared connector engine. */
import { sleep } from "../../domain/util/sleep.ts";
import type { SiteSession } from "../browser/site-session.ts";
import type { ThreadDetail } from "./contract.ts";
import type { Step } from "./failures.ts";
import { firstMatch } from "./html.ts";
import type { ParseContext, SiteSpec } from "./site-spec.ts";

export const parseContext = (s: SiteSession): ParseContext => ({ now: new Date(), origin: s.opts.origin });

/**
 * Loads the thread page and parses it. With `reuseWithinMs`, a tab that still shows the thread
 * as this session loaded it that recently is read as it is, without another page load (a reply
 * to the thread a run has just read).
 */
export async function loadThread(
  spec: SiteSpec,
  s: SiteSession,
  threadId: string,
  step: Step,
  opts: { reuseWithinMs?: number } = {},
): Promise<ThreadDetail> {
  const path = spec.paths.thread(threadId);
  let page =
    opts.reuseWithinMs !== undefined && s.isShowing(path, opts.reuseWithinMs)
      ? await s.read(step, null, `reuse ${path}`)
      : await s.open(path, step);
  // Client-rendered threads (Roomies) show "Loading messages" first: wait for the items.
  const deadline = Date.now() + 10_000;
  while (!firstMatch(page.doc, spec.threadReady) && Date.now() < deadline) {
    await sleep(250);
    page = await s.read(step);
  }
  await s.require(page, spec.threadReady, step, "thread");
  return spec.parseThread(page.doc, threadId, parseContext(s));
}
