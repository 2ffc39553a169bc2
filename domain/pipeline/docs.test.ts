// Keeps docs/decision-table.md in step with the tables in rules/: every code and word the pipeline can emit or
// match on must be documented.
import { describe, expect, it } from "vitest";
import { GUARDRAIL_CODES } from "./rules/guardrail-codes.ts";
import { INTENTS } from "./rules/intents.ts";
import { MODEL_FALLBACK_REASONS, MODEL_TIMEOUT_MS } from "./rules/model.ts";
import { OPT_IN_WORDS, OPT_OUT_WORDS } from "./rules/opt-out.ts";
import { REASON_ACTION, REASON_CODES } from "./rules/reasons.ts";
import { TEMPLATE_VARIABLES } from "./rules/templates.ts";
import { LOW_CONFIDENCE_THRESHOLD, MAX_NORMALIZED_LENGTH } from "./rules/thresholds.ts";

// The project's tsconfig carries Workers types, not Node's, so node:fs is loaded untyped and narrowed
// here instead of pulling Node types into the worker build.
interface FsLike {
  readFileSync(path: URL, encoding: "utf8"): string;
}
function isFsLike(value: unknown): value is FsLike {
  return (
    typeof value === "object" && value !== null && typeof Reflect.get(value, "readFileSync") === "function"
  );
}
const fsModuleName = "node:fs";
const fs: unknown = await import(fsModuleName);
if (!isFsLike(fs)) throw new Error("node:fs unavailable: docs.test.ts must run in Node");
const here = (import.meta as unknown as { url: string }).url;
const doc = fs.readFileSync(new URL("../../docs/decision-table.md", here), "utf8");

describe("docs/decision-table.md", () => {
  it.each([...REASON_CODES])("documents reason code %s with its action", (code) => {
    expect(doc).toContain(`| \`${code}\` | ${REASON_ACTION[code]} |`);
  });

  it.each([
    ...GUARDRAIL_CODES,
    ...MODEL_FALLBACK_REASONS,
    ...TEMPLATE_VARIABLES,
    ...INTENTS.filter((i) => i !== "unknown"),
  ])("mentions %s", (name) => {
    expect(doc).toContain(`\`${name}\``);
  });

  it("lists the opt words and thresholds", () => {
    for (const w of [...OPT_OUT_WORDS, ...OPT_IN_WORDS]) expect(doc).toContain(w.toUpperCase());
    expect(doc).toContain(`\`LOW_CONFIDENCE_THRESHOLD\` | ${LOW_CONFIDENCE_THRESHOLD} |`);
    expect(doc).toContain(`\`MAX_NORMALIZED_LENGTH\` | ${MAX_NORMALIZED_LENGTH} |`);
    expect(doc).toContain(`\`MODEL_TIMEOUT_MS\` | ${MODEL_TIMEOUT_MS} |`);
  });
});
