/**
 * The panel's one way to the API. Errors come back as ApiFailure carrying the API's own message
 * (and zod issues), never a generic "failed". GETs remember the last ETag so a poll that finds
 * nothing new costs a 304 with no body.
 */

export interface Issue {
  path: (string | number)[];
  message: string;
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: Issue[];
  readonly details: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    issues: Issue[] = [],
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.details = details;
  }

  /** The message with the validation issues, as one line a person can act on. */
  get full(): string {
    if (this.issues.length === 0) return this.message;
    const parts = this.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    return `${this.message}: ${parts.join("; ")}`;
  }
}

const DEV_IDENTITY_KEY = "lease-bot.dev-identity";

/** The development identity picked on the sign-in screen (only ever sent when the API allows it). */
export function devIdentity(): string | null {
  try {
    return localStorage.getItem(DEV_IDENTITY_KEY);
  } catch {
    return null;
  }
}

export function setDevIdentity(email: string | null): void {
  try {
    if (email) localStorage.setItem(DEV_IDENTITY_KEY, email);
    else localStorage.removeItem(DEV_IDENTITY_KEY);
  } catch {
    // Private mode without storage: the choice lasts until reload.
  }
  cache.clear();
}

const cache = new Map<string, { etag: string; data: unknown }>();

function headers(extra: Record<string, string> = {}): Headers {
  const h = new Headers(extra);
  const dev = devIdentity();
  if (dev) h.set("X-Dev-Identity", dev);
  return h;
}

async function failure(res: Response): Promise<ApiFailure> {
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; issues?: Issue[]; details?: Record<string, unknown> };
    };
    const e = body.error;
    if (e?.message) return new ApiFailure(res.status, e.code ?? "error", e.message, e.issues, e.details);
  } catch {
    // not the API's JSON (a proxy or Access page): fall through
  }
  return new ApiFailure(
    res.status,
    "http_error",
    `The server answered ${res.status} ${res.statusText}`.trim(),
  );
}

async function send(method: string, path: string, h: Headers, body?: string): Promise<Response> {
  try {
    return await fetch(`/api${path}`, { method, headers: h, body, credentials: "same-origin" });
  } catch (err) {
    throw new ApiFailure(0, "network", `Could not reach the API (${String(err)})`);
  }
}

const inFlight = new Map<string, Promise<{ data: unknown; changed: boolean }>>();

/**
 * GET with If-None-Match; `changed` is false when the server answered 304. Callers asking for
 * the same path at the same time share one request (the boot prefetch and the screen's poll).
 */
export function getFresh<T>(path: string): Promise<{ data: T; changed: boolean }> {
  const pending = inFlight.get(path);
  if (pending) return pending as Promise<{ data: T; changed: boolean }>;
  const p = fetchFresh<T>(path).finally(() => inFlight.delete(path));
  inFlight.set(path, p);
  return p;
}

/** Starts GETs early (before the identity check returns), so the first screen needs one round trip less. */
export function prefetch(paths: string[]): void {
  for (const path of paths) getFresh(path).catch(() => undefined);
}

async function fetchFresh<T>(path: string): Promise<{ data: T; changed: boolean }> {
  const known = cache.get(path);
  const h = headers(known ? { "If-None-Match": known.etag } : {});
  const res = await send("GET", path, h);
  if (res.status === 304 && known) return { data: known.data as T, changed: false };
  if (!res.ok) throw await failure(res);
  const data = (await res.json()) as T;
  const etag = res.headers.get("ETag");
  if (etag) cache.set(path, { etag, data });
  return { data, changed: true };
}

export async function get<T>(path: string): Promise<T> {
  return (await getFresh<T>(path)).data;
}

export async function write<T>(method: "POST" | "PATCH" | "PUT" | "DELETE", path: string, body?: unknown) {
  const h = headers(body === undefined ? {} : { "content-type": "application/json" });
  const res = await send(method, path, h, body === undefined ? undefined : JSON.stringify(body));
  if (!res.ok) throw await failure(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Builds "?a=1&b=2" from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
