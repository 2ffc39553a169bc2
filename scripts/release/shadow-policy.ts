/**
 * Shadow: every account runs on the new version in draft_only, so it ingests and decides for
 * real and sends nothing by itself (docs/release.md). Before shadow the release script
 * records the policy, switches every account whose effective mode is auto_send to draft_only
 * (the global default through PUT /api/settings, explicit auto_send overrides through PATCH
 * /api/platforms/:id), and puts back exactly what it changed when the canary starts or the
 * release rolls back — leaving alone anything a person changed in between. Pure: plans only.
 */
import { z } from "zod";

export const platformsResponseSchema = z.object({
  globalDefaultSendMode: z.enum(["auto_send", "draft_only"]),
  items: z.array(
    z.object({
      id: z.string(),
      platform: z.string(),
      label: z.string(),
      isActive: z.boolean(),
      sendMode: z.enum(["auto_send", "draft_only"]).nullable(),
      effectiveSendMode: z.enum(["auto_send", "draft_only"]),
    }),
  ),
});
export type PlatformsResponse = z.infer<typeof platformsResponseSchema>;

type SendMode = "auto_send" | "draft_only";
export type PolicyChange =
  | { kind: "default"; from: SendMode; to: SendMode }
  | { kind: "account"; id: string; label: string; from: SendMode | null; to: SendMode | null };

export interface ShadowPlan {
  /** What to change to enter shadow, in order (the default first, so no inheriting account sends). */
  enter: PolicyChange[];
  /** Accounts that will answer automatically again once the canary starts. */
  autoSendAccounts: string[];
}

export function shadowPlan(p: PlatformsResponse): ShadowPlan {
  const enter: PolicyChange[] = [];
  if (p.globalDefaultSendMode === "auto_send")
    enter.push({ kind: "default", from: "auto_send", to: "draft_only" });
  for (const a of p.items) {
    if (a.sendMode === "auto_send")
      enter.push({ kind: "account", id: a.id, label: a.label, from: "auto_send", to: "draft_only" });
  }
  return {
    enter,
    autoSendAccounts: p.items.filter((a) => a.effectiveSendMode === "auto_send").map((a) => a.id),
  };
}

export interface RestorePlan {
  restore: PolicyChange[];
  /** Changes someone made during shadow: left as they are, reported to the operator. */
  leftAlone: string[];
}

/** Undo `entered` against the policy as it is now; a value someone changed since is not ours to undo. */
export function restorePlan(entered: PolicyChange[], now: PlatformsResponse): RestorePlan {
  const restore: PolicyChange[] = [];
  const leftAlone: string[] = [];
  // Accounts before the default: an inheriting account must not send before its override is back.
  for (const c of entered) {
    if (c.kind !== "account") continue;
    const cur = now.items.find((a) => a.id === c.id);
    if (!cur) leftAlone.push(`account ${c.id} no longer exists`);
    else if (cur.sendMode !== c.to)
      leftAlone.push(
        `account ${c.label} (${c.id}) was changed to ${cur.sendMode ?? "inherit"} during shadow`,
      );
    else restore.push({ kind: "account", id: c.id, label: c.label, from: c.to, to: c.from });
  }
  for (const c of entered) {
    if (c.kind !== "default") continue;
    if (now.globalDefaultSendMode !== c.to)
      leftAlone.push(`the global default was changed to ${now.globalDefaultSendMode} during shadow`);
    else restore.push({ kind: "default", from: c.to, to: c.from });
  }
  return { restore, leftAlone };
}
