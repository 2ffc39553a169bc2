/** Reading one thread with the shared connector engine. */
import { sleep } from "../../domain/util/sleep.ts";
import type { SiteSession } from "../browser/site-session.ts";
import type { ThreadDetail } from "./contract.ts";
import type { Step } from "./failures.ts";
import { firstMatch } from "./html.ts";
import type { ParseContext, SiteSpec } from "./site-spec.ts";

export const parseContext = (s: SiteSession): ParseContext => ({ now: new Date(), origin: s.opts.origin });

export async function loadThread(
  spec: SiteSpec,
  s: SiteSession,
  threadId: string,
  step: Step,
): Promise<ThreadDetail> {
  let page = await s.open(spec.paths.thread(threadId), step);
  // Client-rendered threads (Roomies) show "Loading messages" first: wait for the items.
  const deadline = Date.now() + 10_000;
  while (!firstMatch(page.doc, spec.threadReady) && Date.now() < deadline) {
    await sleep(250);
    page = await s.read(step);
  }
  await s.require(page, spec.threadReady, step, "thread");
  return spec.parseThread(page.doc, threadId, parseContext(s));
}
