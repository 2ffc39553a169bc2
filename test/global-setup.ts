/**
 * Starts what the workerd tests talk to over HTTP: a stand-in for Cloudflare Access's key
 * server (the one thing that cannot run here), serving the JWKS of a key made for this run,
 * and the sandbox sites. The private key reaches the tests through vitest's provide/inject.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";
import { ACCESS_TEST_PORT, TEST_PORT_BASE } from "./support/test-bindings.ts";

import "./support/provided-context.ts";
import { startOwnBrowser, stopOwnBrowser } from "./support/own-browser.ts";
import { reapOrphanBrowsers } from "./support/reap-browsers.ts";

export default async function setup(project: TestProject) {
  // Browsers an earlier suite kept alive and then lost its miniflare (see reap-browsers.ts).
  const reaped = reapOrphanBrowsers();
  if (reaped) console.warn(`[global-setup] reaped ${reaped} orphaned browser processes`);
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  // A second key the server does not publish: tokens signed with it must be refused.
  const foreign = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
  // Alerts posted by the Worker are kept so tests can read them back (GET /alerts).
  const alerts: unknown[] = [];
  const server = createServer((req, res) => {
    if (req.url === "/alerts" && req.method === "POST") {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        alerts.push(JSON.parse(body));
        res.writeHead(204).end();
      });
      return;
    }
    if (req.url === "/alerts" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(alerts));
      return;
    }
    if (req.url === "/alerts" && req.method === "DELETE") {
      alerts.length = 0;
      res.writeHead(204).end();
      return;
    }
    // Benchmarks run inside workerd and cannot write files: they post their report here.
    const report = /^\/report\/([a-z0-9-]+)$/.exec(req.url ?? "");
    if (report && req.method === "POST") {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        mkdirSync("bench", { recursive: true });
        writeFileSync(`bench/${report[1]}.md`, body);
        res.writeHead(204).end();
      });
      return;
    }
    // A Chromium on a DevTools port, for accounts on their own browser (test/support/own-browser.ts).
    if (req.url === "/own-browser" && req.method === "POST") {
      startOwnBrowser().then(
        () => res.writeHead(204).end(),
        (err) => res.writeHead(500).end(String(err)),
      );
      return;
    }
    if (req.url === "/cdn-cgi/access/certs") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [publicJwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(ACCESS_TEST_PORT, "127.0.0.1", resolve));
  project.provide("accessPrivateJwk", { ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "RS256" });
  project.provide("accessForeignJwk", {
    ...(await exportJWK(foreign.privateKey)),
    kid: "test-key-1",
    alg: "RS256",
  });

  const stopSandbox = await startSandboxSites();

  return async () => {
    await stopSandbox();
    await stopOwnBrowser();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

async function startSandboxSites(): Promise<() => Promise<void>> {
  // A sandbox already answering on the control port (e.g. `npm run sandbox` in another
  // terminal) is reused rather than fought over; the tests reset it to a known state anyway.
  const running = await fetch(`http://127.0.0.1:${TEST_PORT_BASE}/__sandbox/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (running) {
    console.warn(`[global-setup] reusing the sandbox already running on :${TEST_PORT_BASE}`);
    return async () => {};
  }
  const { startSandbox } = await import("../sandbox/server.ts");
  const sandbox = await startSandbox({ quiet: true, basePort: TEST_PORT_BASE });
  return () => sandbox.close();
}
