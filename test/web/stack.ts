/**
 * The local stack the browser tests drive: exactly what `npm start` runs (the panel build,
 * workerd with local D1 and Durable Objects, the Browser binding, the sandbox sites), started
 * through `npm start` itself with its own ports and a fresh state directory, and stopped after.
 *   PORT, SANDBOX_BASE_PORT, INSPECTOR_PORT   where it listens (defaults: 8787, 8800, 9229)
 *   LEASEBOT_WEB_URL                           use a stack that is already running instead
 * The cron is left to the tests (LEASEBOT_CRON_EVERY_MS is set to an hour): each test fires the
 * tick it means, so "the next tick" is one the test can name.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { useSandboxPort } from "../support/sandbox-client.ts";

const root = join(import.meta.dirname, "..", "..");

export interface Stack {
  url: string;
  sandboxBase: number;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function waitFor(what: string, url: string, child: ChildProcess | null, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child && child.exitCode !== null)
      throw new Error(`npm start exited (${child.exitCode}) before ${what}`);
    if (await answers(url)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not answer at ${url} within ${ms / 1000} s`);
}

export async function startStack(): Promise<Stack> {
  const sandboxBase = Number(process.env.SANDBOX_BASE_PORT ?? 8800);
  useSandboxPort(sandboxBase);
  const given = process.env.LEASEBOT_WEB_URL;
  if (given) {
    await waitFor("the API", `${given}/api/health`, null, 10_000);
    return { url: given, sandboxBase, stop: async () => {} };
  }
  const port = Number(process.env.PORT ?? 8787);
  // Never drive someone else's server by accident: the ports must be free.
  for (const busy of [`http://127.0.0.1:${port}/`, `http://127.0.0.1:${sandboxBase}/__sandbox/health`])
    if (await answers(busy))
      throw new Error(`${busy} already answers; stop it or set PORT / SANDBOX_BASE_PORT`);
  const stateDir = join(root, ".wrangler", `web-test-state-${port}`);
  rmSync(stateDir, { recursive: true, force: true });
  const child = spawn("npm", ["start"], {
    cwd: root,
    // Its own process group, so stopping it stops wrangler, workerd and the sandbox with it.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      SANDBOX_BASE_PORT: String(sandboxBase),
      INSPECTOR_PORT: process.env.INSPECTOR_PORT ?? "9229",
      LEASEBOT_STATE_DIR: stateDir,
      LEASEBOT_CRON_EVERY_MS: String(3_600_000),
      WRANGLER_REGISTRY_PATH: join(root, ".wrangler", "registry"),
    },
  });
  let log = "";
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
    if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  };
  try {
    await waitFor("the sandbox", `http://127.0.0.1:${sandboxBase}/__sandbox/health`, child, 120_000);
    await waitFor("the panel", `${url}/`, child, 180_000);
    await waitFor("the API", `${url}/api/health`, child, 60_000);
    // npm start says it is running once its startup work is done (the sandbox accounts verified,
    // so they may be switched to auto_send).
    for (const deadline = Date.now() + 180_000; !log.includes("lease-bot is running locally"); ) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error("npm start did not say it is running");
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (err) {
    await stop();
    throw new Error(`${String(err)}\n--- npm start said ---\n${log}`);
  }
  return { url, sandboxBase, stop };
}
