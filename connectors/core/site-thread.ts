/** Reading one thread with the shared connector engine. */
import { sleep } from "../../domain/util/sleep.ts";
import type { SiteSession } from "../browser/site-session.ts";
import type { ThreadDetail } from "./contract.ts";
import type { Step } from "./failures.ts";
import { firstMatch } from "./html.ts";
import { chromeTexts, describeFinding, type Finding, threadFindings } from "./plausibility.ts";
import type { ParseContext, SiteSpec } from "./site-spec.ts";

export const parseContext = (s: SiteSession): ParseContext => ({ now: new Date(), origin: s.opts.origin });

/**
 * Parsed nonsense is drift (plausibility.ts): selector drift with the page as evidence, named
 * by the check that failed, so the run stops before anything is sent on what it misread.
 */
export async function assertPlausible(
  s: SiteSession,
  findings: readonly Finding[],
  step: Step,
): Promise<void> {
  const first = findings[0];
  if (!first) return;
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : "";
  await s.fail({
    class: "selector_drift",
    step,
    message: `${describeFinding(first)}${more}`.slice(0, 280),
    selector: `plausibility:${first.check}`,
  });
}

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
  const ctx = parseContext(s);
  const thread = spec.parseThread(page.doc, threadId, ctx);
  const plausible = { now: ctx.now, threadIdShape: spec.threadIdShape, chrome: chromeTexts(page.doc) };
  await assertPlausible(s, threadFindings(thread, plausible), step);
  return thread;
}
