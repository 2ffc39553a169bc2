/**
 * A verify run's report: the steps' page checks, the verdict (computed: a required selector that
 * matched nothing, a page that was not the one the step needed, or parsed nonsense fails it), the
 * facts the pages confirmed or contradicted, and the same as Markdown for a person.
 */
import type { Platform } from "../../domain/platforms.ts";
import { sha256Hex } from "../../domain/util/hash.ts";
import { digest } from "../core/html.ts";
import { CATALOG, type FactTag } from "./catalog.ts";
import type { StepReport } from "./check.ts";
import type { DriftEntry } from "./drift.ts";

export interface FactOutcome {
  name: string;
  fact: FactTag;
  outcome: "confirmed" | "contradicted";
}

export interface VerifyReport {
  platform: Platform;
  account: string | null;
  origin: string;
  /** "local": the operator's machine (puppeteer-core); "browser_run": inside the Worker. */
  browser: "local" | "browser_run";
  /** A digest of the selectors the connector uses for this site: changes when they change. */
  connectorVersion: string;
  startedAt: string;
  ms: number;
  steps: StepReport[];
  /** "step/name" of every required selector that matched nothing. */
  requiredMissing: string[];
  problems: string[];
  facts: FactOutcome[];
  /** Selectors the real page did not match, with the sandbox's count and candidates. */
  drift: DriftEntry[];
  /** Submits this run made: always 0 for a verify run (a canary send reports its own). */
  submits: number;
  ok: boolean;
}

export function connectorVersion(platform: Platform): string {
  return digest(JSON.stringify(CATALOG[platform].map((c) => [c.name, c.selectors])));
}

export function buildReport(input: {
  platform: Platform;
  account: string | null;
  origin: string;
  browser: VerifyReport["browser"];
  startedAt: Date;
  steps: StepReport[];
  submits: number;
  extraProblems?: string[];
  drift?: DriftEntry[];
}): VerifyReport {
  const requiredMissing: string[] = [];
  const problems = [...(input.extraProblems ?? [])];
  const facts: FactOutcome[] = [];
  for (const s of input.steps) {
    for (const sel of s.selectors) {
      if (sel.required && sel.count === 0) requiredMissing.push(`${s.step}/${sel.name}`);
      // A fact is only judged on the page it is about, and an optional one only when it could be there.
      if (s.pageClass === s.step && (sel.required || sel.count > 0))
        facts.push({ name: sel.name, fact: sel.fact, outcome: sel.count > 0 ? "confirmed" : "contradicted" });
    }
    problems.push(...s.problems.map((p) => `${s.step}: ${p}`));
  }
  return {
    platform: input.platform,
    account: input.account,
    origin: input.origin,
    browser: input.browser,
    connectorVersion: connectorVersion(input.platform),
    startedAt: input.startedAt.toISOString(),
    ms: input.steps.reduce((n, s) => n + s.ms, 0),
    steps: input.steps,
    requiredMissing,
    problems,
    facts,
    drift: input.drift ?? [],
    submits: input.submits,
    ok: requiredMissing.length === 0 && problems.length === 0 && input.submits === 0,
  };
}

/** The hash an account's verification state records: of the report's JSON, as written. */
export function reportHash(report: VerifyReport): Promise<string> {
  return sha256Hex(JSON.stringify(report));
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function reportMarkdown(r: VerifyReport): string {
  const out: string[] = [];
  out.push(`# verify:site ${r.platform}${r.account ? ` (${r.account})` : ""}`);
  out.push("");
  out.push(`- verdict: **${r.ok ? "pass" : "fail"}**`);
  out.push(`- origin: ${r.origin}; browser: ${r.browser}; connector version: ${r.connectorVersion}`);
  out.push(`- started: ${r.startedAt}; ${r.ms} ms over ${r.steps.length} steps; submits: ${r.submits}`);
  if (r.requiredMissing.length)
    out.push(`- required selectors that matched nothing: ${r.requiredMissing.join(", ")}`);
  for (const p of r.problems) out.push(`- problem: ${p}`);
  const tally = (tag: FactTag, o: FactOutcome["outcome"]) =>
    r.facts.filter((f) => f.fact === tag && f.outcome === o).length;
  out.push(
    `- facts: validated [V] ${tally("V", "confirmed")} confirmed, ${tally("V", "contradicted")} contradicted; ` +
      `guesses [G]/[S] ${tally("G", "confirmed") + tally("S", "confirmed")} confirmed, ` +
      `${tally("G", "contradicted") + tally("S", "contradicted")} contradicted`,
  );
  if (r.drift.length) {
    out.push("");
    out.push("## Drift: selectors the site did not match");
    out.push("");
    out.push("| step | selector | needed | real page | sandbox page | candidates found by structure |");
    out.push("|---|---|---|---|---|---|");
    for (const d of r.drift) {
      const c = d.candidates.length
        ? d.candidates.map((x) => `\`${cell(x.selector)}\` (${x.count}: ${x.why})`).join("<br>")
        : "none found";
      out.push(`| ${d.step} | ${d.name} | ${d.required ? "yes" : "no"} | 0 | ${d.sandbox ?? "—"} | ${c} |`);
    }
  }
  const judged = (o: FactOutcome["outcome"]) =>
    r.facts.filter((f) => f.outcome === o).map((f) => `${f.name} [${f.fact}]`);
  if (r.facts.length) {
    out.push("");
    out.push("## Facts of the sandbox's markup notes (sandbox/README.md) this page set judged");
    out.push("");
    out.push(`- confirmed: ${judged("confirmed").join(", ") || "none"}`);
    out.push(`- contradicted: ${judged("contradicted").join(", ") || "none"}`);
  }
  for (const s of r.steps) {
    out.push("");
    out.push(`## ${s.step}: ${s.pageClass} (status ${s.status ?? "—"}, ${s.ms} ms)`);
    out.push("");
    out.push(`${s.url}${s.marker ? ` — classified by: ${s.marker}` : ""}${s.note ? ` — ${s.note}` : ""}`);
    if (s.selectors.length) {
      out.push("");
      out.push("| selector | needed | fact | matched | count | sandbox | alternatives (count) |");
      out.push("|---|---|---|---|---|---|---|");
      for (const sel of s.selectors) {
        const alts = sel.tried
          .map((t) => `\`${cell(t.selector)}\` (${t.invalid ? "invalid" : t.count})`)
          .join("<br>");
        out.push(
          `| ${sel.name} | ${sel.required ? "yes" : "no"} | [${sel.fact}] | ${sel.matched ? "yes" : "**no**"} | ${sel.count} | ${sel.sandbox ?? "—"} | ${alts} |`,
        );
      }
    }
    if (s.parsed) {
      out.push("");
      out.push("Parsed (redacted):");
      out.push("");
      out.push("```json");
      out.push(JSON.stringify(s.parsed, null, 1));
      out.push("```");
    }
  }
  return `${out.join("\n")}\n`;
}
