// .ci/run and .github/workflows/critical-gates.yml claim to run the same gates (docs/release.md):
// every npm command one runs, with its environment, the other runs too, and the workflow's
// "all gates" job waits for every other job. Text, not YAML semantics: the files are ours and
// keep one `run: npm …` per step.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ci = readFileSync(".ci/run", "utf8");
const workflow = readFileSync(".github/workflows/critical-gates.yml", "utf8");
const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> })
  .scripts;

/** `npm test` is its parts; the workflow splits the workerd suite into integration and one job per site. */
function expand(script: string): string[] {
  if (script === "test")
    return scripts.test!.split("&&").flatMap((p) => expand(p.trim().replace(/^npm run /, "")));
  if (script === "test:workers") return ["test:workers:integration", "test:contract"];
  return [script];
}

function ciCommands(): string[] {
  return ci.split("\n").flatMap((line) => {
    const m = /^\s*((?:[A-Z_]+=\S+ )*)npm (?:run (\S+)|(test))\s*$/.exec(line);
    if (!m) return [];
    const env = m[1]!.trim().split(" ").filter(Boolean);
    return expand(m[2] ?? m[3]!).map((s) => [...env, s].join(" "));
  });
}

function workflowCommands(): string[] {
  const lines = workflow.split("\n");
  const out: string[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*-?\s*run: npm run (\S+)\s*$/.exec(line);
    if (!m) return;
    const env: string[] = [];
    const indent = line.search(/\S/) + (line.trimStart().startsWith("-") ? 2 : 0);
    if (lines[i + 1]?.trim() === "env:")
      for (let j = i + 2; j < lines.length && lines[j]!.search(/\S/) > indent; j++) {
        const kv = /^\s*([A-Z_]+): (.+)$/.exec(lines[j]!);
        // A matrix value stands for its job's sites: the workflow runs each, .ci/run all at once.
        if (kv && !kv[2]!.includes("${{")) env.push(`${kv[1]}=${kv[2]}`);
      }
    out.push([...env, m[1]].join(" "));
  });
  return out;
}

describe("the CI workflow runs what .ci/run runs", () => {
  it("the same npm commands with the same environment, both ways", () => {
    // Installation, not a gate: the workflow's jobs get it from .github/actions/setup.
    expect(readFileSync(".github/actions/setup/action.yml", "utf8")).toContain("npm run browser:shim");
    const a = [...new Set(ciCommands())].filter((c) => c !== "browser:shim").sort();
    const b = [...new Set(workflowCommands())].sort();
    expect(a).toContain("bench:efficiency");
    expect(b).toEqual(a);
  });

  it("the all-gates job needs every other job", () => {
    const jobsBlock = workflow.slice(workflow.indexOf("\njobs:"));
    const jobs = [...jobsBlock.matchAll(/^ {2}([a-z0-9-]+):\s*$/gm)].map((m) => m[1]!);
    const needs = /needs:\n((?:\s+- [a-z0-9-]+\n)+)/.exec(workflow)?.[1] ?? "";
    const needed = [...needs.matchAll(/- ([a-z0-9-]+)/g)].map((m) => m[1]!);
    expect(needed.sort()).toEqual(jobs.filter((j) => j !== "all-gates").sort());
  });
});
