/**
 * The Pages option (docs/deployment.md), smoke-tested under `wrangler pages dev`: the admin
 * Pages project serves the panel (with its CSP, deep links included) and its Function proxies
 * an API call to the lease-bot Worker through the service binding — one process, both configs.
 *   LEASEBOT_PAGES_PORT (default 8790); the inspector takes INSPECTOR_PORT + 1 (default 9230).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const port = Number(process.env.LEASEBOT_PAGES_PORT ?? 8790);
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess;
let log = "";

beforeAll(async () => {
  const taken = await fetch(`${base}/`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`${base} already answers; stop it or set LEASEBOT_PAGES_PORT`);
  const state = join(root, ".wrangler", `pages-test-state-${port}`);
  rmSync(state, { recursive: true, force: true });
  const bin = join(root, "node_modules", ".bin");
  // `wrangler pages dev` reads its config from the folder of the nearest package.json: admin/.
  child = spawn(
    join(bin, "wrangler"),
    [
      "pages",
      "dev",
      "-c",
      "wrangler.jsonc",
      "-c",
      "../wrangler.toml",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(Number(process.env.INSPECTOR_PORT ?? 9229) + 1),
      "--persist-to",
      state,
    ],
    {
      cwd: join(root, "admin"),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ""}`,
        WRANGLER_REGISTRY_PATH: join(root, ".wrangler", "registry"),
      },
    },
  );
  child.stdout?.on("data", (b: Buffer) => {
    log = (log + b.toString()).slice(-10_000);
  });
  child.stderr?.on("data", (b: Buffer) => {
    log = (log + b.toString()).slice(-10_000);
  });
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler pages dev exited:\n${log}`);
    const up = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > until) throw new Error(`wrangler pages dev did not come up:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 150_000);

afterAll(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
});

describe("the Pages option under wrangler pages dev", () => {
  it("serves the panel with its CSP, deep links included", async () => {
    for (const path of ["/", "/dead-letters/abc"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain('<div id="app">');
      expect(res.headers.get("content-security-policy"), path).toContain("script-src 'self'");
    }
  });

  it("proxies /api/* to the Worker through the service binding", async () => {
    const health = await fetch(`${base}/api/health`);
    expect(health.headers.get("content-type")).toContain("application/json");
    expect(await health.json()).toEqual({ ok: true });
    // The Worker's own answer (its JSON error shape), not a Pages 404 page.
    const nope = await fetch(`${base}/api/platforms`);
    expect(nope.status).toBe(401);
    expect(((await nope.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });
});
