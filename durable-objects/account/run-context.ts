/**
 * What every part of one run shares: the account, its storage and config, the run's id and
 * report, the connector and (once opened) the site session. Runs are exclusive (the object's
 * run lease), so the parts may assume they are alone with the outbox.
 */
import type { Browser } from "@cloudflare/puppeteer";
import type { OwnBrowser } from "../../connectors/browser/own-browser.ts";
import type { SiteSession } from "../../connectors/browser/site-session.ts";
import type { PlatformConnector } from "../../connectors/core/contract.ts";
import { connectorFor } from "../../connectors/registry.ts";
import type { AccountRef } from "../../domain/account/address.ts";
import type { EnqueueRequest } from "../../domain/account/rpc.ts";
import { logEvent } from "../../domain/log.ts";
import { type AlertDetail, type AlertKind, sendAlert } from "./alerts.ts";
import type { RunConfig } from "./run-config.ts";
import { LeaseLost } from "./run-failure.ts";
import { emptyReport, type RunReport } from "./run-report.ts";
import type { AccountStorage } from "./storage.ts";

/** Decides new inbound messages and returns the replies to enqueue (domain/decide). */
export type DecideFn = (env: Env, ref: AccountRef, now: Date) => Promise<EnqueueRequest[]>;

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export class RunContext {
  readonly env: Env;
  readonly store: AccountStorage;
  readonly ref: AccountRef;
  readonly cfg: RunConfig;
  readonly runId: string;
  readonly decide: DecideFn;
  readonly connector: PlatformConnector;
  readonly report: RunReport = emptyReport();
  readonly started = Date.now();
  browser: Browser | null = null;
  /** The operator's own browser, when the account uses one instead of Browser Run. */
  own: OwnBrowser | null = null;
  session: SiteSession | null = null;

  constructor(
    env: Env,
    store: AccountStorage,
    ref: AccountRef,
    cfg: RunConfig,
    runId: string,
    decide: DecideFn,
  ) {
    this.env = env;
    this.store = store;
    this.ref = ref;
    this.cfg = cfg;
    this.runId = runId;
    this.decide = decide;
    this.connector = connectorFor(ref.platform).connector;
  }

  /**
   * Renews the run lease, or throws LeaseLost when another run has taken it over. Called before
   * every page action and every write of the run, so a run that hung past its lease can neither
   * click nor write once it wakes up.
   */
  holdLease(): void {
    if (!this.store.renewRunLease(this.runId, Date.now())) throw new LeaseLost(this.runId);
  }

  log(event: string, fields: LogFields = {}): void {
    logEvent(this.env, event, {
      platform: this.ref.platform,
      accountId: this.ref.accountId,
      runId: this.runId,
      ...fields,
    });
  }

  alert(kind: AlertKind, reason: string, detail?: AlertDetail): Promise<boolean> {
    return sendAlert(this.env, this.store, this.ref, kind, reason, this.cfg.alertCooldownMs, detail);
  }

  bumpCounter(name: string): void {
    this.holdLease();
    const c = this.store.meta.get("counters") ?? {};
    c[name] = (c[name] ?? 0) + 1;
    this.store.meta.set("counters", c);
  }

  /** The open site session; only called between opening and closing it. */
  site(): SiteSession {
    if (!this.session) throw new Error("no site session is open");
    return this.session;
  }
}
