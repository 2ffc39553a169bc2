/** The inbox: conversations with filters, detail, takeover (pause/resume), manual reply, opt-out. */
import { Hono } from "hono";
import { z } from "zod";
import { db } from "../../../domain/db/client.ts";
import { PLATFORMS } from "../../../domain/db/schema.ts";
import { REASON_CODES } from "../../../domain/pipeline/index.ts";
import {
  CONVERSATION_FILTERS,
  conversationDetail,
  listConversations,
} from "../../inbox/conversation-queries.ts";
import { sendManualReply } from "../../inbox/manual-reply.ts";
import { setOptOut, setPaused } from "../../inbox/takeover.ts";
import type { AppEnv } from "../app-env.ts";
import {
  idParam,
  overrideFields,
  overrideReasonMessage,
  replyBody,
  requireReasonWithOverride,
} from "../request-schemas.ts";
import { parseJson, parseParams } from "../validate.ts";

const listQuery = z.strictObject({
  platform: z.enum(PLATFORMS).optional(),
  accountId: z.string().min(1).max(100).optional(),
  filter: z.enum(CONVERSATION_FILTERS).optional(),
  reason: z.enum(REASON_CODES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(500).optional(),
});

const manualReplyBody = z
  .strictObject({
    body: replyBody,
    ...overrideFields,
    idempotencyKey: z.string().trim().min(8).max(200).optional(),
  })
  .refine(requireReasonWithOverride, overrideReasonMessage);

const optOutBody = z.strictObject({ optedOut: z.boolean() });

export const conversationRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const q = parseParams(c.req.query(), listQuery);
    return c.json(await listConversations(db(c.env.DB), q));
  })

  .get("/:id", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await conversationDetail(db(c.env.DB), id));
  })

  .post("/:id/pause", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await setPaused(c.env, c.get("user"), id, true));
  })

  .post("/:id/resume", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await setPaused(c.env, c.get("user"), id, false));
  })

  .post("/:id/reply", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const body = await parseJson(c, manualReplyBody);
    const result = await sendManualReply(c.env, c.get("user"), id, body);
    return c.json(result, result.created ? 201 : 200);
  })

  .put("/:id/opt-out", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { optedOut } = await parseJson(c, optOutBody);
    return c.json(await setOptOut(c.env, c.get("user"), id, optedOut));
  });
