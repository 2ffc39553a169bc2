/**
 * Follow-ups (docs/followups.md): the policy in settings (global default, admins) and per
 * account (override, admins); per conversation the next follow-up, "cancel" and "send now".
 */
import { Hono } from "hono";
import { z } from "zod";
import { followupPolicySchema } from "../../../domain/followup/policy.ts";
import { requireAdmin } from "../../auth/identity.ts";
import { followupAction, readConversationFollowup } from "../../followups/conversation-followup.ts";
import {
  readAccountPolicyView,
  readGlobalPolicy,
  writeAccountPolicy,
  writeGlobalPolicy,
} from "../../followups/policy-api.ts";
import type { AppEnv } from "../app-env.ts";
import { parseJson, parseParams } from "../validate.ts";

const idParam = z.strictObject({ id: z.string().min(1).max(200) });
const accountBody = z.strictObject({ override: followupPolicySchema.nullable() });

export const followupRoutes = new Hono<AppEnv>()
  .get("/settings/followup-policy", async (c) => c.json(await readGlobalPolicy(c.env)))
  .put("/settings/followup-policy", requireAdmin, async (c) => {
    const policy = await parseJson(c, followupPolicySchema);
    return c.json(await writeGlobalPolicy(c.env, c.get("user").email, policy));
  })
  .get("/platforms/:id/followup-policy", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await readAccountPolicyView(c.env, id));
  })
  .put("/platforms/:id/followup-policy", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const body = await parseJson(c, accountBody);
    return c.json(await writeAccountPolicy(c.env, c.get("user").email, id, body.override));
  })
  .get("/conversations/:id/followup", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await readConversationFollowup(c.env, id));
  })
  .post("/conversations/:id/followup/cancel", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await followupAction(c.env, id, c.get("user").email, "cancel"));
  })
  .post("/conversations/:id/followup/send-now", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await followupAction(c.env, id, c.get("user").email, "send_now"));
  });
