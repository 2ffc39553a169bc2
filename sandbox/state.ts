// The sandbox world: accounts, sessions, threads, messages, listings, faults and counters, all in memory.

import { BotDefences } from "./bot-defence.ts";
import { summarizeCounters } from "./counters.ts";
import { evaluateFaults, type FaultEffects } from "./fault-engine.ts";
import { Notifier } from "./notifier.ts";
import { LEAD_NAMES } from "./seed-data.ts";
import { seedDemo } from "./seed-demo.ts";
import { generateTraffic, type TrafficOptions } from "./traffic.ts";
import {
  type Account,
  type Fault,
  type Listing,
  type Message,
  type PageKind,
  PLATFORMS,
  type Platform,
  type RequestRecord,
  type Session,
  type Thread,
} from "./types.ts";
import { formatPrice, prng } from "./util.ts";

export type { FaultEffects } from "./fault-engine.ts";

export const DEFAULT_SEED = 1;
export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;
const _DAY = 86_400_000;

/** Starting points of the numeric id sequences per platform (id formats are guesses except where noted). */
const ID_BASES: Record<Platform, { thread: number; message: number; listing: number; lead: number }> = {
  spareroom: { thread: 0, message: 418_200_000, listing: 17_310_000, lead: 28_140_000 },
  roomies: { thread: 4_812_000, message: 90_410_000, listing: 583_000, lead: 1_210_000 },
  leasebreak: { thread: 731_000, message: 5_120_000, listing: 412_000, lead: 88_000 },
  renthop: { thread: 61_400_000, message: 302_000_000, listing: 71_200_000, lead: 9_900_000 },
  furnishedfinder: { thread: 2_260_000, message: 14_800_000, listing: 640_000, lead: 330_000 },
};

export class World {
  seed = DEFAULT_SEED;
  accounts = new Map<string, Account>();
  sessions = new Map<string, Session>();
  threads: Thread[] = [];
  listings: Listing[] = [];
  faults: Fault[] = [];
  requests: RequestRecord[] = [];
  logins = new Map<string, number>();
  /** Bot defences per site or account (bot-defence.ts); all off until switched on. */
  readonly defences = new BotDefences();
  private seq = new Map<string, number>();
  private rand: () => number = prng(DEFAULT_SEED);
  private faultRands = new Map<string, () => number>();
  private faultCounter = 0;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  /** The sites' notification e-mails to the local Worker (notifier.ts); off until configured. */
  readonly notifier = new Notifier((fn, ms) => this.later(fn, ms));

  constructor(seed = DEFAULT_SEED) {
    this.reset(seed, false);
  }

  // ---------------------------------------------------------------- lifecycle

  reset(seed = this.seed, empty = false): void {
    this.seed = seed;
    this.rand = prng(seed);
    this.accounts.clear();
    this.sessions.clear();
    this.threads = [];
    this.listings = [];
    this.clearFaults();
    this.defences.clear();
    this.faultCounter = 0;
    this.clearCounters();
    this.seq.clear();
    this.stopTimers();
    this.notifier.clear();
    for (const platform of PLATFORMS) {
      this.addAccount({ platform, name: "demo", username: "demo", password: "demo-password" });
    }
    if (!empty) seedDemo(this);
  }

  stopTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  nextId(platform: Platform, kind: "thread" | "message" | "listing" | "lead"): string {
    const key = `${platform}:${kind}`;
    const current = this.seq.get(key) ?? ID_BASES[platform][kind];
    const next = current + 1 + Math.floor(this.rand() * 97);
    this.seq.set(key, next);
    return String(next);
  }

  /** n different lead names, drawn from the seeded sequence. */
  pickNames(n: number): string[] {
    const pool = [...LEAD_NAMES];
    const out: string[] = [];
    while (out.length < n && pool.length > 0) {
      const i = Math.floor(this.random() * pool.length);
      out.push(pool.splice(i, 1)[0] ?? "Alex Lee");
    }
    return out;
  }

  /** The world's seeded random sequence (same seed → same ids, names, texts). */
  random(): number {
    return this.rand();
  }

  // ---------------------------------------------------------------- accounts and sessions

  private accountKey(platform: Platform, name: string): string {
    return `${platform}/${name}`;
  }

  addAccount(a: { platform: Platform; name: string; username: string; password: string }): Account {
    const account: Account = {
      ...a,
      screeningDelaySeconds: 0,
      sessionTtlSeconds: DEFAULT_SESSION_TTL_SECONDS,
    };
    this.accounts.set(this.accountKey(a.platform, a.name), account);
    return account;
  }

  getAccount(platform: Platform, name: string): Account | undefined {
    return this.accounts.get(this.accountKey(platform, name));
  }

  findByUsername(platform: Platform, username: string): Account | undefined {
    for (const a of this.accounts.values()) {
      if (a.platform === platform && a.username === username) return a;
    }
    return undefined;
  }

  createSession(account: Account): Session {
    const session: Session = {
      token: `${crypto.randomUUID().replace(/-/g, "")}`,
      platform: account.platform,
      account: account.name,
      expiresAt: Date.now() + account.sessionTtlSeconds * 1000,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  getSession(platform: Platform, token: string | undefined): Session | null {
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s || s.platform !== platform) return null;
    if (s.expiresAt <= Date.now()) {
      this.sessions.delete(token);
      return null;
    }
    return s;
  }

  endSession(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  // ---------------------------------------------------------------- listings, threads, messages

  addListing(l: {
    platform: Platform;
    account: string;
    title: string;
    price: unknown;
    location: string;
    availableFrom?: string | null;
    status?: "active" | "inactive";
  }): string {
    const id = this.nextId(l.platform, "listing");
    this.listings.push({
      id,
      platform: l.platform,
      account: l.account,
      title: l.title,
      priceText: formatPrice(l.price),
      location: l.location,
      availableFrom: l.availableFrom ?? null,
      status: l.status ?? "active",
      createdAt: Date.now(),
    });
    return id;
  }

  listingsOf(platform: Platform, account: string): Listing[] {
    return this.listings.filter((l) => l.platform === platform && l.account === account);
  }

  getListing(platform: Platform, id: string | null): Listing | null {
    if (!id) return null;
    return this.listings.find((l) => l.platform === platform && l.id === id) ?? null;
  }

  threadsOf(platform: Platform, account: string): Thread[] {
    return this.threads.filter((t) => t.platform === platform && t.account === account);
  }

  getThread(platform: Platform, account: string, id: string): Thread | undefined {
    return this.threads.find((t) => t.platform === platform && t.account === account && t.id === id);
  }

  /** A lead writes to an account: appended to the lead's existing thread, or a new thread. */
  addLead(l: {
    platform: Platform;
    account: string;
    leadName: string;
    text: string;
    listingId?: string | null;
    at?: number;
    threadId?: string;
    leadId?: string;
  }): { thread: Thread; message: Message } {
    const listingId =
      l.listingId ??
      (l.platform === "spareroom"
        ? (this.listingsOf(l.platform, l.account).find((x) => x.status === "active")?.id ?? null)
        : null);
    let thread = this.threads.find(
      (t) =>
        t.platform === l.platform &&
        t.account === l.account &&
        t.leadName === l.leadName &&
        (l.listingId == null || t.listingId === l.listingId),
    );
    if (!thread) {
      const leadId = l.leadId ?? this.nextId(l.platform, "lead");
      const id =
        l.threadId ??
        (l.platform === "spareroom" ? `${leadId}_${listingId ?? "0"}` : this.nextId(l.platform, "thread"));
      thread = {
        id,
        platform: l.platform,
        account: l.account,
        leadName: l.leadName,
        leadId,
        listingId,
        messages: [],
        deliveries: {},
        readAt: 0,
      };
      this.threads.push(thread);
    }
    const message: Message = {
      id: this.nextId(l.platform, "message"),
      direction: "inbound",
      text: l.text,
      at: l.at ?? Date.now(),
      visibleFrom: null,
    };
    thread.messages.push(message);
    thread.messages.sort((a, b) => a.at - b.at);
    this.notifier.leadWrote(thread, message);
    return { thread, message };
  }

  /** The account sends a message in a thread (through a site's composer). */
  storeOutbound(thread: Thread, text: string, opts: { at?: number; visibleFrom: number | null }): Message {
    const message: Message = {
      id: this.nextId(thread.platform, "message"),
      direction: "outbound",
      text,
      at: opts.at ?? Date.now(),
      visibleFrom: opts.visibleFrom,
    };
    thread.messages.push(message);
    thread.deliveries[text] = (thread.deliveries[text] ?? 0) + 1;
    return message;
  }

  visibleMessages(thread: Thread, now = Date.now()): Message[] {
    return thread.messages.filter((m) => m.visibleFrom === null || m.visibleFrom <= now);
  }

  // ---------------------------------------------------------------- faults

  addFault(f: Omit<Fault, "id" | "fired" | "createdAt">): Fault {
    this.faultCounter += 1;
    const fault: Fault = { ...f, id: `fault_${this.faultCounter}`, fired: 0, createdAt: Date.now() };
    this.faults.push(fault);
    if (fault.kind === "random") this.faultRands.set(fault.id, prng(this.seed * 7919 + this.faultCounter));
    return fault;
  }

  /** Evaluate (and consume) the faults matching one request. */
  evaluateFaults(platform: Platform, account: string | null, page: PageKind): FaultEffects {
    return evaluateFaults(
      this.faults,
      { platform, account, page },
      {
        random: (fault) => (this.faultRands.get(fault.id) ?? Math.random)(),
        consume: (fault) => this.consume(fault),
      },
    );
  }

  private consume(fault: Fault): void {
    fault.fired += 1;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.clearFaults(fault.id);
    }
  }

  clearFaults(id?: string): void {
    if (id) {
      this.faults = this.faults.filter((f) => f.id !== id);
      this.faultRands.delete(id);
    } else {
      this.faults = [];
      this.faultRands.clear();
    }
  }

  // ---------------------------------------------------------------- counters

  clearCounters(): void {
    this.requests = [];
    this.logins.clear();
  }

  counters(platform?: Platform, account?: string) {
    return summarizeCounters(this.requests, this.logins, platform, account);
  }

  recordLogin(platform: Platform, account: string): void {
    const key = this.accountKey(platform, account);
    this.logins.set(key, (this.logins.get(key) ?? 0) + 1);
  }

  // ---------------------------------------------------------------- truth

  truth(platform: Platform, account: string) {
    return {
      threads: this.threadsOf(platform, account).map((t) => ({
        threadId: t.id,
        leadName: t.leadName,
        listingId: t.listingId,
        messages: t.messages.map((m) => ({
          id: m.id,
          direction: m.direction,
          text: m.text,
          at: new Date(m.at).toISOString(),
          visibleFrom: m.visibleFrom === null ? null : new Date(m.visibleFrom).toISOString(),
        })),
        deliveries: { ...t.deliveries },
      })),
    };
  }

  // ---------------------------------------------------------------- traffic generator

  traffic(o: TrafficOptions): { threadIds: string[] } {
    return generateTraffic(this, o);
  }

  /** Runs `fn` after `ms`, unless the world is reset or stopped first. */
  later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}
