/**
 * `npm run release -- --dry-run --snapshots <dir>`: the rollout's own code with nothing real
 * behind it. Commands are printed, not run; the API answers from recorded files; the clock is
 * virtual, so a four-hour shadow takes no time.
 *
 * A snapshot directory holds:
 *   deployment.json   {"oldVersion": "...", "newVersion": "..."}  (what wrangler would report)
 *   platforms.json    a GET /api/platforms response (the policy shadow switches and restores)
 *   <stage>-<n>.json  GET /api/metrics?version=&baseline= responses, n = 1, 2, … per stage;
 *                     when a stage asks for more checks than there are files, the last repeats.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { versionComparisonSchema } from "../../worker/metrics/version-comparison-shape.ts";
import { STAGES, type StageName } from "./config.ts";
import type { RolloutDeps } from "./rollout.ts";
import { type PlatformsResponse, platformsResponseSchema } from "./shadow-policy.ts";

const sendMode = z.enum(["auto_send", "draft_only"]);
const deploymentSchema = z.object({ oldVersion: z.string().min(1), newVersion: z.string().min(1) });

export interface Snapshots {
  deployment: z.infer<typeof deploymentSchema>;
  platforms: unknown;
  byStage: Record<StageName, unknown[]>;
}

export function loadSnapshots(dir: string): Snapshots {
  const read = (f: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(dir, f), "utf8"));
    } catch (err) {
      throw new Error(`snapshot ${join(dir, f)}: ${(err as Error).message}`);
    }
  };
  const files = readdirSync(dir);
  const byStage = { shadow: [], canary: [], full: [] } as Record<StageName, unknown[]>;
  for (const stage of STAGES) {
    const numbered = files
      .map((f) => new RegExp(`^${stage}-(\\d+)\\.json$`).exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    // Validated up front: a bad snapshot is an error now, not a surprise at check 7.
    byStage[stage] = numbered.map((m) => versionComparisonSchema.parse(read(m[0])));
  }
  return {
    deployment: deploymentSchema.parse(read("deployment.json")),
    platforms: platformsResponseSchema.parse(read("platforms.json")),
    byStage,
  };
}

export function dryRunDeps(snap: Snapshots, start: Date, log: (line: string) => void): RolloutDeps {
  let clock = start.getTime();
  // The policy answers like the API would: PUT and PATCH change what the next GET returns.
  const policy: PlatformsResponse = structuredClone(platformsResponseSchema.parse(snap.platforms));
  const effective = () => {
    for (const a of policy.items) a.effectiveSendMode = a.sendMode ?? policy.globalDefaultSendMode;
  };
  let stageIndex = -1;
  let lastSince: string | null = null;
  let checkInStage = 0;
  return {
    async run(cmd) {
      const line = cmd.join(" ");
      if (line.includes("deployments status"))
        return {
          stdout: JSON.stringify({ versions: [{ version_id: snap.deployment.oldVersion, percentage: 100 }] }),
          outputFile: "",
        };
      if (line.includes("versions upload"))
        return {
          stdout: "",
          outputFile: `${JSON.stringify({ type: "version-upload", version: 1, version_id: snap.deployment.newVersion })}\n`,
        };
      return { stdout: "", outputFile: "" };
    },
    async api(method, path, body) {
      if (method === "PUT" && path === "/api/settings") {
        policy.globalDefaultSendMode = z.object({ defaultSendMode: sendMode }).parse(body).defaultSendMode;
        effective();
        return { defaultSendMode: policy.globalDefaultSendMode };
      }
      if (method === "PATCH" && path.startsWith("/api/platforms/")) {
        const id = decodeURIComponent(path.slice("/api/platforms/".length));
        const account = policy.items.find((a) => a.id === id);
        if (!account) throw new Error(`dry run: no account ${id} in platforms.json`);
        account.sendMode = z.object({ sendMode: sendMode.nullable() }).parse(body).sendMode;
        effective();
        return account;
      }
      if (method !== "GET") throw new Error(`dry run: no answer for ${method} ${path}`);
      if (path === "/api/platforms") return structuredClone(policy);
      const url = new URL(path, "http://dry-run");
      if (url.pathname !== "/api/metrics") throw new Error(`dry run has no snapshot for GET ${path}`);
      // A new `since` is a new stage (they come in order: shadow, canary, full).
      const since = url.searchParams.get("since");
      if (since !== lastSince) {
        lastSince = since;
        stageIndex++;
        checkInStage = 0;
      }
      const stage = STAGES[stageIndex];
      if (!stage) throw new Error("dry run: more stages than shadow, canary and full");
      const list = snap.byStage[stage];
      if (list.length === 0) throw new Error(`dry run: no ${stage}-<n>.json snapshot`);
      const snapshot = list[Math.min(checkInStage, list.length - 1)];
      log(`  (dry run: ${stage}-${Math.min(checkInStage, list.length - 1) + 1}.json)`);
      checkInStage++;
      return snapshot;
    },
    async sleep(ms) {
      clock += ms;
    },
    now: () => new Date(clock),
    log,
    save() {},
  };
}
