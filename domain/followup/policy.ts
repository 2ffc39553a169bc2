/**
 * The follow-up policy: what a lead who went quiet hears from us again, and when. One shape for
 * the global default (the `settings` row `followup_policy`) and an account's override (the
 * column `platform_accounts.followup_policy`, null = the default). Off unless an admin turns it
 * on: the migration seeds nothing, and a missing or unreadable row reads as `DEFAULT_POLICY`.
 */
import { z } from "zod";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM (24 h)");

export const followupStepSchema = z.object({
  /** Hours after our last message went unanswered (step 1) or after the previous step's start. */
  afterHours: z
    .number()
    .min(0.01)
    .max(24 * 30),
  /** The text; `{lead_name}` and `{listing}` are filled in, nothing else. */
  body: z.string().trim().min(1).max(2000),
});

export const followupPolicySchema = z
  .object({
    enabled: z.boolean(),
    /** Delays are counted from the start of the silence and must grow step by step. */
    steps: z.array(followupStepSchema).min(1).max(5),
    /** At most this many follow-ups per silence of a lead (never more than the steps). */
    maxPerConversation: z.number().int().min(1).max(5),
    /** Local time in the account's zone during which nothing is sent; null = none. */
    quietHours: z.object({ start: HHMM, end: HHMM }).nullable(),
  })
  .strict()
  .refine((p) => p.steps.every((s, i) => i === 0 || s.afterHours > (p.steps[i - 1]?.afterHours ?? 0)), {
    message: "each step's afterHours must be later than the step before it",
    path: ["steps"],
  });

export type FollowupPolicy = z.infer<typeof followupPolicySchema>;
export type FollowupStep = z.infer<typeof followupStepSchema>;

export const FOLLOWUP_POLICY_KEY = "followup_policy";

export const DEFAULT_POLICY: FollowupPolicy = {
  enabled: false,
  steps: [
    {
      afterHours: 24,
      body: "Hi {lead_name}, just checking in about {listing} — is it still of interest? Happy to answer any questions or set up a viewing.",
    },
    {
      afterHours: 72,
      body: "Hi {lead_name}, one last note about {listing}: it is still available. Reply any time if you would like to see it.",
    },
  ],
  maxPerConversation: 2,
  quietHours: { start: "21:00", end: "08:00" },
};

/** A stored policy (JSON text) as the rules need it; anything unreadable is the default (off). */
export function parseStoredPolicy(text: string | null | undefined): FollowupPolicy | null {
  if (!text) return null;
  try {
    const r = followupPolicySchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The account's override wins whole; otherwise the global default; otherwise off. */
export function effectivePolicy(
  override: FollowupPolicy | null,
  globalDefault: FollowupPolicy | null,
): FollowupPolicy {
  return override ?? globalDefault ?? DEFAULT_POLICY;
}

/** The step's text for one conversation. Lead text is data: only these two fields go in. */
export function renderFollowup(body: string, f: { leadName: string | null; listing: string | null }): string {
  const name = (f.leadName ?? "").trim().split(/\s+/)[0] || "there";
  const listing = (f.listing ?? "").trim() || "the room";
  return body.replaceAll("{lead_name}", name).replaceAll("{listing}", listing);
}
