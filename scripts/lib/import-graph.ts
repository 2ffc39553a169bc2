// The import graph of the production code, and the layering rule it must keep:
//   worker (entry, API, cron) → durable-objects → connectors → domain (foundation)
// A module may import from its own layer or a lower one, never a higher one; sandbox/, admin/,
// test/ and scripts/ are outside the product and no production module imports them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

export const LAYERS = ["domain", "connectors", "durable-objects", "worker"] as const;
export type Layer = (typeof LAYERS)[number];

export interface ImportEdge {
  from: string;
  to: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']/g;

function sources(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(root, path));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Relative imports of every production module (tests and declaration files excluded). */
export function productionImports(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const layer of LAYERS) {
    for (const file of sources(root, layer)) {
      const text = readFileSync(join(root, file), "utf8");
      for (const m of text.matchAll(IMPORT)) {
        edges.push({ from: file, to: normalize(join(dirname(file), m[1] ?? "")) });
      }
    }
  }
  return edges;
}

export const layerOf = (path: string): string => path.split("/")[0] ?? path;

/** Imports that point up the layers or out of the product. */
export function layerViolations(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => {
    const from = LAYERS.indexOf(layerOf(e.from) as Layer);
    const to = LAYERS.indexOf(layerOf(e.to) as Layer);
    return to === -1 || to > from;
  });
}

/** Import counts between top-level folders, "from → to: n". */
export function layerSummary(edges: readonly ImportEdge[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of edges) {
    const key = `${layerOf(e.from)} → ${layerOf(e.to)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** Module-level import cycles (each reported once, as the list of modules around it). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === "open") {
        const cycle = stack.slice(stack.indexOf(to));
        const key = [...cycle].sort().join(" ");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of next.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

export function describeGraph(root: string): string {
  const edges = productionImports(root);
  const lines = [`production imports: ${edges.length}`];
  for (const [pair, n] of layerSummary(edges)) lines.push(`  ${pair}: ${n}`);
  const bad = layerViolations(edges);
  lines.push(`upward or out-of-product imports: ${bad.length}`);
  for (const e of bad) lines.push(`  ${relative(root, join(root, e.from))} → ${e.to}`);
  const cycles = importCycles(edges);
  lines.push(`import cycles: ${cycles.length}`);
  for (const c of cycles) lines.push(`  ${c.join(" → ")}`);
  return lines.join("\n");
}
