// The layering of the product's folders (docs/architecture.md): entry/API → objects → connectors
// → domain, never upward, and no module imports itself back round a cycle.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCycles, layerViolations, productionImports } from "../../scripts/lib/import-graph.ts";

const root = join(import.meta.dirname, "../..");
const edges = productionImports(root);

describe("import layering", () => {
  it("reads the real graph", () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges.some((e) => e.from.startsWith("worker/") && e.to.startsWith("domain/"))).toBe(true);
  });

  it("no import runs upward or out of the product", () => {
    expect(layerViolations(edges).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(importCycles(edges).map((c) => c.join(" → "))).toEqual([]);
  });

  it("the rule catches an upward import and a cycle", () => {
    const bad = [
      { from: "domain/a.ts", to: "worker/b.ts" },
      { from: "connectors/x.ts", to: "durable-objects/y.ts" },
      { from: "worker/c.ts", to: "sandbox/server.ts" },
      { from: "worker/c.ts", to: "domain/a.ts" },
    ];
    expect(layerViolations(bad)).toHaveLength(3);
    expect(importCycles([...bad, { from: "worker/b.ts", to: "domain/a.ts" }])).toEqual([
      ["domain/a.ts", "worker/b.ts"],
    ]);
  });
});
