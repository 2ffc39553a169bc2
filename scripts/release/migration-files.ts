/** Reads migrations/*.sql and migrations/manifest.json from disk (the callers' I/O, kept out of the pure rules). */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_PATH, type Manifest, type MigrationText, manifestSchema } from "./migration-manifest.ts";

export function readMigrationFiles(dir = "migrations"): MigrationText[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}

export function readManifest(path = MANIFEST_PATH): Manifest {
  if (!existsSync(path)) return { migrations: [] };
  return manifestSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}
