/**
 * Migrations never change once they have landed (docs/release.md, "Migrations are history").
 * wrangler applies a migration file once per database, by name: rewrite a landed file and the
 * databases that ran the first version never see the second — that is how 0003's starter
 * templates diverged. migrations/manifest.json records each migration's checksum; this module
 * compares it with the files (no git needed: the node unit test and release:check) and with
 * what the landed history on the main line held (release:check, scripts/release/migration-history.ts).
 *
 * A checksum is over the statements, not the comments: a comment edit changes no database, so it
 * is not a change (0003's comment was edited when a file it names moved). Pure.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { stripComments } from "./migration-check.ts";

export const MANIFEST_PATH = "migrations/manifest.json";

const sha = z.string().regex(/^[0-9a-f]{64}$/);
export const manifestSchema = z.object({
  $comment: z.string().optional(),
  migrations: z.array(
    z.object({
      file: z.string().regex(/^\d{4}_[\w-]+\.sql$/),
      sha256: sha,
      /**
       * Versions this file had on the main line before today's, each accepted only because a
       * later migration brings a database that ran it to today's state (reviewed by a person).
       */
      earlier: z.array(z.object({ sha256: sha, repairedBy: z.string() })).optional(),
    }),
  ),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** sha256 of the statements: comments dropped, whitespace runs collapsed, line endings ignored. */
export function migrationChecksum(sql: string): string {
  const statements = stripComments(sql.replaceAll("\r\n", "\n")).replace(/\s+/g, " ").trim();
  return createHash("sha256").update(statements).digest("hex");
}

export interface MigrationText {
  name: string;
  sql: string;
}

/** Everything wrong between the manifest and the migration files, one sentence each. */
export function manifestProblems(manifest: Manifest, files: readonly MigrationText[]): string[] {
  const problems: string[] = [];
  const byName = new Map(files.map((f) => [f.name, f]));
  const listed = new Set<string>();
  for (const entry of manifest.migrations) {
    if (listed.has(entry.file)) problems.push(`${entry.file} is listed twice in ${MANIFEST_PATH}`);
    listed.add(entry.file);
    const file = byName.get(entry.file);
    if (!file) {
      problems.push(
        `${entry.file} was removed after it landed; databases that applied it keep its changes — restore the file`,
      );
      continue;
    }
    if (migrationChecksum(file.sql) !== entry.sha256)
      problems.push(
        `${entry.file} changed after it landed (its statements no longer match ${MANIFEST_PATH}); databases that applied it will never run the new text — restore it and put the change in a new migration`,
      );
    for (const e of entry.earlier ?? [])
      if (!byName.has(e.repairedBy))
        problems.push(
          `${entry.file}: the repair it names for an earlier version, ${e.repairedBy}, does not exist`,
        );
  }
  for (const f of files)
    if (!listed.has(f.name))
      problems.push(
        `${f.name} is not in ${MANIFEST_PATH}; record it with \`npm run migrations:manifest\` (it adds new files and never rewrites a recorded one)`,
      );
  return problems;
}

/**
 * The manifest with every file it lacks appended (in name order). Recorded entries are never
 * rewritten: a changed or removed landed file is refused with the problems that name it.
 */
export function appendToManifest(
  manifest: Manifest,
  files: readonly MigrationText[],
): { manifest: Manifest; added: string[]; refused: string[] } {
  const refused = manifestProblems(manifest, files).filter((p) => !p.includes("is not in"));
  if (refused.length) return { manifest, added: [], refused };
  const listed = new Set(manifest.migrations.map((m) => m.file));
  const added = files
    .filter((f) => !listed.has(f.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((f) => ({ file: f.name, sha256: migrationChecksum(f.sql) }));
  return {
    manifest: { ...manifest, migrations: [...manifest.migrations, ...added] },
    added: added.map((a) => a.file),
    refused: [],
  };
}
