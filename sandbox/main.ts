// `npm run sandbox`: starts the five local listing sites and the control API with the seeded demo.

import { startSandbox } from "./server.ts";
import { PLATFORMS } from "./types.ts";

const basePort = Number(process.env.SANDBOX_BASE_PORT ?? 8800);
const host = process.env.SANDBOX_HOST ?? "127.0.0.1";
const seed = process.env.SANDBOX_SEED ? Number(process.env.SANDBOX_SEED) : undefined;

const sandbox = await startSandbox({ host, basePort, seed, quiet: true });
console.log("lease-bot sandbox is running (seeded demo)");
console.log(`  control API      ${sandbox.controlUrl}/__sandbox/health`);
for (const p of PLATFORMS) console.log(`  ${p.padEnd(16)} ${sandbox.siteUrls[p]}`);
console.log("  every site: account 'demo', login username 'demo', password 'demo-password'");
console.log("Press Ctrl+C to stop.");

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping sandbox`);
  await sandbox.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
