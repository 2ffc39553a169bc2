/**
 * A typed client for the sandbox's control API (/__sandbox on :8800), used by workerd tests,
 * node tests and the benchmarks alike.
 */
import { PLATFORMS, type Platform } from "../../domain/platforms.ts";

export const SANDBOX_PLATFORMS = PLATFORMS;
export type SandboxPlatform = Platform;

let basePort = 8800;
/** Points the client at a sandbox on another base port (control on base, sites base+1..5). */
export function useSandboxPort(port: number): void {
  basePort = port;
}
export const sandboxControl = (): string => `http://127.0.0.1:${basePort}`;

export function siteOrigin(platform: SandboxPlatform): string {
  return `http://127.0.0.1:${basePort + 1 + SANDBOX_PLATFORMS.indexOf(platform)}`;
}

/** A cookie as a person's browser export hands it over (the session-capture runbook). */
export interface CapturedCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  httpOnly: boolean;
}

/** Each site's login form: path, username field, password field. */
export const LOGIN_FORMS: Record<SandboxPlatform, [string, string, string]> = {
  spareroom: ["/roommate/logon.pl", "loginemail", "loginpass"],
  roomies: ["/login", "email", "password"],
  leasebreak: ["/users/sign_in", "user[email]", "user[password]"],
  renthop: ["/login", "username", "password"],
  furnishedfinder: ["/login", "username", "password"],
};

/**
 * Logs in to a sandbox site over HTTP, as a person would in a real browser, and returns the
 * session cookie the site set (none when the login was refused).
 */
export async function captureSession(
  platform: SandboxPlatform,
  username: string,
  password: string,
): Promise<CapturedCookie[]> {
  const [path, user, pass] = LOGIN_FORMS[platform];
  const res = await fetch(`${siteOrigin(platform)}${path}`, {
    method: "POST",
    body: new URLSearchParams({ [user]: username, [pass]: password }),
    redirect: "manual",
    headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/145.0.0.0" },
  });
  const [pair] = (res.headers.get("set-cookie") ?? "").split(";");
  const [name, value] = (pair ?? "").split("=");
  return name && value ? [{ name, value, domain: "127.0.0.1", path: "/", httpOnly: true }] : [];
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
  /** Submits that repeat one whose connection the site had just reset (a browser re-send). */
  resends: number;
  /** The same re-sends by who sent them: Chromium (the in-browser path) or anything else (the relay). */
  resendsBy?: { browser: number; other: number };
  /** Requests a bot defence refused (sandbox/bot-defence.ts), by defence. */
  defenceRefusals?: { automation: number; client: number };
  requests: {
    at: number;
    method: string;
    path: string;
    platform: string;
    account: string | null;
    /** A copy the browser re-sent on its own (sandbox/sites/site-submit.ts). */
    resend?: boolean;
    /** Who sent a submit the site stored: a browser's network stack, or anything else. */
    client?: "browser" | "other";
  }[];
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
  deleteFault: (id: string) => call<unknown>("DELETE", `/faults?id=${encodeURIComponent(id)}`),
  counters: (platform: SandboxPlatform, account = "demo") =>
    call<Counters>("GET", `/counters?platform=${platform}&account=${account}`),
  clearCounters: () => call<unknown>("DELETE", "/counters"),
  settings: (s: { platform: SandboxPlatform; account?: string; screeningDelaySeconds?: number }) =>
    call<unknown>("POST", "/settings", { account: "demo", ...s }),
  account: (platform: SandboxPlatform, account: string, username: string, password: string) =>
    call<unknown>("POST", "/accounts", { platform, account, username, password }),
  /** Bot defences (sandbox/bot-defence.ts), per site or per account. */
  defences: (d: {
    platform: SandboxPlatform;
    account?: string;
    automation?: boolean;
    client?: boolean;
    style?: "cloudflare" | "datadome" | "akamai";
  }) => call<unknown>("POST", "/defences", d),
};
