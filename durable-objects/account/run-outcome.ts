/**
 * How a run ends for the account. A clean run saves the cookies, closes the circuit and mirrors
 * health. An account-level failure moves the circuit (captcha/challenge → open; block → stopped;
 * repeated transient failures → open), parks the account when a login cannot be repaired, and
 * alerts (with a cooldown per account and reason).
 */
import { CLOSED, onFailure, onProbeWithoutVerdict } from "../../connectors/core/circuit.ts";
import type { Failure } from "../../connectors/core/failures.ts";
import { mirrorHealth, recordAccountError } from "./d1-effects.ts";
import { driftSeen } from "./drift-seen.ts";
import { sessionProven } from "./imported-session.ts";
import { park } from "./login-state.ts";
import type { RunContext } from "./run-context.ts";
import { BUDGET_MARKER, dlqStage } from "./run-failure.ts";
import { saveCookies } from "./run-session.ts";

export async function succeed(ctx: RunContext): Promise<void> {
  await saveCookies(ctx);
  ctx.holdLease();
  ctx.store.meta.set("circuit", CLOSED);
  ctx.store.meta.set("sessionState", "ok");
  sessionProven(ctx.store);
  await mirrorHealth(ctx.env, ctx.ref.accountId, {
    sessionState: "ok",
    sessionReason: null,
    circuitState: "closed",
    circuitReason: null,
    circuitUntil: null,
  });
}

export async function onAccountFailure(ctx: RunContext, f: Failure): Promise<void> {
  ctx.holdLease();
  // Failure messages are our own words plus short error texts — never page content or secrets.
  ctx.log("run_failed", {
    class: f.class,
    step: f.step,
    marker: f.marker ?? null,
    message: f.message.slice(0, 120),
  });
  const before = ctx.store.circuit();
  if (f.marker === BUDGET_MARKER || f.class === "session_expired" || f.class === "configuration")
    ctx.store.meta.set("circuit", onProbeWithoutVerdict(before, Date.now()));
  if (f.marker === BUDGET_MARKER) return; // our own pacing budget, not the site's fault
  await recordAccountError(ctx.env, ctx.ref, dlqStage(f.step), f);
  if (f.class === "configuration") {
    // Not the site's fault and no retry can help: parked (no circuit count) until the setting
    // changes; the message names the secret, never a value (login-state.ts unparks on a change).
    await park(ctx.env, ctx.store, ctx.ref, f.message);
    await ctx.alert("missing_secret", f.message);
    return;
  }
  if (f.class === "session_expired") {
    await park(ctx.env, ctx.store, ctx.ref, f.message);
    await ctx.alert("needs_login", f.message);
    return;
  }
  const circuit =
    f.class === "selector_drift"
      ? {
          state: "open" as const,
          reason: "selector_drift",
          until: Date.now() + ctx.cfg.antibot.circuitCooldownMs,
          consecutiveFailures: before.consecutiveFailures + 1,
        }
      : onFailure(before, f.class, Date.now(), ctx.cfg.antibot);
  ctx.store.meta.set("circuit", circuit);
  await mirrorHealth(ctx.env, ctx.ref.accountId, {
    circuitState: circuit.state,
    circuitReason: circuit.reason,
    circuitUntil: circuit.until ? new Date(circuit.until).toISOString() : null,
  });
  if (circuit.state === "stopped") {
    await ctx.alert("access_blocked", f.marker ?? f.message);
  } else if (f.class === "selector_drift") {
    await driftSeen(ctx, f);
  } else if (circuit.state === "open" && before.state !== "open") {
    await ctx.alert("circuit_open", circuit.reason ?? f.class);
  }
  if (circuit.until) ctx.report.wakeAt = circuit.until;
}
