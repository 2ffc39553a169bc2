// The sites' notification e-mails: when a lead writes to an account that has a notification address
// configured, the sandbox posts the e-mail to the local Worker's e-mail endpoint (wrangler dev's
// `/cdn-cgi/handler/email?from=…&to=…`) after a realistic delay; now and then one is lost, or late.
// Off until configured (POST /__sandbox/notifications), so nothing else changes; a reset turns it off.

import { NOTIFY_SENDERS, notificationEmail } from "./notify-mail.ts";
import type { Message, Platform, Thread } from "./types.ts";
import { prng } from "./util.ts";

export type NotifierConfig = {
  /** The Worker's origin, e.g. http://127.0.0.1:8787. */
  workerUrl: string;
  /** "<platform>/<account>" → that account's notification address. */
  addresses: Record<string, string>;
  /** Normal delivery delay, uniform in [min, max] ms. */
  delayMs: [number, number];
  /** Share of e-mails never sent. */
  lossRate: number;
  /** Share of e-mails held back by `lateDelayMs` on top of the normal delay. */
  lateRate: number;
  lateDelayMs: [number, number];
  seed: number;
};

/**
 * A site's transactional e-mail usually lands within seconds; now and then one never comes, or
 * comes minutes late (a queue at the sender, greylisting).
 */
export const NOTIFIER_DEFAULTS: Omit<NotifierConfig, "workerUrl" | "addresses"> = {
  delayMs: [2_000, 10_000],
  lossRate: 0.02,
  lateRate: 0.02,
  lateDelayMs: [60_000, 300_000],
  seed: 1,
};

export type NotificationRecord = {
  platform: Platform;
  account: string;
  threadId: string;
  messageId: string;
  /** When the lead's message was stored. */
  wroteAt: number;
  fate: "sent" | "lost" | "late";
  /** When the e-mail was (or was due to be) posted. */
  dueAt: number | null;
  postedAt: number | null;
  /** The endpoint's HTTP status, or an error text. */
  result: string | null;
};

export class Notifier {
  private config: NotifierConfig | null = null;
  private rand: () => number = Math.random;
  log: NotificationRecord[] = [];
  private readonly schedule: (fn: () => void, ms: number) => void;

  constructor(schedule: (fn: () => void, ms: number) => void) {
    this.schedule = schedule;
  }

  configure(c: NotifierConfig): void {
    this.config = c;
    this.rand = prng(c.seed);
    this.log = [];
  }

  clear(): void {
    this.config = null;
    this.log = [];
  }

  current(): NotifierConfig | null {
    return this.config;
  }

  /** A lead's message was stored: maybe e-mail the account holder about it. */
  leadWrote(thread: Thread, message: Message): void {
    const c = this.config;
    const to = c?.addresses[`${thread.platform}/${thread.account}`];
    if (!c || !to) return;
    const between = ([lo, hi]: [number, number]) => lo + (hi - lo) * this.rand();
    const r = this.rand();
    const fate: NotificationRecord["fate"] =
      r < c.lossRate ? "lost" : r < c.lossRate + c.lateRate ? "late" : "sent";
    const delay = between(c.delayMs) + (fate === "late" ? between(c.lateDelayMs) : 0);
    const rec: NotificationRecord = {
      platform: thread.platform,
      account: thread.account,
      threadId: thread.id,
      messageId: message.id,
      wroteAt: message.at,
      fate,
      dueAt: fate === "lost" ? null : Date.now() + delay,
      postedAt: null,
      result: null,
    };
    this.log.push(rec);
    if (fate === "lost") return;
    const raw = notificationEmail({
      platform: thread.platform,
      to,
      leadName: thread.leadName,
      threadId: thread.id,
      messageId: message.id,
      at: message.at,
    });
    this.schedule(() => void this.post(c, rec, to, raw), delay);
  }

  private async post(c: NotifierConfig, rec: NotificationRecord, to: string, raw: string): Promise<void> {
    const from = NOTIFY_SENDERS[rec.platform].address;
    const url = `${c.workerUrl}/cdn-cgi/handler/email?${new URLSearchParams({ from, to })}`;
    rec.postedAt = Date.now();
    try {
      const res = await fetch(url, {
        method: "POST",
        body: raw,
        headers: { "content-type": "message/rfc822" },
      });
      rec.result = String(res.status);
      await res.body?.cancel();
    } catch (err) {
      rec.result = String(err).slice(0, 120);
    }
  }
}
