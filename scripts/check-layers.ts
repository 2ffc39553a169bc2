// `npm run check:layers`: prints the import graph summary between the top-level folders and fails
// on an upward import or an import cycle (the rule is in scripts/lib/import-graph.ts).
import { describeGraph, importCycles, layerViolations, productionImports } from "./lib/import-graph.ts";
import { root } from "./lib/local-stack.ts";

console.log(describeGraph(root));
const edges = productionImports(root);
process.exit(layerViolations(edges).length + importCycles(edges).length > 0 ? 1 : 0);
