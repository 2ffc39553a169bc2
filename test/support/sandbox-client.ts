/**
 * A typed client for the sandbox's control API (/__sandbox on :8800), used by workerd tests,
 * node tests and the benchmarks alike.
 */
export const SANDBOX_PLATFORMS = [
  "spareroom",
  "roomies",
  "leasebreak",
  "renthop",
  "furnishedfinder",
] as const;
export type SandboxPlatform = (typeof SANDBOX_PLATFORMS)[number];

let basePort = 8800;
/** Points the client at a sandbox on another base port (control on base, sites base+1..5). */
export function useSandboxPort(port: number): void {
  basePort = port;
}
export const sandboxControl = (): string => `http://127.0.0.1:${basePort}`;

export function siteOrigin(platform: SandboxPlatform): string {
  return `http://127.0.0.1:${basePort + 1 + SANDBOX_PLATFORMS.indexOf(platform)}`;
}

export interface TruthMessage {
  id: string;
  direction: "inbound" | "outbound";
  text: string;
  at: string;
  visibleFrom: string | null;
}
export interface TruthThread {
  threadId: string;
  leadName: string;
  listingId: string | null;
  messages: TruthMessage[];
  deliveries: Record<string, number>;
}
export interface Counters {
  pageLoads: Record<string, number>;
  logins: number;
  submits: number;
  requests: { at: number; method: string; path: string; platform: string; account: string | null }[];
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandboxControl()}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export const sandbox = {
  reset: (opts: { seed?: number; empty?: boolean } = {}) => call<unknown>("POST", "/reset", opts),
  listing: (
    platform: SandboxPlatform,
    l: { title: string; price: string; location: string; availableFrom?: string; account?: string },
  ) => call<{ listingId: string }>("POST", "/listings", { platform, account: l.account ?? "demo", ...l }),
  lead: (
    platform: SandboxPlatform,
    leadName: string,
    text: string,
    extra: { account?: string; listingId?: string } = {},
  ) =>
    call<{ threadId: string; messageId: string }>("POST", "/leads", {
      platform,
      account: extra.account ?? "demo",
      leadName,
      text,
      ...extra,
    }),
  truth: async (platform: SandboxPlatform, account = "demo") =>
    (await call<{ threads: TruthThread[] }>("GET", `/truth?platform=${platform}&account=${account}`)).threads,
  fault: (f: {
    platform: SandboxPlatform;
    account?: string;
    kind: string;
    pages?: string[];
    times?: number;
    [k: string]: unknown;
  }) => call<{ id: string }>("POST", "/faults", f),
  clearFaults: () => call<unknown>("DELETE", "/faults"),
  counters: (platform: SandboxPlatform, account = "demo") =>
    call<Counters>("GET", `/counters?platform=${platform}&account=${account}`),
  clearCounters: () => call<unknown>("DELETE", "/counters"),
  settings: (s: { platform: SandboxPlatform; account?: string; screeningDelaySeconds?: number }) =>
    call<unknown>("POST", "/settings", { account: "demo", ...s }),
  account: (platform: SandboxPlatform, account: string, username: string, password: string) =>
    call<unknown>("POST", "/accounts", { platform, account, username, password }),
};
