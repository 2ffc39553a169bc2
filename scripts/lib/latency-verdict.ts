// The latency report's verdict and its summary sentences, computed from the run's figures so no
// line of bench/latency.md is written by hand. The targets are issue 16's done-when: with push a
// lead is answered within 20 s at p95 with none unanswered; idle accounts poll at most 6 page
// loads an hour; push and the safety net alone each beat today's code on p95 and browser time.
// Pure (scripts/lib/latency-bench.test.ts).

export const TARGETS = { pushP95Ms: 20_000, idlePageLoadsPerHour: 6 } as const;

export interface ArmFigures {
  name: string;
  title: string;
  leads: number;
  p95Ms: number | null;
  unanswered: number;
  idlePageLoadsPerHour: number;
  browserSecondsPerAccountHour: number;
}

export interface VerdictLine {
  met: boolean;
  text: string;
}

const sec = (ms: number | null) => (ms === null ? "–" : `${(ms / 1000).toFixed(1)} s`);

export function latencyVerdict(today: ArmFigures, push: ArmFigures, poll: ArmFigures): VerdictLine[] {
  const lines: VerdictLine[] = [];
  lines.push({
    met: push.p95Ms !== null && push.p95Ms <= TARGETS.pushP95Ms && push.unanswered === 0,
    text: `with push, lead → reply p95 ${sec(push.p95Ms)} over ${push.leads} leads, ${push.unanswered} unanswered (target ≤ ${sec(TARGETS.pushP95Ms)}, none unanswered)`,
  });
  lines.push({
    met: push.idlePageLoadsPerHour <= TARGETS.idlePageLoadsPerHour,
    text: `with push, an idle account loads ${push.idlePageLoadsPerHour.toFixed(1)} pages an hour (target ≤ ${TARGETS.idlePageLoadsPerHour}; today's code ${today.idlePageLoadsPerHour.toFixed(1)})`,
  });
  for (const arm of [push, poll])
    lines.push({
      met: arm.p95Ms !== null && today.p95Ms !== null && arm.p95Ms < today.p95Ms,
      text: `${arm.title}: p95 ${sec(arm.p95Ms)} against today's ${sec(today.p95Ms)}`,
    });
  lines.push({
    met: push.browserSecondsPerAccountHour < today.browserSecondsPerAccountHour,
    text: `browser-seconds per account-hour: push ${push.browserSecondsPerAccountHour.toFixed(1)} against today's ${today.browserSecondsPerAccountHour.toFixed(1)}`,
  });
  return lines;
}

export function renderVerdict(lines: readonly VerdictLine[]): string {
  const failed = lines.filter((l) => !l.met).length;
  const head =
    failed === 0
      ? "**Verdict: every target met.**"
      : `**Verdict: ${failed} of ${lines.length} targets NOT met.**`;
  return [head, "", ...lines.map((l) => `- ${l.met ? "met" : "**NOT met**"}: ${l.text}`)].join("\n");
}

/** Whether every arm answered every lead — said only when the table says so. */
export function servedSentence(arms: readonly { name: string; unanswered: number }[]): string {
  const short = arms.filter((a) => a.unanswered > 0);
  const counts = arms.map((a) => `${a.name} ${a.unanswered} unanswered`).join(", ");
  return short.length === 0
    ? `Every lead on every arm was answered (${counts})`
    : `Not every lead was answered: ${counts}`;
}
