// Where the local stack runs: one place for the ports and paths that `npm start`, `npm run lead`
// and the first-run smoke test share, so the three cannot disagree.
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");

export const PLATFORMS = ["spareroom", "roomies", "leasebreak", "renthop", "furnishedfinder"] as const;
export type LocalPlatform = (typeof PLATFORMS)[number];

export const DEV_ADMIN = "admin@lease-bot.local";
export const DEV_AGENT = "agent@lease-bot.local";

export interface LocalStack {
  port: number;
  api: string;
  sandboxBase: number;
  sandboxControl: string;
  siteUrl(platform: LocalPlatform): string;
  /** Local D1 and Durable Object state; another directory is another, fresh system. */
  stateDir: string;
  cronEveryMs: number;
  inspectorPort: number | null;
}

/** The local stack's settings, from the environment (the defaults are what the README documents). */
export function localStack(env: NodeJS.ProcessEnv = process.env): LocalStack {
  const port = Number(env.PORT ?? 8787);
  const sandboxBase = Number(env.SANDBOX_BASE_PORT ?? 8800);
  return {
    port,
    api: `http://127.0.0.1:${port}`,
    sandboxBase,
    sandboxControl: `http://127.0.0.1:${sandboxBase}`,
    siteUrl: (platform) => `http://127.0.0.1:${sandboxBase + 1 + PLATFORMS.indexOf(platform)}`,
    stateDir: env.LEASEBOT_STATE_DIR ?? join(root, ".wrangler", "state"),
    cronEveryMs: Number(env.LEASEBOT_CRON_EVERY_MS ?? 60_000),
    inspectorPort: env.INSPECTOR_PORT ? Number(env.INSPECTOR_PORT) : null,
  };
}

export const bin = (name: string): string => join(root, "node_modules", ".bin", name);

export function isPlatform(value: string): value is LocalPlatform {
  return (PLATFORMS as readonly string[]).includes(value);
}
