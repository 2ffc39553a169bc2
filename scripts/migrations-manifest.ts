/**
 * `npm run migrations:manifest`: records new migration files in migrations/manifest.json
 * (scripts/release/migration-manifest.ts). It appends and never rewrites: a landed file that
 * changed or disappeared is refused, named, and the manifest is left as it was (exit 1).
 * `-- --check` only reports (what the unit test and release:check also do).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readManifest, readMigrationFiles } from "./release/migration-files.ts";
import { appendToManifest, MANIFEST_PATH, manifestProblems } from "./release/migration-manifest.ts";

function main(): number {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const files = readMigrationFiles();
  const manifest = readManifest();
  if (values.check) {
    const problems = manifestProblems(manifest, files);
    for (const p of problems) console.error(`FAIL ${p}`);
    if (!problems.length) console.log(`ok   ${files.length} migrations match ${MANIFEST_PATH}`);
    return problems.length ? 1 : 0;
  }
  const { manifest: next, added, refused } = appendToManifest(manifest, files);
  if (refused.length) {
    for (const p of refused) console.error(`refused: ${p}`);
    return 1;
  }
  if (!added.length) {
    console.log(`${MANIFEST_PATH}: nothing to add (${files.length} migrations recorded)`);
    return 0;
  }
  writeFileSync(MANIFEST_PATH, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`${MANIFEST_PATH}: added ${added.join(", ")}`);
  return 0;
}

process.exit(main());
