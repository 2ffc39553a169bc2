/**
 * A browser of the operator's own for the workerd tests (docs/anti-bot.md): a Chromium started
 * with --remote-debugging-port, nothing to do with the Browser binding. Started on the first
 * `POST /own-browser` to the global setup's helper server (so only the tests that use it pay
 * for it) and stopped with the suite. Its port is the test port base + 90.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./chromium.ts";
import { TEST_PORT_BASE } from "./test-bindings.ts";

export const OWN_BROWSER_PORT = TEST_PORT_BASE + 90;

let child: ChildProcess | null = null;
let profile: string | null = null;
let starting: Promise<void> | null = null;

async function answering(): Promise<boolean> {
  return fetch(`http://127.0.0.1:${OWN_BROWSER_PORT}/json/version`).then(
    (r) => r.ok,
    () => false,
  );
}

export function startOwnBrowser(): Promise<void> {
  starting ??= (async () => {
    if (await answering()) return;
    profile = mkdtempSync(join(tmpdir(), "leasebot-own-browser-"));
    child = spawn(
      CHROMIUM_PATH,
      [
        "--headless",
        ...CHROMIUM_FLAGS,
        "--remote-debugging-address=127.0.0.1",
        `--remote-debugging-port=${OWN_BROWSER_PORT}`,
        `--user-data-dir=${profile}`,
        "about:blank",
      ],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 20_000;
    while (!(await answering())) {
      if (Date.now() > deadline) throw new Error(`own browser did not answer on :${OWN_BROWSER_PORT}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return starting;
}

export async function stopOwnBrowser(): Promise<void> {
  const c = child;
  child = null;
  starting = null;
  if (c && c.exitCode === null) {
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (c.exitCode === null) c.kill("SIGKILL");
  }
  // Chromium may still be flushing its profile after it exits: rmdir then meets ENOTEMPTY.
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  profile = null;
}
