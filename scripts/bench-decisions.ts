/**
 * Decision-quality benchmark and gate: runs the training set (test/corpus/leads.jsonl) and the
 * held-out set (test/corpus/held-out.jsonl) through the decide path the Worker uses
 * (bench-decisions-run.ts) and writes bench/decisions.md with both side by side
 * (bench-decisions-report.ts).
 *
 * Exits 1 when a set is malformed, when a message that must not be answered automatically would be
 * on either set, when the held-out automation of ordinary messages is below its target, or when an
 * opt-out is not suppressed on either set. Pure and offline: no network, no Worker runtime.
 *
 *   npm run bench:decisions [-- --out path/to/report.md]
 */
import { writeFileSync } from "node:fs";
import { loadCorpus, loadHeldOut } from "../test/corpus/corpus.ts";
import { report } from "./bench-decisions-report.ts";
import { decideEntry, figuresOf, type Row, verdictsOf } from "./bench-decisions-run.ts";

function pct(n: number, d: number): string {
  return d === 0 ? "–" : `${((100 * n) / d).toFixed(1)} %`;
}

function main(): number {
  const started = performance.now();
  const training = loadCorpus();
  const heldOut = loadHeldOut();
  for (const [name, set] of [
    ["test/corpus/leads.jsonl", training],
    ["test/corpus/held-out.jsonl", heldOut],
  ] as const) {
    if (set.problems.length > 0) {
      console.error(`${name} has ${set.problems.length} problem(s):\n${set.problems.join("\n")}`);
      return 1;
    }
  }
  // A first pass compiles every regular expression, so the timed pass measures the rules themselves.
  for (const e of [...training.entries, ...heldOut.entries]) decideEntry(e);
  const trainingRows: Row[] = training.entries.map(decideEntry);
  const heldOutRows: Row[] = heldOut.entries.map(decideEntry);
  const t = figuresOf(trainingRows);
  const h = figuresOf(heldOutRows);
  const verdicts = verdictsOf(t, h);

  const outFlag = process.argv.indexOf("--out");
  const outPath = outFlag > -1 ? process.argv[outFlag + 1] : undefined;
  const target = outPath ?? new URL("../bench/decisions.md", import.meta.url).pathname;
  writeFileSync(
    target,
    report({
      training: { rows: trainingRows, figures: t },
      heldOut: { rows: heldOutRows, figures: h },
      verdicts,
    }),
  );
  for (const [name, f] of [
    ["training", t],
    ["held-out", h],
  ] as const)
    console.log(
      `bench:decisions ${name}: ${f.total} messages; risky auto-sent ${f.riskySent.length}; ` +
        `ordinary auto-sent ${f.ordinarySent.length}/${f.ordinary.length} (${pct(f.ordinarySent.length, f.ordinary.length)}); ` +
        `opt-outs not suppressed ${f.optOutsMissed.length}`,
    );
  console.log(`bench:decisions: ${Math.round(performance.now() - started)} ms; report: ${target}`);
  if (!verdicts.pass) {
    for (const c of verdicts.checks.filter((x) => !x.pass)) console.error(`FAIL: ${c.name}`);
    // Safety failures are named whatever the set: each needs a person's eye before any release.
    for (const r of [...t.riskySent, ...h.riskySent, ...t.optOutsMissed, ...h.optOutsMissed])
      console.error(`  ${r.entry.id} (${r.reason}): ${r.entry.text.slice(0, 100)}`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
