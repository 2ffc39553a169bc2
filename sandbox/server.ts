// Starts the sandbox: the control API on basePort and one HTTP server (own origin) per site.

import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { createControlApp } from "./control.ts";
import { SITE_DEFS } from "./sites/defs.ts";
import { createSiteApp } from "./sites/site.ts";
import { DEFAULT_SEED, World } from "./state.ts";
import { PLATFORMS, type Platform } from "./types.ts";

export type { Platform } from "./types.ts";

export const PORT_OFFSETS: Record<Platform, number> = {
  spareroom: 1,
  roomies: 2,
  leasebreak: 3,
  renthop: 4,
  furnishedfinder: 5,
};

export type SandboxOptions = { host?: string; basePort?: number; seed?: number; quiet?: boolean };

export type Sandbox = {
  close(): Promise<void>;
  controlUrl: string;
  siteUrls: Record<Platform, string>;
  /** the in-memory world, for in-process tests */
  world: World;
};

function listen(
  fetch: (req: Request, env: never) => Response | Promise<Response>,
  host: string,
  port: number,
) {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch: fetch as never, hostname: host, port }, () => resolve(server));
    server.once("error", reject);
  });
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? "127.0.0.1";
  const basePort = opts.basePort ?? 8800;
  const world = new World(opts.seed ?? DEFAULT_SEED);
  const servers: ServerType[] = [];
  const base = (port: number) => `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  try {
    const control = createControlApp(world);
    servers.push(await listen(control.fetch as never, host, basePort));
    const siteUrls = {} as Record<Platform, string>;
    for (const p of PLATFORMS) {
      const app = createSiteApp(world, SITE_DEFS[p]);
      const port = basePort + PORT_OFFSETS[p];
      const server = await listen(app.fetch as never, host, port);
      servers.push(server);
      siteUrls[p] = base((server.address() as AddressInfo).port);
    }
    const controlUrl = base(basePort);
    if (!opts.quiet) {
      console.log(`[sandbox] control API ${controlUrl}/__sandbox/ (seed ${world.seed})`);
      for (const p of PLATFORMS) console.log(`[sandbox] ${p.padEnd(16)} ${siteUrls[p]}`);
    }
    return {
      controlUrl,
      siteUrls,
      world,
      close: async () => {
        world.stopTimers();
        await Promise.all(servers.map(closeServer));
      },
    };
  } catch (err) {
    world.stopTimers();
    await Promise.all(servers.map(closeServer));
    throw err;
  }
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    const s = server as ServerType & { closeAllConnections?: () => void };
    server.close(() => resolve());
    s.closeAllConnections?.();
  });
}
