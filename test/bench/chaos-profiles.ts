/**
 * The chaos benchmark's profiles (CHAOS_PROFILE): what runs, under which settings, with which
 * faults. Read by vitest.bench.config.ts (the Worker's vars) and by the benchmark itself.
 *
 *   short, full      random page faults; pacing turned off so the run takes minutes
 *   hard-short, hard everything above, plus what the sandbox used to hide: appearance beyond
 *                    the appearance window, identical untagged bodies to one lead, object
 *                    restarts mid-run, policy flips with queued work, sustained outages,
 *                    faults on the login page and the browser's own re-send — under the
 *                    production pacing, circuit and page budget (only waits are shortened);
 *                    bot defences on some accounts' sites (chaos-defences.ts)
 */
import { BENCH_ACCOUNTS, type BenchAccount } from "./bench-accounts.ts";

export type ProfileName = "short" | "full" | "hard-short" | "hard";

/** An account whose site has bot defences on (test/bench/chaos-defences.ts). */
export interface DefendedAccount {
  /** "<platform>/<account>" */
  account: string;
  /** The site challenges Browser Run's automation headers; the account uses its own browser. */
  automation?: boolean;
  /** The site ties the session to the client that logged in. */
  client?: boolean;
}

/** One more `random` fault on every site: its rates, and the params its kinds use. */
export interface ExtraFault {
  rates: Record<string, number>;
  pages?: string[];
  mode?: "502" | "reset";
  seconds?: number;
}

export interface ChaosProfile {
  name: ProfileName;
  hard: boolean;
  accounts: BenchAccount[];
  repliesPerAccount: number;
  threadsPerAccount: number;
  timeoutMs: number;
  /** Random faults per page request, on every site (`random` fault rates). */
  rates: Record<string, number>;
  /** Extra random faults: [rates, params] (delays beyond the window, 502 drops, login page). */
  extraFaults: ExtraFault[];
  /** Object restarts: every this many seconds, give or take half. */
  abortEverySeconds: number | null;
  /** Sites that go down for `seconds`, `atSeconds` into the run. */
  outages: { platform: BenchAccount["platform"]; atSeconds: number; seconds: number }[];
  /** Accounts whose policy flips with work queued, and when it flips back. */
  flips: { account: string; to: "draft_only" | "inactive"; atSeconds: number; backAtSeconds: number }[];
  /**
   * Accounts ("platform/account") with follow-ups on (docs/followups.md): each of their leads
   * has written once, and once our replies to a thread are done the thread's silence earns its
   * follow-up steps, which go through the same outbox under the same faults.
   */
  followups?: { accounts: string[] };
  /** Bot defences on some accounts' sites (test/bench/chaos-defences.ts); none when absent. */
  defences?: DefendedAccount[];
}

/** The follow-up policy the chaos accounts run with; FOLLOWUP_DELAY_SCALE makes its hours seconds. */
export const CHAOS_FOLLOWUP_POLICY = {
  enabled: true,
  steps: [
    { afterHours: 24, body: "Hi {lead_name}, just checking in about {listing}: is it still of interest?" },
    { afterHours: 48, body: "Hi {lead_name}, {listing} is still available if you would like to see it." },
  ],
  maxPerConversation: 2,
  quietHours: null,
};

/** The appearance window the hard profiles run with (a wait: shortened from 1–5 min). */
export const HARD_APPEARANCE_WINDOW_MS = 10_000;

/** Per page request. Transient kinds add up to well over 10 %; the rest are rare and mostly permanent. */
const RATES = {
  unavailable: 0.05,
  rate_limited: 0.03,
  slow: 0.02,
  submit_dropped: 0.03,
  delayed_appearance: 0.03,
  // A real site expires a session every few hours, not every hundred pages; at higher rates
  // the 3-logins-an-hour safety cap would (rightly) park accounts for a person.
  session_expired: 0.003,
  captcha: 0.002,
  challenge: 0.002,
  submit_rejected: 0.004,
  markup_drift: 0.002,
  blocked: 0.0005,
};

const w = HARD_APPEARANCE_WINDOW_MS / 1000;
const HARD_EXTRA: ExtraFault[] = [
  { rates: { submit_dropped: 0.02 }, mode: "502" },
  // Appearance beyond the window: 1.5 and 3 times it (the main mix has 0.3 times it).
  { rates: { delayed_appearance: 0.03 }, seconds: 1.5 * w },
  { rates: { delayed_appearance: 0.02 }, seconds: 3 * w },
  // The login page misbehaves too: down, rate-limited, slow, now and then a captcha.
  { rates: { unavailable: 0.15, rate_limited: 0.05, slow: 0.1, captcha: 0.01 }, pages: ["login"] },
];

const byName = (names: string[]) => BENCH_ACCOUNTS.filter((a) => names.includes(a.account));

export function chaosProfile(name: string | undefined): ChaosProfile {
  switch (name) {
    case "short":
      return {
        name: "short",
        hard: false,
        accounts: byName(["bench0", "bench1"]),
        repliesPerAccount: 12,
        threadsPerAccount: 4,
        timeoutMs: 8 * 60_000,
        rates: RATES,
        extraFaults: [{ rates: { submit_dropped: 0.02 }, mode: "502" }],
        abortEverySeconds: null,
        outages: [],
        flips: [],
      };
    case "hard-short":
      return {
        name: "hard-short",
        hard: true,
        accounts: byName(["bench0", "bench1"]),
        repliesPerAccount: 10,
        threadsPerAccount: 3,
        timeoutMs: 25 * 60_000,
        rates: { ...RATES, session_expired: 0.006 },
        extraFaults: HARD_EXTRA,
        abortEverySeconds: 50,
        outages: [{ platform: "roomies", atSeconds: 40, seconds: 90 }],
        flips: [
          { account: "spareroom/bench1", to: "draft_only", atSeconds: 25, backAtSeconds: 90 },
          { account: "leasebreak/bench1", to: "inactive", atSeconds: 35, backAtSeconds: 110 },
        ],
        followups: {
          accounts: BENCH_ACCOUNTS.filter((a) => a.account === "bench0").map((a) => `${a.platform}/bench0`),
        },
        defences: [
          { account: "leasebreak/bench0", client: true },
          { account: "furnishedfinder/bench1", client: true },
          { account: "renthop/bench1", automation: true },
        ],
      };
    case "hard":
      return {
        name: "hard",
        hard: true,
        accounts: BENCH_ACCOUNTS,
        repliesPerAccount: 50,
        threadsPerAccount: 10,
        timeoutMs: 110 * 60_000,
        rates: { ...RATES, session_expired: 0.006 },
        extraFaults: HARD_EXTRA,
        abortEverySeconds: 120,
        outages: [
          { platform: "roomies", atSeconds: 120, seconds: 180 },
          { platform: "spareroom", atSeconds: 600, seconds: 240 },
          { platform: "furnishedfinder", atSeconds: 1200, seconds: 180 },
        ],
        flips: [
          { account: "spareroom/bench1", to: "draft_only", atSeconds: 90, backAtSeconds: 400 },
          { account: "leasebreak/bench2", to: "inactive", atSeconds: 200, backAtSeconds: 600 },
          { account: "renthop/bench3", to: "inactive", atSeconds: 500, backAtSeconds: 800 },
          { account: "furnishedfinder/bench1", to: "draft_only", atSeconds: 700, backAtSeconds: 1000 },
        ],
        defences: [
          { account: "leasebreak/bench0", client: true },
          { account: "roomies/bench3", client: true },
          { account: "spareroom/bench2", client: true },
          { account: "renthop/bench1", automation: true },
          { account: "furnishedfinder/bench3", automation: true, client: true },
        ],
      };
    default:
      return {
        name: "full",
        hard: false,
        accounts: BENCH_ACCOUNTS,
        repliesPerAccount: 50,
        threadsPerAccount: 10,
        timeoutMs: 60 * 60_000,
        rates: RATES,
        extraFaults: [{ rates: { submit_dropped: 0.02 }, mode: "502" }],
        abortEverySeconds: null,
        outages: [],
        flips: [],
      };
  }
}

/**
 * The Worker's vars for a profile. The easy profiles turn pacing off; the hard ones keep the
 * production pacing, page budget and circuit threshold, and shorten only what is waiting.
 */
export function chaosBindings(p: ChaosProfile): Record<string, string> {
  if (!p.hard)
    return {
      DISPATCH_RETRY: JSON.stringify({ baseMs: 200, capMs: 2000, maxAttempts: 6 }),
      // Zero pacing so the run fits in minutes; the appearance window stays longer than the
      // sandbox's delayed-appearance fault (3 s), as production's does for its sites.
      ANTIBOT_CONFIG: JSON.stringify({
        "*": {
          minIntervalMs: 0,
          jitterMs: 0,
          appearanceWindowMs: 10_000,
          settleWindowMs: 60_000,
          // Fifty replies an account in half an hour is no real account's load; the hourly
          // budget (240 by default) would only make the benchmark wait for the clock.
          pageLoadsPerHour: 100_000,
          circuitCooldownMs: 5000,
          navigationTimeoutMs: 15_000,
        },
      }),
    };
  return {
    // Production attempts; shorter backoff (30 s base, 30 min cap in production).
    DISPATCH_RETRY: JSON.stringify({ baseMs: 2000, capMs: 30_000, maxAttempts: 6 }),
    // Production pacing, page budget (240 an hour), circuit threshold and navigation timeout;
    // the waits — appearance and settle windows, circuit cooldown — shortened.
    ANTIBOT_CONFIG: JSON.stringify({
      "*": {
        appearanceWindowMs: HARD_APPEARANCE_WINDOW_MS,
        settleWindowMs: 6 * HARD_APPEARANCE_WINDOW_MS,
        circuitCooldownMs: 20_000,
      },
    }),
    READBACK_RECHECK_MS: "3000",
    // Follow-up steps of 24 and 48 hours become about 17 and 35 s (only waiting is shortened).
    FOLLOWUP_DELAY_SCALE: "0.0002",
    BROWSER_KEEP_ALIVE_MS: "150000",
    ALERT_COOLDOWN_MS: "1800000",
  };
}
