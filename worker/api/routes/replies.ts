/**
 * Drafts and replies: read, approve (enqueues to the account object), edit (a new version),
 * reject a draft, cancel a queued reply.
 */
import { Hono } from "hono";
import { z } from "zod";
import { db } from "../../../domain/db/client.ts";
import { approveReply, cancelReply, editReply, rejectReply } from "../../inbox/reply-actions.ts";
import { loadReply, replyDto } from "../../inbox/reply-context.ts";
import type { AppEnv } from "../app-env.ts";
import {
  idParam,
  overrideFields,
  overrideReasonMessage,
  parseOptionalJson,
  replyBody,
  requireReasonWithOverride,
} from "../request-schemas.ts";
import { parseJson, parseParams } from "../validate.ts";

const approveBody = z.strictObject(overrideFields).refine(requireReasonWithOverride, overrideReasonMessage);

const editBody = z
  .strictObject({ body: replyBody, approve: z.boolean().default(true), ...overrideFields })
  .refine(requireReasonWithOverride, overrideReasonMessage);

/** Reject (a draft) and cancel (a queued reply) take the same optional reason. */
const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

export const replyRoutes = new Hono<AppEnv>()
  .get("/:id", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(replyDto(await loadReply(db(c.env.DB), id)));
  })

  .post("/:id/approve", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const body = await parseOptionalJson(c, approveBody);
    return c.json(await approveReply(c.env, c.get("user"), id, body));
  })

  .post("/:id/edit", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const body = await parseJson(c, editBody);
    return c.json(await editReply(c.env, c.get("user"), id, body));
  })

  .post("/:id/reject", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { reason } = await parseOptionalJson(c, reasonBody);
    return c.json(await rejectReply(c.env, c.get("user"), id, reason));
  })

  .post("/:id/cancel", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { reason } = await parseOptionalJson(c, reasonBody);
    return c.json(await cancelReply(c.env, c.get("user"), id, reason));
  });
