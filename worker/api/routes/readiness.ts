/**
 * GET /api/platforms/:id/readiness: the account's go-live readiness measured against the shadow
 * thresholds (domain/account/shadow-readiness.ts, docs/runbooks/go-live.md step 4) — per
 * criterion the value, the threshold, pass or fail, and the verdict. It informs the person who
 * switches the account to auto_send; it does not decide it (`gatesAutoSend: false`): the 409 on
 * auto_send comes from the verification check alone (routes/verification.ts).
 */
import { Hono } from "hono";
import { z } from "zod";
import { loadDraftHistory } from "../../../domain/account/draft-history.ts";
import { shadowReadiness } from "../../../domain/account/shadow-readiness.ts";
import { db } from "../../../domain/db/client.ts";
import { readAccountPolicy } from "../../../domain/policy/policy-store.ts";
import { accountOr404 } from "../account-lookup.ts";
import type { AppEnv } from "../app-env.ts";
import { parseParams } from "../validate.ts";

const accountParam = z.strictObject({ id: z.string().min(1).max(100) });

export const readinessRoutes = new Hono<AppEnv>().get("/:id/readiness", async (c) => {
  const { id } = parseParams(c.req.param(), accountParam);
  const d = db(c.env.DB);
  await accountOr404(d, id);
  const now = new Date();
  const [policy, history] = await Promise.all([readAccountPolicy(d, id), loadDraftHistory(d, id, now)]);
  // No timestamp in the answer: an unchanged readiness answers the panel's poll with a 304 (etag).
  return c.json({
    accountId: id,
    effectiveSendMode: policy?.effectiveSendMode ?? "draft_only",
    ...shadowReadiness(history),
    gatesAutoSend: false,
  });
});
