/**
 * The values an account object keeps beside its tables, each with one declared shape. Code uses
 * the camelCase names; the stored keys are those objects already deployed hold, so they never
 * change (an object must read what an older release wrote).
 */
import type { CircuitState } from "../../connectors/core/circuit.ts";
import type { AccountRef } from "../../domain/account/address.ts";
import type { Recount } from "./recount-rules.ts";
import type { RunReport } from "./run-report.ts";

export type SessionState = "unknown" | "ok" | "needs_login";

/** A browser left running after a run, for the next run to reconnect to. */
export interface KeptBrowser {
  sessionId: string;
  lastUsed: number;
}

/** What the account's wake schedule needs from D1, as last seen (cron tick, e-mail, run). */
export interface WakePrefs {
  pushEnabled: boolean;
  timeZone: string | null;
}

/** Notification e-mails as the account has seen them (wake-plan.ts). */
export interface PushState {
  /** An e-mail asked for an ingest that has not run yet. */
  pending: boolean;
  lastAt: number | null;
  /** Polls in a row that found new messages while no e-mail was pending. */
  misses: number;
}

/** The run lease: which run (and which incarnation of the object) holds the account. */
export interface RunLease {
  owner: string;
  instance: string;
  started: number;
  /** The run's last sign of life (absent in leases an older release wrote). */
  heartbeat?: number;
}

export interface AccountMeta {
  /** Which account this object is (objects do not know their own name). */
  ref: AccountRef;
  circuit: CircuitState;
  sessionState: SessionState;
  /** The site's cookies, sealed with AES-GCM under SESSION_KEY (connectors/browser/cookie-vault.ts). */
  cookies: string;
  /** When the automatic logins of the last hour happened: the cap that protects the account. */
  relogins: number[];
  /** A cron tick asked for an ingest that no run has done yet. */
  ingestDue: boolean;
  browser: KeptBrowser;
  runLease: RunLease;
  lastRun: RunReport;
  /** Counts kept for status (e.g. browser launches). */
  counters: Record<string, number>;
  /** The last page action, for the minimum interval between actions. */
  lastActionAt: number;
  listingsSyncedAt: number;
  /** Keyed digest of the credentials the account was parked (needs_login) with. */
  parkedCredentials: string;
  /** When the safety-net poll is next due (wake-schedule.ts). */
  pollAt: number;
  /** The last time anyone asked for an ingest (e-mail, poll, cron): an ask during an ingest stays due. */
  ingestAskedAt: number;
  /** The last message in or reply out: a conversation is live for a while after it. */
  lastActivityAt: number;
  push: PushState;
  wakePrefs: WakePrefs;
  /** When the next planned follow-up falls due (followups.ts); absent when none is planned. */
  followupAt: number;
  /** When the follow-ups are planned again from D1 (followups.ts). */
  followupCheckAt: number;
  /** The account's follow-up policy was on at the last planning: its planning wakes the object. */
  followupsOn: boolean;
  /** When the last run took the lease: e-mail wake-ups start no run sooner than PUSH_RUN_GAP_MS after. */
  lastRunStartedAt: number;
  /**
   * When a person imported the session (cookies captured in another browser), until a run proved
   * it in this one: a site that binds sessions to their client refuses it (imported-session.ts).
   */
  importedSessionAt: number;
  /** In-browser sends to count again after delivery, by dispatch key (recount.ts). */
  recounts: Record<string, Recount>;
}

export type MetaKey = keyof AccountMeta;

const STORED_AS: { readonly [K in MetaKey]: string } = {
  ref: "ref",
  circuit: "circuit",
  sessionState: "session_state",
  cookies: "cookies",
  relogins: "relogins",
  ingestDue: "ingest_due",
  browser: "browser",
  runLease: "run_lease",
  lastRun: "last_run",
  counters: "counters",
  lastActionAt: "last_action_at",
  listingsSyncedAt: "listings_synced_at",
  parkedCredentials: "parked_credentials",
  pollAt: "poll_at",
  ingestAskedAt: "ingest_asked_at",
  followupAt: "followup_at",
  followupCheckAt: "followup_check_at",
  followupsOn: "followups_on",
  lastActivityAt: "last_activity_at",
  push: "push",
  wakePrefs: "wake_prefs",
  lastRunStartedAt: "last_run_started_at",
  importedSessionAt: "imported_session_at",
  recounts: "recounts",
};

/** The stored key of a value, for the few places that read the table directly (tests). */
export const storedKey = (key: MetaKey): string => STORED_AS[key];

export class MetaStore {
  private readonly sql: SqlStorage;
  constructor(sql: SqlStorage) {
    this.sql = sql;
  }

  get<K extends MetaKey>(key: K): AccountMeta[K] | null {
    const row = this.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", STORED_AS[key])
      .toArray()[0];
    return row ? (JSON.parse(row.value) as AccountMeta[K]) : null;
  }

  set<K extends MetaKey>(key: K, value: AccountMeta[K]): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      STORED_AS[key],
      JSON.stringify(value),
    );
  }

  delete(key: MetaKey): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", STORED_AS[key]);
  }
}
