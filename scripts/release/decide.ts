/**
 * The rollout's decision at one check: promote, hold or roll back, from the version comparison
 * (GET /api/metrics?version=&baseline=) and the thresholds in release.config.json. Pure, so it
 * is tested on recorded snapshots and the dry run prints exactly what a real run would decide.
 *
 * A trigger fires when the new version is worse than the baseline by BOTH the ratio and the
 * absolute margin, on enough data on both sides; a trigger red in `consecutiveChecks` checks in a
 * row rolls back, fewer holds. A check with nothing red but too little data holds. Promotion
 * needs the stage's soak time served and `promoteAfterGreenChecks` green checks in a row.
 */
import {
  ratesOf,
  type VersionComparison,
  type VersionFigures,
} from "../../worker/metrics/version-comparison-shape.ts";
import type { RateTrigger, RolloutConfig, StageName, TriggerName } from "./config.ts";

export type Verdict = "promote" | "hold" | "rollback";
export type CheckStatus = "green" | "red" | "insufficient";

export interface Fired {
  trigger: TriggerName;
  /** The platform, for per-platform triggers. */
  subject: string | null;
  value: number;
  baseline: number;
  /** The threshold in words, e.g. "> 2× baseline and > baseline + 0.02". */
  limit: string;
  /** Red checks in a row for this trigger, this one included. */
  streak: number;
  needed: number;
}

export interface CheckOutcome {
  stage: StageName;
  check: number;
  elapsedMinutes: number;
  status: CheckStatus;
  verdict: Verdict;
  fired: Fired[];
  /** Why the verdict, in one line. */
  reason: string;
  /** Triggers not judged (too little data on a side), for the record. */
  notJudged: string[];
}

export interface CheckInput {
  stage: StageName;
  check: number;
  elapsedMinutes: number;
  comparison: VersionComparison;
  /** Earlier checks of the same stage, oldest first. */
  previous: CheckOutcome[];
}

interface Measure {
  trigger: TriggerName;
  subject: string | null;
  value: number | null;
  baseline: number | null;
  sample: number;
  baselineSample: number;
}

const ACCOUNT_ERROR_TRIGGERS: [TriggerName, string][] = [
  ["captchaRate", "captcha"],
  ["challengeRate", "bot_challenge"],
  ["blockedRate", "access_blocked"],
  ["sessionExpiredRate", "session_expired"],
  ["selectorDriftRate", "selector_drift"],
];

const ended = (f: VersionFigures) => f.dispatch.delivered + f.dispatch.failed;
const share = (n: number, d: number) => (d > 0 ? n / d : null);

/** Every figure a trigger judges, for the new version and the baseline. */
export function measures(c: VersionComparison): Measure[] {
  const v = c.version;
  const b = c.baseline;
  const rv = ratesOf(v);
  const rb = ratesOf(b);
  const out: Measure[] = [
    {
      trigger: "failureRate",
      subject: null,
      value: rv.failure,
      baseline: rb.failure,
      sample: ended(v),
      baselineSample: ended(b),
    },
    {
      trigger: "retryRate",
      subject: null,
      value: rv.retry,
      baseline: rb.retry,
      sample: ended(v),
      baselineSample: ended(b),
    },
    {
      trigger: "duplicateRate",
      subject: null,
      value: rv.duplicate,
      baseline: rb.duplicate,
      sample: ended(v),
      baselineSample: ended(b),
    },
    {
      trigger: "unconfirmedRate",
      subject: null,
      value: rv.unconfirmed,
      baseline: rb.unconfirmed,
      sample: ended(v),
      baselineSample: ended(b),
    },
    {
      trigger: "reviewShare",
      subject: null,
      value: rv.review,
      baseline: rb.review,
      sample: v.decisions.total,
      baselineSample: b.decisions.total,
    },
    {
      trigger: "wouldSendShareChange",
      subject: null,
      value: rv.wouldSend,
      baseline: rb.wouldSend,
      sample: v.decisions.total,
      baselineSample: b.decisions.total,
    },
    {
      trigger: "p95DeliveryMs",
      subject: null,
      value: v.delivery.p95Ms,
      baseline: b.delivery.p95Ms,
      sample: v.delivery.count,
      baselineSample: b.delivery.count,
    },
  ];
  for (const [trigger, cls] of ACCOUNT_ERROR_TRIGGERS) {
    out.push({
      trigger,
      subject: null,
      value: share(v.runs.byResult[cls] ?? 0, v.runs.total),
      baseline: share(b.runs.byResult[cls] ?? 0, b.runs.total),
      sample: v.runs.total,
      baselineSample: b.runs.total,
    });
  }
  const platforms = [...new Set([...Object.keys(v.byPlatform), ...Object.keys(b.byPlatform)])].sort();
  for (const p of platforms) {
    const pv = v.byPlatform[p] ?? { runs: 0, accountErrors: 0, delivered: 0, failed: 0, retries: 0 };
    const pb = b.byPlatform[p] ?? { runs: 0, accountErrors: 0, delivered: 0, failed: 0, retries: 0 };
    out.push({
      trigger: "platformFailureRate",
      subject: p,
      value: share(pv.failed, pv.delivered + pv.failed),
      baseline: share(pb.failed, pb.delivered + pb.failed),
      sample: pv.delivered + pv.failed,
      baselineSample: pb.delivered + pb.failed,
    });
    out.push({
      trigger: "platformAccountErrorRate",
      subject: p,
      value: share(pv.accountErrors, pv.runs),
      baseline: share(pb.accountErrors, pb.runs),
      sample: pv.runs,
      baselineSample: pb.runs,
    });
  }
  return out;
}

function exceeds(t: RateTrigger, value: number, baseline: number): boolean {
  return value > baseline * t.maxRatio && value - baseline > t.minIncrease;
}

const key = (f: { trigger: TriggerName; subject: string | null }) => `${f.trigger}:${f.subject ?? ""}`;
const label = (f: { trigger: TriggerName; subject: string | null }) =>
  f.subject ? `${f.trigger}[${f.subject}]` : f.trigger;

export function decideCheck(cfg: RolloutConfig, input: CheckInput): CheckOutcome {
  const { stage, comparison: c, previous } = input;
  const fired: Fired[] = [];
  const notJudged: string[] = [];
  for (const m of measures(c)) {
    const t = cfg.triggers[m.trigger];
    if (m.value === null || m.baseline === null || m.sample < t.minSample || m.baselineSample < t.minSample) {
      notJudged.push(`${label(m)} (n=${m.sample}/${m.baselineSample} < ${t.minSample})`);
      continue;
    }
    let red: boolean;
    let limit: string;
    if ("maxChange" in t) {
      red = Math.abs(m.value - m.baseline) > t.maxChange;
      limit = `|change| > ${t.maxChange}`;
    } else {
      red = exceeds(t, m.value, m.baseline);
      limit = `> ${t.maxRatio}× baseline and > baseline + ${t.minIncrease}`;
    }
    if (!red) continue;
    let streak = 1;
    for (let i = previous.length - 1; i >= 0; i--) {
      if (!previous[i]!.fired.some((f) => key(f) === key(m))) break;
      streak++;
    }
    fired.push({
      trigger: m.trigger,
      subject: m.subject,
      value: m.value,
      baseline: m.baseline,
      limit,
      streak,
      needed: t.consecutiveChecks,
    });
  }

  const base = { stage, check: input.check, elapsedMinutes: input.elapsedMinutes, fired, notJudged };
  const rollback = fired.filter((f) => f.streak >= f.needed);
  if (rollback.length)
    return {
      ...base,
      status: "red",
      verdict: "rollback",
      reason: `rollback: ${rollback.map((f) => `${label(f)} red ${f.streak}/${f.needed} checks`).join(", ")}`,
    };
  if (fired.length)
    return {
      ...base,
      status: "red",
      verdict: "hold",
      reason: `hold: ${fired.map((f) => `${label(f)} red ${f.streak}/${f.needed} checks`).join(", ")}; rolls back if it stays red`,
    };

  const thin = insufficient(cfg, stage, c);
  if (thin.length)
    return {
      ...base,
      status: "insufficient",
      verdict: "hold",
      reason: `hold: too little data (${thin.join("; ")})`,
    };

  let greens = 1;
  for (let i = previous.length - 1; i >= 0 && previous[i]!.status === "green"; i--) greens++;
  const soak = cfg.stages[stage].soakMinutes;
  if (input.elapsedMinutes >= soak && greens >= cfg.promoteAfterGreenChecks)
    return {
      ...base,
      status: "green",
      verdict: "promote",
      reason: `promote: ${greens} green checks in a row and ${input.elapsedMinutes}/${soak} min soaked`,
    };
  return {
    ...base,
    status: "green",
    verdict: "hold",
    reason: `hold: green, ${greens} in a row (promotion needs ${cfg.promoteAfterGreenChecks}), ${input.elapsedMinutes}/${soak} min soaked`,
  };
}

/** What the stage needs before a green check counts: decisions and runs always; sends once sending. */
export function insufficient(cfg: RolloutConfig, stage: StageName, c: VersionComparison): string[] {
  const min = cfg.minSample;
  const out: string[] = [];
  for (const [side, f] of [
    ["new", c.version],
    ["baseline", c.baseline],
  ] as const) {
    if (f.decisions.total < min.decisions)
      out.push(`${side} decisions ${f.decisions.total} < ${min.decisions}`);
    if (f.runs.total < min.runs) out.push(`${side} runs ${f.runs.total} < ${min.runs}`);
    // In shadow the new version sends nothing by itself (draft_only): only the canary and full judge sends.
    if (stage !== "shadow" && ended(f) < min.sends) out.push(`${side} sends ${ended(f)} < ${min.sends}`);
  }
  return out;
}

/** One line per figure the decision used, new vs baseline, for the operator's log. */
export function summarize(c: VersionComparison): string {
  const rv = ratesOf(c.version);
  const rb = ratesOf(c.baseline);
  const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);
  const ms = (x: number | null) => (x === null ? "n/a" : `${Math.round(x / 1000)}s`);
  return [
    `sends ${ended(c.version)} vs ${ended(c.baseline)}`,
    `failure ${pct(rv.failure)} vs ${pct(rb.failure)}`,
    `retry ${pct(rv.retry)} vs ${pct(rb.retry)}`,
    `duplicates ${c.version.dispatch.duplicatesSuppressed} vs ${c.baseline.dispatch.duplicatesSuppressed}`,
    `dead letters ${c.version.deadLetters.total} vs ${c.baseline.deadLetters.total}`,
    `decisions ${c.version.decisions.total} vs ${c.baseline.decisions.total}`,
    `review ${pct(rv.review)} vs ${pct(rb.review)}`,
    `would-send ${pct(rv.wouldSend)} vs ${pct(rb.wouldSend)}`,
    `runs ${c.version.runs.total} vs ${c.baseline.runs.total}`,
    `p95 enqueue→delivered ${ms(c.version.delivery.p95Ms)} vs ${ms(c.baseline.delivery.p95Ms)}`,
  ].join(" · ");
}
