/** Reply templates: list for everyone; create and edit for admins (a body change is a new version). */
import { and, asc, eq, isNull, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditInsert } from "../../../domain/audit/audit-log.ts";
import { db } from "../../../domain/db/client.ts";
import { templates } from "../../../domain/db/schema.ts";
import { TEMPLATE_INTENTS, templateBodyProblems } from "../../../domain/pipeline/template-rules.ts";
import { requireAdmin } from "../../auth/identity.ts";
import { accountOr404 } from "../account-lookup.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { after, decodeCursor, page, pageQuery } from "../keyset.ts";
import { idParam } from "../request-schemas.ts";
import { parseJson, parseParams } from "../validate.ts";

const templateBody = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .superRefine((body, ctx) => {
    for (const problem of templateBodyProblems(body)) ctx.addIssue({ code: "custom", message: problem });
  });

// Other intents the template's reply also answers (domain/pipeline/coverage.ts).
const covers = z.array(z.enum(TEMPLATE_INTENTS)).max(TEMPLATE_INTENTS.length).nullable();

const listQuery = z.strictObject({
  accountId: z.string().min(1).max(100).optional(),
  intent: z.enum(TEMPLATE_INTENTS).optional(),
  includeInactive: z.enum(["true", "false"]).optional(),
  ...pageQuery,
});

const createBody = z.strictObject({
  intent: z.enum(TEMPLATE_INTENTS),
  name: z.string().trim().min(1).max(80),
  body: templateBody,
  accountId: z.string().min(1).max(100).nullable().optional(),
  covers: covers.optional(),
});

const patchBody = z
  .strictObject({ name: z.string().trim().min(1).max(80), body: templateBody, isActive: z.boolean(), covers })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: "Give at least one of name, body, isActive, covers" });

type TemplateRow = typeof templates.$inferSelect;

export const templateRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const q = parseParams(c.req.query(), listQuery);
    const where: SQL[] = [];
    if (q.accountId === "global") where.push(isNull(templates.accountId));
    else if (q.accountId) where.push(eq(templates.accountId, q.accountId));
    if (q.intent) where.push(eq(templates.intent, q.intent));
    if (q.includeInactive !== "true") where.push(eq(templates.isActive, true));
    const order = [templates.intent, templates.name, templates.id] as const;
    if (q.cursor) where.push(after(order, decodeCursor(q.cursor, order.length)));
    const rows = await db(c.env.DB)
      .select()
      .from(templates)
      .where(and(...where))
      .orderBy(...order.map((col) => asc(col)))
      .limit(q.limit + 1)
      .all();
    return c.json(page(rows, q.limit, (r) => [r.intent, r.name, r.id]));
  })

  .post("/", requireAdmin, async (c) => {
    const body = await parseJson(c, createBody);
    const d = db(c.env.DB);
    if (body.accountId) await accountOr404(d, body.accountId);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    const row: TemplateRow = {
      id: crypto.randomUUID(),
      accountId: body.accountId ?? null,
      intent: body.intent,
      name: body.name,
      body: body.body,
      version: 1,
      isActive: true,
      isStarter: false,
      covers: body.covers ?? null,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor,
    };
    await d.batch([
      d.insert(templates).values(row),
      auditInsert(d, {
        actor,
        action: "template_created",
        entityType: "template",
        entityId: row.id,
        after: row,
        at: now,
      }),
    ]);
    return c.json(row, 201);
  })

  .patch("/:id", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const patch = await parseJson(c, patchBody);
    const d = db(c.env.DB);
    const before = await d.select().from(templates).where(eq(templates.id, id)).get();
    if (!before) throw ApiError.notFound(`No template ${id}`);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    // The version is what replies and the selection key on; the audit row keeps the old body.
    const bodyChanged = patch.body !== undefined && patch.body !== before.body;
    const after: TemplateRow = {
      ...before,
      ...patch,
      version: bodyChanged ? before.version + 1 : before.version,
      updatedAt: now,
      updatedBy: actor,
    };
    await d.batch([
      d
        .update(templates)
        .set({
          name: after.name,
          body: after.body,
          isActive: after.isActive,
          covers: after.covers,
          version: after.version,
          updatedAt: now,
          updatedBy: actor,
        })
        // Guarded on the version read, so two concurrent edits cannot both claim the same version.
        .where(and(eq(templates.id, id), eq(templates.version, before.version))),
      auditInsert(d, {
        actor,
        action: "template_updated",
        entityType: "template",
        entityId: id,
        before,
        after,
        at: now,
      }),
    ]);
    const saved = await d.select().from(templates).where(eq(templates.id, id)).get();
    if (!saved || saved.updatedAt !== now)
      throw ApiError.conflict("The template changed meanwhile; reload and retry");
    return c.json(saved);
  });
