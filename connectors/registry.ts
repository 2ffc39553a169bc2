/**
 * Platform → connector and spec. Adding a platform means adding its folder and a line here.
 * Real-site origins are the default; an account's base_url (the sandbox locally) overrides.
 */
import type { Platform } from "../domain/platforms.ts";
import type { PlatformConnector } from "./core/contract.ts";
import type { SiteSpec } from "./core/site-spec.ts";
import { furnishedfinder, furnishedfinderSpec } from "./furnishedfinder/index.ts";
import { leasebreak, leasebreakSpec } from "./leasebreak/index.ts";
import { renthop, renthopSpec } from "./renthop/index.ts";
import { roomies, roomiesSpec } from "./roomies/index.ts";
import { spareroom, spareroomSpec } from "./spareroom/index.ts";

export interface PlatformEntry {
  connector: PlatformConnector;
  spec: SiteSpec;
  realOrigin: string;
}

export const CONNECTORS: Partial<Record<Platform, PlatformEntry>> = {
  spareroom: { connector: spareroom, spec: spareroomSpec, realOrigin: "https://www.spareroom.com" },
  roomies: { connector: roomies, spec: roomiesSpec, realOrigin: "https://www.roomies.com" },
  leasebreak: { connector: leasebreak, spec: leasebreakSpec, realOrigin: "https://www.leasebreak.com" },
  renthop: { connector: renthop, spec: renthopSpec, realOrigin: "https://www.renthop.com" },
  furnishedfinder: {
    connector: furnishedfinder,
    spec: furnishedfinderSpec,
    realOrigin: "https://www.furnishedfinder.com",
  },
};

export function connectorFor(platform: Platform): PlatformEntry {
  const entry = CONNECTORS[platform];
  if (!entry) throw new Error(`no connector for ${platform}`);
  return entry;
}
