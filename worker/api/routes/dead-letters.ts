/**
 * The dead-letter queue: replies that could not be delivered, with platform, stage, failure
 * class, attempts, first and last error and evidence. A person redrives (same dispatch key, so
 * still at most once; refused when already delivered) or discards with a reason. Audited.
 */
import { and, desc, eq, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { accountStub } from "../../../domain/account/address.ts";
import { auditInsert } from "../../../domain/audit/audit-log.ts";
import { db } from "../../../domain/db/client.ts";
import { DLQ_STAGES, deadLetters, PLATFORMS, platformAccounts, replies } from "../../../domain/db/schema.ts";
import { requireAdmin } from "../../auth/identity.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { parseOptionalJson } from "../request-schemas.ts";
import { parseJson, parseParams } from "../validate.ts";

const listQuery = z.strictObject({
  platform: z.enum(PLATFORMS).optional(),
  accountId: z.string().min(1).optional(),
  stage: z.enum(DLQ_STAGES).optional(),
  status: z.enum(["open", "redriven", "discarded", "delivered"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const keyParam = z.object({ key: z.string().regex(/^[0-9a-f]{64}$/, "a dispatch key is 64 hex characters") });
const discardBody = z.strictObject({ reason: z.string().trim().min(3).max(500) });
/** A redrive may say why (what was fixed); the reason goes into the audit row. */
const redriveBody = z.strictObject({ reason: z.string().trim().min(3).max(500).optional() });

async function load(env: Env, key: string) {
  const d = db(env.DB);
  const row = await d.select().from(deadLetters).where(eq(deadLetters.dispatchKey, key)).get();
  if (!row) throw ApiError.notFound(`No dead letter ${key}`);
  return row;
}

export const deadLetterRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const q = parseParams(c.req.query(), listQuery);
    const where: SQL[] = [];
    if (q.platform) where.push(eq(deadLetters.platform, q.platform));
    if (q.accountId) where.push(eq(deadLetters.accountId, q.accountId));
    if (q.stage) where.push(eq(deadLetters.stage, q.stage));
    if (q.status) where.push(eq(deadLetters.status, q.status));
    const items = await db(c.env.DB)
      .select()
      .from(deadLetters)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(deadLetters.updatedAt))
      .limit(q.limit)
      .all();
    return c.json({ items });
  })

  .get("/:key", async (c) => {
    const { key } = parseParams(c.req.param(), keyParam);
    const row = await load(c.env, key);
    const reply = row.replyId
      ? await db(c.env.DB).select().from(replies).where(eq(replies.id, row.replyId)).get()
      : null;
    return c.json({
      ...row,
      reply: reply ? { id: reply.id, body: reply.body, kind: reply.kind, status: reply.status } : null,
    });
  })

  .post("/:key/redrive", requireAdmin, async (c) => {
    const { key } = parseParams(c.req.param(), keyParam);
    const { reason } = await parseOptionalJson(c, redriveBody);
    const row = await load(c.env, key);
    const d = db(c.env.DB);
    const account = await d
      .select()
      .from(platformAccounts)
      .where(eq(platformAccounts.id, row.accountId))
      .get();
    if (!account) throw ApiError.notFound(`The account of dead letter ${key} no longer exists`);
    const result = await accountStub(c.env, { accountId: account.id, platform: account.platform }).redrive(
      key,
    );
    if (!result.ok) {
      if (result.reason === "already_delivered")
        throw ApiError.conflict("This reply was already delivered; it will not be sent again");
      if (result.reason === "not_dead")
        throw ApiError.conflict(
          `This reply is ${result.item?.state ?? "not dead"}; only dead replies can be redriven`,
        );
      throw ApiError.notFound(`The account object has no item ${key}`);
    }
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    await d.batch([
      d
        .update(deadLetters)
        .set({ status: "redriven", updatedAt: now })
        .where(eq(deadLetters.dispatchKey, key)),
      ...(row.replyId
        ? [
            d
              .update(replies)
              .set({ status: "queued", updatedAt: now, updatedBy: actor })
              .where(eq(replies.id, row.replyId)),
          ]
        : []),
      auditInsert(d, {
        actor,
        action: "dead_letter_redriven",
        entityType: "dead_letter",
        entityId: key,
        before: { status: row.status },
        after: { status: "redriven", ...(reason ? { reason } : {}) },
        at: now,
      }),
    ]);
    return c.json({ dispatchKey: key, status: "redriven", item: result.item });
  })

  .post("/:key/discard", requireAdmin, async (c) => {
    const { key } = parseParams(c.req.param(), keyParam);
    const { reason } = await parseJson(c, discardBody);
    const row = await load(c.env, key);
    if (row.status === "delivered")
      throw ApiError.conflict("This reply was delivered; there is nothing to discard");
    const d = db(c.env.DB);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    await d.batch([
      d
        .update(deadLetters)
        .set({ status: "discarded", discardReason: reason, updatedAt: now })
        .where(eq(deadLetters.dispatchKey, key)),
      auditInsert(d, {
        actor,
        action: "dead_letter_discarded",
        entityType: "dead_letter",
        entityId: key,
        before: { status: row.status },
        after: { status: "discarded", reason },
        at: now,
      }),
    ]);
    return c.json({ dispatchKey: key, status: "discarded", reason });
  });
