/**
 * `npm run connectors:version`: writes each site's digest over its selectors and parse/read code
 * into connectors/parser-digests.ts (scripts/lib/connector-digest.ts). `-- --check` only compares
 * and exits 1 when the committed file is stale (a parser changed without a new version), naming
 * the sites; `npm run lint` runs it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PLATFORMS } from "../domain/platforms.ts";
import { allDigests, DIGESTS_PATH, digestsModule } from "./lib/connector-digest.ts";
import { root } from "./lib/local-stack.ts";

function main(): number {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const read = (p: string) => readFileSync(join(root, p), "utf8");
  const digests = allDigests(read);
  const text = digestsModule(digests);
  let current = "";
  try {
    current = read(DIGESTS_PATH);
  } catch {
    // Missing: stale by definition.
  }
  if (values.check) {
    if (current === text) {
      console.log(`ok   ${DIGESTS_PATH} matches the connectors' parse/read code`);
      return 0;
    }
    const stale = PLATFORMS.filter((p) => !current.includes(`digest: "${digests[p].digest}"`));
    console.error(
      `FAIL ${DIGESTS_PATH} is stale (${stale.join(", ") || "file list"}): a connector's selectors or parser changed. ` +
        "Run `npm run connectors:version` and commit it; accounts verified before must verify again.",
    );
    return 1;
  }
  if (current === text) {
    console.log(`${DIGESTS_PATH}: unchanged`);
    return 0;
  }
  writeFileSync(join(root, DIGESTS_PATH), text);
  console.log(`${DIGESTS_PATH}: written`);
  return 0;
}

process.exit(main());
