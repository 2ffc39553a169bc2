// The sandbox world: accounts, sessions, threads, messages, listings, faults and counters, all in memory.

import { INTENTS, type Intent, LEAD_NAMES, leadText, SEED_LISTINGS } from "./seed-data.ts";
import {
  type Account,
  type ConcreteFaultKind,
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
import { formatPrice, mediumDate, prng } from "./util.ts";

export const DEFAULT_SEED = 1;
export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;
const DAY = 86_400_000;

/** Starting points of the numeric id sequences per platform (id formats are guesses except where noted). */
const ID_BASES: Record<Platform, { thread: number; message: number; listing: number; lead: number }> = {
  spareroom: { thread: 0, message: 418_200_000, listing: 17_310_000, lead: 28_140_000 },
  roomies: { thread: 4_812_000, message: 90_410_000, listing: 583_000, lead: 1_210_000 },
  leasebreak: { thread: 731_000, message: 5_120_000, listing: 412_000, lead: 88_000 },
  renthop: { thread: 61_400_000, message: 302_000_000, listing: 71_200_000, lead: 9_900_000 },
  furnishedfinder: { thread: 2_260_000, message: 14_800_000, listing: 640_000, lead: 330_000 },
};

export type FaultEffects = {
  block: { kind: ConcreteFaultKind; fault: Fault } | null;
  delayMs: number;
  drift: boolean;
  dropped: "reset" | "502" | null;
  rejected: string | null;
  hideSeconds: number;
};

const BLOCKING: readonly ConcreteFaultKind[] = [
  "captcha",
  "challenge",
  "blocked",
  "session_expired",
  "rate_limited",
  "unavailable",
];
const SUBMIT_ONLY: readonly ConcreteFaultKind[] = ["submit_dropped", "submit_rejected", "delayed_appearance"];

export type TrafficOptions = {
  platform?: Platform;
  account?: string;
  count: number;
  ratePerMinute?: number;
  mix?: Partial<Record<Intent, number>>;
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
  private seq = new Map<string, number>();
  private rand: () => number = prng(DEFAULT_SEED);
  private faultRands = new Map<string, () => number>();
  private faultCounter = 0;
  private timers = new Set<ReturnType<typeof setTimeout>>();

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
    this.faultCounter = 0;
    this.clearCounters();
    this.seq.clear();
    this.stopTimers();
    for (const platform of PLATFORMS) {
      this.addAccount({ platform, name: "demo", username: "demo", password: "demo-password" });
    }
    if (!empty) this.seedDemo();
  }

  stopTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private nextId(platform: Platform, kind: "thread" | "message" | "listing" | "lead"): string {
    const key = `${platform}:${kind}`;
    const current = this.seq.get(key) ?? ID_BASES[platform][kind];
    const next = current + 1 + Math.floor(this.rand() * 97);
    this.seq.set(key, next);
    return String(next);
  }

  private seedDemo(): void {
    const now = Date.now();
    for (const platform of PLATFORMS) {
      const templates = SEED_LISTINGS[platform];
      const ids = templates.map((t) =>
        this.addListing({
          platform,
          account: "demo",
          title: t.title,
          price: t.price,
          location: t.location,
          availableFrom: new Date(now + t.availableInDays * DAY).toISOString().slice(0, 10),
          status: "active",
        }),
      );
      const names = this.pickNames(3);
      const listing = (i: number) => this.listings.find((l) => l.id === ids[i % ids.length]) ?? null;
      const ctx = (i: number, name: string) => {
        const l = listing(i);
        return {
          first: name.split(" ")[0] ?? name,
          title: l?.title ?? "your room",
          price: l?.priceText ?? "$1,500",
          date: l?.availableFrom
            ? mediumDate(Date.parse(`${l.availableFrom}T16:00:00Z`), false)
            : "next month",
        };
      };
      // Lead 1: earlier exchange, then a tour request 3 hours ago (latest message inbound).
      const n0 = names[0] ?? "Maya Chen";
      const t1 = this.addLead({
        platform,
        account: "demo",
        leadName: n0,
        text: `Hi, I'm interested in "${ctx(0, n0).title}". Is it still available?`,
        listingId: ids[0],
        at: now - 26 * 3_600_000,
      });
      this.storeOutbound(t1.thread, `Hi ${ctx(0, n0).first}, yes it is! Would you like to come and see it?`, {
        at: now - 25 * 3_600_000,
        visibleFrom: null,
      });
      this.addLead({
        platform,
        account: "demo",
        leadName: n0,
        text: leadText("tour", 0, ctx(0, n0)),
        listingId: ids[0],
        at: now - 3 * 3_600_000,
      });
      const n1 = names[1] ?? "Jordan Alvarez";
      this.addLead({
        platform,
        account: "demo",
        leadName: n1,
        text: leadText("price", 0, ctx(1, n1)),
        listingId: ids[1 % ids.length],
        at: now - 47 * 60_000,
      });
      const n2 = names[2] ?? "Priya Nair";
      this.addLead({
        platform,
        account: "demo",
        leadName: n2,
        text: leadText("availability", 0, ctx(2, n2)),
        listingId: ids[2 % ids.length],
        at: now - 2 * DAY - 5 * 3_600_000,
      });
    }
  }

  private pickNames(n: number): string[] {
    const pool = [...LEAD_NAMES];
    const out: string[] = [];
    while (out.length < n && pool.length > 0) {
      const i = Math.floor(this.rand() * pool.length);
      out.push(pool.splice(i, 1)[0] ?? "Alex Lee");
    }
    return out;
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

  clearFaults(id?: string): void {
    if (id) {
      this.faults = this.faults.filter((f) => f.id !== id);
      this.faultRands.delete(id);
    } else {
      this.faults = [];
      this.faultRands.clear();
    }
  }

  /** Evaluate (and consume) the faults matching one request. */
  evaluateFaults(platform: Platform, account: string | null, page: PageKind): FaultEffects {
    const fx: FaultEffects = {
      block: null,
      delayMs: 0,
      drift: false,
      dropped: null,
      rejected: null,
      hideSeconds: 0,
    };
    for (const fault of [...this.faults]) {
      if (fx.block) break;
      if (fault.platform !== platform) continue;
      if (fault.account !== null && fault.account !== account) continue;
      if (fault.pages !== null && !fault.pages.includes(page)) continue;
      let kind: ConcreteFaultKind | null;
      if (fault.kind === "random") {
        if (fault.pages === null && page === "login") continue;
        const rand = this.faultRands.get(fault.id) ?? Math.random;
        const r = rand();
        kind = null;
        let acc = 0;
        const rates = fault.params.rates ?? {};
        for (const k of Object.keys(rates).sort() as ConcreteFaultKind[]) {
          acc += Math.max(0, Number(rates[k] ?? 0));
          if (r < acc) {
            kind = k;
            break;
          }
        }
        this.consume(fault);
        if (!kind || (SUBMIT_ONLY.includes(kind) && page !== "submit")) continue;
      } else {
        kind = fault.kind;
        if (SUBMIT_ONLY.includes(kind) && page !== "submit") continue;
        if (kind === "markup_drift" && page === "submit") continue;
        this.consume(fault);
      }
      if (BLOCKING.includes(kind)) fx.block = { kind, fault };
      else if (kind === "slow") fx.delayMs += fault.params.delayMs ?? 2000;
      else if (kind === "markup_drift") fx.drift = true;
      else if (kind === "submit_dropped") fx.dropped = fault.params.mode ?? "502";
      else if (kind === "submit_rejected") fx.rejected = fault.params.message ?? "";
      else if (kind === "delayed_appearance")
        fx.hideSeconds = Math.max(fx.hideSeconds, fault.params.seconds ?? 30);
    }
    return fx;
  }

  private consume(fault: Fault): void {
    fault.fired += 1;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.clearFaults(fault.id);
    }
  }

  // ---------------------------------------------------------------- counters

  clearCounters(): void {
    this.requests = [];
    this.logins.clear();
  }

  recordLogin(platform: Platform, account: string): void {
    const key = this.accountKey(platform, account);
    this.logins.set(key, (this.logins.get(key) ?? 0) + 1);
  }

  counters(platform?: Platform, account?: string) {
    const reqs = this.requests.filter(
      (r) => (!platform || r.platform === platform) && (!account || r.account === account),
    );
    const pageLoads: Record<string, number> = {};
    let submits = 0;
    for (const r of reqs) {
      if (r.kind === "submit") submits += 1;
      else if (r.kind !== null && r.method === "GET") pageLoads[r.path] = (pageLoads[r.path] ?? 0) + 1;
    }
    let logins = 0;
    for (const [key, n] of this.logins) {
      const [p, a] = key.split("/");
      if ((!platform || p === platform) && (!account || a === account)) logins += n;
    }
    return {
      pageLoads,
      logins,
      submits,
      requests: reqs.map((r) => ({
        at: r.at,
        method: r.method,
        path: r.path,
        platform: r.platform,
        account: r.account,
      })),
    };
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
    const platforms: Platform[] = o.platform ? [o.platform] : [...PLATFORMS];
    const account = o.account ?? "demo";
    const mix = o.mix && Object.keys(o.mix).length > 0 ? o.mix : { tour: 1, price: 1, availability: 1 };
    const total = INTENTS.reduce((s, k) => s + Math.max(0, Number(mix[k] ?? 0)), 0) || 1;
    const threadIds: string[] = [];
    const count = Math.max(0, Math.min(10_000, Math.floor(o.count)));
    const interval = o.ratePerMinute && o.ratePerMinute > 0 ? 60_000 / o.ratePerMinute : 0;
    for (let i = 0; i < count; i += 1) {
      const platform = platforms[i % platforms.length] ?? "spareroom";
      let r = this.rand() * total;
      let intent: Intent = "tour";
      for (const k of INTENTS) {
        r -= Math.max(0, Number(mix[k] ?? 0));
        if (r < 0) {
          intent = k;
          break;
        }
      }
      const base = LEAD_NAMES[Math.floor(this.rand() * LEAD_NAMES.length)] ?? "Alex Lee";
      const leadName = `${base} ${this.nextId(platform, "lead").slice(-3)}`;
      const listings = this.listingsOf(platform, account);
      const listing = listings.length > 0 ? listings[Math.floor(this.rand() * listings.length)] : undefined;
      const text = leadText(intent, Math.floor(this.rand() * 4), {
        first: base.split(" ")[0] ?? base,
        title: listing?.title ?? "your room",
        price: listing?.priceText ?? "$1,500",
        date: listing?.availableFrom ?? "next month",
      });
      const leadId = this.nextId(platform, "lead");
      const threadId =
        platform === "spareroom" ? `${leadId}_${listing?.id ?? "0"}` : this.nextId(platform, "thread");
      threadIds.push(threadId);
      const create = () =>
        this.addLead({ platform, account, leadName, text, listingId: listing?.id ?? null, threadId, leadId });
      if (interval === 0) create();
      else {
        const t = setTimeout(() => {
          this.timers.delete(t);
          create();
        }, interval * i);
        this.timers.add(t);
      }
    }
    return { threadIds };
  }
}
