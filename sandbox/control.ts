// Control API (/__sandbox/…) on the control port: reset, accounts, listings, leads, truth, faults,
// counters, settings, bot defences, traffic, notification e-mails and health. JSON in, JSON out.

import { type Context, Hono } from "hono";
import { DEFENCE_STYLES, type DefenceStyle } from "./bot-defence.ts";
import { NOTIFIER_DEFAULTS } from "./notifier.ts";
import type { Intent } from "./seed-data.ts";
import type { World } from "./state.ts";
import {
  type ConcreteFaultKind,
  FAULT_KINDS,
  type FaultKind,
  isPlatform,
  PAGE_KINDS,
  type PageKind,
  type Platform,
} from "./types.ts";

type Json = Record<string, unknown>;

class BadRequest extends Error {}

function str(body: Json, key: string, required = true): string | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === "") {
    if (required) throw new BadRequest(`"${key}" is required`);
    return undefined;
  }
  if (typeof v !== "string" && typeof v !== "number") throw new BadRequest(`"${key}" must be a string`);
  return String(v);
}

function num(body: Json, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new BadRequest(`"${key}" must be a number`);
  return n;
}

function range(body: Json, key: string, fallback: [number, number]): [number, number] {
  const v = body[key];
  if (v === undefined || v === null) return fallback;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => Number.isFinite(Number(x)) && Number(x) >= 0))
    throw new BadRequest(`"${key}" must be [minMs, maxMs]`);
  const [lo, hi] = v.map(Number) as [number, number];
  if (lo > hi) throw new BadRequest(`"${key}" must be [minMs, maxMs] with min <= max`);
  return [lo, hi];
}

function rate(body: Json, key: string, fallback: number): number {
  const n = num(body, key);
  if (n === undefined) return fallback;
  if (n < 0 || n > 1) throw new BadRequest(`"${key}" must be between 0 and 1`);
  return n;
}

function platformOf(v: unknown): Platform {
  if (!isPlatform(v))
    throw new BadRequest(
      `"platform" must be one of spareroom, roomies, leasebreak, renthop, furnishedfinder`,
    );
  return v;
}

async function readJson(c: Context): Promise<Json> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Json;
  } catch {
    // fall through
  }
  throw new BadRequest("body must be a JSON object");
}

export function createControlApp(world: World): Hono {
  const app = new Hono();
  const requireAccount = (platform: Platform, name: string) => {
    if (!world.getAccount(platform, name)) throw new BadRequest(`no account "${name}" on ${platform}`);
  };

  app.onError((err, c) => {
    if (err instanceof BadRequest) return c.json({ error: err.message }, 400);
    return c.json({ error: String(err) }, 500);
  });

  app.get("/__sandbox/health", (c) => c.json({ ok: true }));

  app.post("/__sandbox/reset", async (c) => {
    const body = await readJson(c);
    const seed = num(body, "seed");
    world.reset(seed ?? world.seed, body.empty === true);
    return c.json({ ok: true, seed: world.seed });
  });

  app.post("/__sandbox/accounts", async (c) => {
    const body = await readJson(c);
    const platform = platformOf(body.platform);
    const name = str(body, "account") ?? "";
    const username = str(body, "username", false) ?? name;
    const password = str(body, "password") ?? "";
    world.addAccount({ platform, name, username, password });
    return c.json({ ok: true, platform, account: name, username });
  });

  app.post("/__sandbox/settings", async (c) => {
    const body = await readJson(c);
    const platform = platformOf(body.platform);
    const name = str(body, "account", false) ?? "demo";
    const account = world.getAccount(platform, name);
    if (!account) throw new BadRequest(`no account "${name}" on ${platform}`);
    const delay = num(body, "screeningDelaySeconds");
    if (delay !== undefined) account.screeningDelaySeconds = Math.max(0, delay);
    const ttl = num(body, "sessionTtlSeconds");
    if (ttl !== undefined) account.sessionTtlSeconds = Math.max(1, ttl);
    return c.json({
      ok: true,
      screeningDelaySeconds: account.screeningDelaySeconds,
      sessionTtlSeconds: account.sessionTtlSeconds,
    });
  });

  // Bot defences (bot-defence.ts): per site, or per account when "account" is given.
  app.post("/__sandbox/defences", async (c) => {
    const body = await readJson(c);
    const platform = platformOf(body.platform);
    const account = str(body, "account", false) ?? null;
    if (account) requireAccount(platform, account);
    const flag = (key: "automation" | "client") => {
      const v = body[key];
      if (v === undefined) return {};
      if (typeof v !== "boolean") throw new BadRequest(`"${key}" must be true or false`);
      return { [key]: v };
    };
    const style = body.style;
    if (style !== undefined && !DEFENCE_STYLES.includes(style as DefenceStyle))
      throw new BadRequest(`"style" must be one of ${DEFENCE_STYLES.join(", ")}`);
    const defences = world.defences.set(platform, account, {
      ...flag("automation"),
      ...flag("client"),
      ...(style !== undefined ? { style: style as DefenceStyle } : {}),
    });
    return c.json({ ok: true, platform, account, defences });
  });

  app.get("/__sandbox/defences", (c) => c.json({ defences: world.defences.list() }));

  app.delete("/__sandbox/defences", (c) => {
    world.defences.clear();
    return c.json({ ok: true });
  });

  app.post("/__sandbox/listings", async (c) => {
    const body = await readJson(c);
    const platform = platformOf(body.platform);
    const account = str(body, "account", false) ?? "demo";
    requireAccount(platform, account);
    const status = body.status === "inactive" ? "inactive" : "active";
    const listingId = world.addListing({
      platform,
      account,
      title: str(body, "title") ?? "",
      price: body.price,
      location: str(body, "location", false) ?? "",
      availableFrom: str(body, "availableFrom", false) ?? null,
      status,
    });
    return c.json({ listingId });
  });

  app.post("/__sandbox/leads", async (c) => {
    const body = await readJson(c);
    const platform = platformOf(body.platform);
    const account = str(body, "account", false) ?? "demo";
    requireAccount(platform, account);
    const text = body.text;
    if (typeof text !== "string") throw new BadRequest(`"text" must be a string`);
    const listingId = str(body, "listingId", false) ?? null;
    const { thread, message } = world.addLead({
      platform,
      account,
      leadName: str(body, "leadName") ?? "",
      text,
      listingId,
    });
    return c.json({ threadId: thread.id, messageId: message.id });
  });

  app.get("/__sandbox/truth", (c) => {
    const platform = platformOf(c.req.query("platform"));
    const account = c.req.query("account") || "demo";
    return c.json(world.truth(platform, account));
  });

  app.post("/__sandbox/faults", async (c) => {
    const body = await readJson(c);
    const platform = platformOf(body.platform);
    const kind = body.kind;
    if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new BadRequest(`"kind" must be one of ${FAULT_KINDS.join(", ")}`);
    }
    let pages: PageKind[] | null = null;
    if (Array.isArray(body.pages)) {
      pages = body.pages.map((p) => {
        if (typeof p !== "string" || !(PAGE_KINDS as readonly string[]).includes(p)) {
          throw new BadRequest(`"pages" entries must be one of ${PAGE_KINDS.join(", ")}`);
        }
        return p as PageKind;
      });
    }
    const times = num(body, "times");
    const rates: Partial<Record<ConcreteFaultKind, number>> = {};
    if (kind === "random") {
      const r = body.rates;
      if (!r || typeof r !== "object") throw new BadRequest(`"rates" is required for kind "random"`);
      for (const [k, v] of Object.entries(r as Json)) {
        if (k === "random" || !(FAULT_KINDS as readonly string[]).includes(k))
          throw new BadRequest(`unknown rate kind "${k}"`);
        rates[k as ConcreteFaultKind] = Number(v);
      }
    }
    const mode =
      body.mode === "reset" ? "reset" : body.mode === "502" || body.mode === 502 ? "502" : undefined;
    const fault = world.addFault({
      platform,
      account: str(body, "account", false) ?? null,
      kind: kind as FaultKind,
      pages,
      remaining: times === undefined ? null : Math.max(1, Math.floor(times)),
      params: {
        delayMs: num(body, "delayMs"),
        mode,
        message: str(body, "message", false),
        seconds: num(body, "seconds"),
        rates: kind === "random" ? rates : undefined,
      },
    });
    return c.json({ id: fault.id });
  });

  app.get("/__sandbox/faults", (c) => c.json({ faults: world.faults }));

  app.delete("/__sandbox/faults", (c) => {
    world.clearFaults(c.req.query("id") || undefined);
    return c.json({ ok: true });
  });

  app.get("/__sandbox/counters", (c) => {
    const p = c.req.query("platform");
    const platform = p ? platformOf(p) : undefined;
    return c.json(world.counters(platform, c.req.query("account") || undefined));
  });

  app.delete("/__sandbox/counters", (c) => {
    world.clearCounters();
    return c.json({ ok: true });
  });

  app.post("/__sandbox/traffic", async (c) => {
    const body = await readJson(c);
    const platform = body.platform === undefined ? undefined : platformOf(body.platform);
    const account = str(body, "account", false);
    if (platform && account) requireAccount(platform, account);
    const count = num(body, "count");
    if (count === undefined) throw new BadRequest(`"count" is required`);
    const mix: Partial<Record<Intent, number>> = {};
    if (body.mix && typeof body.mix === "object") {
      for (const [k, v] of Object.entries(body.mix as Json)) mix[k as Intent] = Number(v);
    }
    return c.json(
      world.traffic({ platform, account, count, ratePerMinute: num(body, "ratePerMinute"), mix }),
    );
  });

  // The sites' notification e-mails to the local Worker (notifier.ts). Off until configured.
  app.post("/__sandbox/notifications", async (c) => {
    const body = await readJson(c);
    const workerUrl = str(body, "workerUrl") ?? "";
    if (!/^https?:\/\/[^/]+$/.test(workerUrl))
      throw new BadRequest(`"workerUrl" must be an origin, e.g. http://127.0.0.1:8787`);
    if (!Array.isArray(body.accounts) || body.accounts.length === 0)
      throw new BadRequest(`"accounts" must be a list of {platform, account, address}`);
    const addresses: Record<string, string> = {};
    for (const a of body.accounts as Json[]) {
      const platform = platformOf(a.platform);
      const account = str(a, "account") ?? "";
      const address = str(a, "address") ?? "";
      if (!address.includes("@")) throw new BadRequest(`"address" must be an e-mail address`);
      requireAccount(platform, account);
      addresses[`${platform}/${account}`] = address;
    }
    const lossRate = rate(body, "lossRate", NOTIFIER_DEFAULTS.lossRate);
    const lateRate = rate(body, "lateRate", NOTIFIER_DEFAULTS.lateRate);
    if (lossRate + lateRate > 1) throw new BadRequest(`"lossRate" + "lateRate" must not exceed 1`);
    world.notifier.configure({
      workerUrl,
      addresses,
      delayMs: range(body, "delayMs", NOTIFIER_DEFAULTS.delayMs),
      lossRate,
      lateRate,
      lateDelayMs: range(body, "lateDelayMs", NOTIFIER_DEFAULTS.lateDelayMs),
      seed: num(body, "seed") ?? world.seed,
    });
    return c.json({ ok: true, config: world.notifier.current() });
  });

  app.get("/__sandbox/notifications", (c) =>
    c.json({ config: world.notifier.current(), log: world.notifier.log }),
  );

  app.delete("/__sandbox/notifications", (c) => {
    world.notifier.clear();
    return c.json({ ok: true });
  });

  app.notFound((c) => c.json({ error: "not found" }, 404));
  return app;
}
