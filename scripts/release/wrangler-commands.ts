/**
 * The wrangler commands a release runs, and the readers of their output. Pure: the release
 * script prints each command before running it, and the dry run prints them without running.
 */
import { z } from "zod";

export type Command = string[];

export const wrangler = {
  applyMigrations: (database: string): Command => [
    "npx",
    "wrangler",
    "d1",
    "migrations",
    "apply",
    database,
    "--remote",
  ],
  deploymentStatus: (): Command => ["npx", "wrangler", "deployments", "status", "--json"],
  upload: (tag: string, message: string): Command => [
    "npx",
    "wrangler",
    "versions",
    "upload",
    "--tag",
    tag,
    "--message",
    message,
  ],
  /** `wrangler versions deploy <new>@N% <old>@(100-N)%`, or one version at 100 %. */
  deploy: (split: { version: string; percent: number }[], message: string): Command => [
    "npx",
    "wrangler",
    "versions",
    "deploy",
    ...split.map((s) => `${s.version}@${s.percent}%`),
    "--message",
    message,
    "--yes",
  ],
  /**
   * Cron triggers and routes belong to the Worker, not to a version: `versions upload` and
   * `versions deploy` leave them as they were, so a release that changes `[triggers]` (or routes)
   * applies them once the new version serves 100 %.
   */
  triggersDeploy: (): Command => ["npx", "wrangler", "triggers", "deploy"],
  /** The Pages option (docs/deployment.md): the built panel to its Pages project (admin/wrangler.jsonc). */
  pagesDeploy: (project: string, branch: string, message: string): Command => [
    "npx",
    "wrangler",
    "pages",
    "deploy",
    "--cwd",
    "admin",
    "--project-name",
    project,
    "--branch",
    branch,
    "--commit-message",
    message,
  ],
  rollback: (version: string, message: string): Command => [
    "npx",
    "wrangler",
    "rollback",
    version,
    "--message",
    message,
    "--yes",
  ],
};

/** Quotes a command for printing so it can be pasted into a shell. */
export function shellLine(cmd: Command): string {
  return cmd.map((a) => (/^[\w@%./:=,-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(" ");
}

const deploymentSchema = z.object({
  versions: z.array(z.object({ version_id: z.string(), percentage: z.number() })).min(1),
});

/** The version serving 100 % now (`wrangler deployments status --json`); a split in progress is refused. */
export function currentVersion(statusJson: string): string {
  let raw: unknown;
  try {
    raw = JSON.parse(statusJson);
  } catch {
    throw new Error("wrangler deployments status --json did not print JSON");
  }
  const d = deploymentSchema.parse(raw);
  const full = d.versions.find((v) => v.percentage === 100);
  if (!full || d.versions.length > 1)
    throw new Error(
      `a split deployment is in progress (${d.versions.map((v) => `${v.version_id}@${v.percentage}%`).join(" ")}); finish or roll it back first`,
    );
  return full.version_id;
}

/**
 * The new version's id from wrangler's machine-readable output file (WRANGLER_OUTPUT_FILE_PATH,
 * one JSON object per line; `versions upload` writes a "version-upload" entry).
 */
export function uploadedVersion(outputFile: string): string {
  for (const line of outputFile.split("\n")) {
    if (!line.trim()) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const r = z.object({ type: z.literal("version-upload"), version_id: z.string().min(1) }).safeParse(entry);
    if (r.success) return r.data.version_id;
  }
  throw new Error("wrangler versions upload wrote no version id to its output file");
}
