// Which faults fire on one request, and what they do to it: pure over the fault list, with the
// random draws and the consumption of limited faults handed in by the world (state.ts).

import type { ConcreteFaultKind, Fault, PageKind, Platform } from "./types.ts";

export type FaultEffects = {
  block: { kind: ConcreteFaultKind; fault: Fault } | null;
  delayMs: number;
  drift: boolean;
  /** Same markup, nonsense content: each message's date where its text goes, listings untitled. */
  garbled: boolean;
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

export interface FaultRequest {
  platform: Platform;
  account: string | null;
  page: PageKind;
}

export interface FaultHooks {
  /** The next draw (0..1) of a random fault's own seeded sequence. */
  random(fault: Fault): number;
  /** A fault fired: count it, and retire it when its `times` are used up. */
  consume(fault: Fault): void;
}

export function evaluateFaults(faults: readonly Fault[], req: FaultRequest, hooks: FaultHooks): FaultEffects {
  const { platform, account, page } = req;
  const fx: FaultEffects = {
    block: null,
    delayMs: 0,
    drift: false,
    garbled: false,
    dropped: null,
    rejected: null,
    hideSeconds: 0,
  };
  for (const fault of [...faults]) {
    if (fx.block) break;
    if (fault.platform !== platform) continue;
    if (fault.account !== null && fault.account !== account) continue;
    if (fault.pages !== null && !fault.pages.includes(page)) continue;
    let kind: ConcreteFaultKind | null;
    if (fault.kind === "random") {
      if (fault.pages === null && page === "login") continue;
      const r = hooks.random(fault);
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
      hooks.consume(fault);
      if (!kind || (SUBMIT_ONLY.includes(kind) && page !== "submit")) continue;
    } else {
      kind = fault.kind;
      if (SUBMIT_ONLY.includes(kind) && page !== "submit") continue;
      if ((kind === "markup_drift" || kind === "content_garbled") && page === "submit") continue;
      hooks.consume(fault);
    }
    if (BLOCKING.includes(kind)) fx.block = { kind, fault };
    else if (kind === "slow") fx.delayMs += fault.params.delayMs ?? 2000;
    else if (kind === "markup_drift") fx.drift = true;
    else if (kind === "content_garbled") fx.garbled = true;
    else if (kind === "submit_dropped") fx.dropped = fault.params.mode ?? "502";
    else if (kind === "submit_rejected") fx.rejected = fault.params.message ?? "";
    else if (kind === "delayed_appearance")
      fx.hideSeconds = Math.max(fx.hideSeconds, fault.params.seconds ?? 30);
  }
  return fx;
}
