/**
 * Server-side guardrails for anything a person sends from the inbox (docs/architecture.md, invariant 5: manual replies
 * pass the same checks as the bot's). A risky body is refused with the reasons; only an admin may
 * send it anyway, by saying so explicitly with a reason, and the override is audited by the caller.
 */

import { checkOutbound, type GuardrailHit } from "../../domain/pipeline/index.ts";
import type { Caller } from "../api/app-env.ts";
import { ApiError } from "../api/errors.ts";

export interface OverrideRequest {
  override?: boolean | undefined;
  reason?: string | undefined;
}

export interface GateResult {
  hits: GuardrailHit[];
  /** Set when an admin's override let risky text through: the caller audits it. */
  override: { reason: string } | null;
}

export function gateOutbound(body: string, caller: Caller, req: OverrideRequest): GateResult {
  // An agent asking to override is refused even for clean text, so the rule is simple to state.
  if (req.override && caller.role !== "admin")
    throw ApiError.forbidden("Only admins may override guardrails");
  const hits = checkOutbound(body);
  if (hits.length === 0) return { hits, override: null };
  if (req.override && req.reason) return { hits, override: { reason: req.reason } };
  throw new ApiError(422, "guardrail_blocked", "The reply was held by guardrails", undefined, {
    guardrails: hits,
    overridable: caller.role === "admin",
  });
}
