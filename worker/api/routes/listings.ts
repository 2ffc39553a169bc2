/**
 * Listing facts the templates fill from. People enter or correct them here (source "manual");
 * facts read from the sites arrive through the account object. Writes are for admins: these
 * facts go into automatic replies unreviewed.
 */
import { and, asc, eq, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditInsert } from "../../../domain/audit/audit-log.ts";
import { db } from "../../../domain/db/client.ts";
import { listings } from "../../../domain/db/schema.ts";
import { requireAdmin } from "../../auth/identity.ts";
import { accountOr404 } from "../account-lookup.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { after, decodeCursor, page, pageQuery } from "../keyset.ts";
import { idParam } from "../request-schemas.ts";
import { parseJson, parseParams } from "../validate.ts";

const fact = (max: number) => z.string().trim().min(1).max(max).nullable();

const factFields = {
  title: fact(200),
  price: fact(80),
  area: fact(120),
  availableFrom: fact(80),
  viewingLink: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable(),
  active: z.boolean(),
};

const listQuery = z.strictObject({
  accountId: z.string().min(1).max(100).optional(),
  active: z.enum(["true", "false"]).optional(),
  ...pageQuery,
});

const createBody = z.strictObject({
  accountId: z.string().min(1).max(100),
  externalId: z.string().trim().min(1).max(200),
  ...z.strictObject(factFields).partial().shape,
});

const patchBody = z
  .strictObject(factFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: "Give at least one listing fact" });

type ListingRow = typeof listings.$inferSelect;

export const listingRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const q = parseParams(c.req.query(), listQuery);
    const where: SQL[] = [];
    if (q.accountId) where.push(eq(listings.accountId, q.accountId));
    if (q.active) where.push(eq(listings.active, q.active === "true"));
    const order = [listings.accountId, listings.externalId, listings.id] as const;
    if (q.cursor) where.push(after(order, decodeCursor(q.cursor, order.length)));
    const rows = await db(c.env.DB)
      .select()
      .from(listings)
      .where(and(...where))
      .orderBy(...order.map((col) => asc(col)))
      .limit(q.limit + 1)
      .all();
    return c.json(page(rows, q.limit, (r) => [r.accountId, r.externalId, r.id]));
  })

  .post("/", requireAdmin, async (c) => {
    const body = await parseJson(c, createBody);
    const d = db(c.env.DB);
    await accountOr404(d, body.accountId);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    const row: ListingRow = {
      id: crypto.randomUUID(),
      accountId: body.accountId,
      externalId: body.externalId,
      title: body.title ?? null,
      price: body.price ?? null,
      area: body.area ?? null,
      availableFrom: body.availableFrom ?? null,
      viewingLink: body.viewingLink ?? null,
      active: body.active ?? true,
      source: "manual",
      updatedAt: now,
      updatedBy: actor,
    };
    try {
      await d.batch([
        d.insert(listings).values(row),
        auditInsert(d, {
          actor,
          action: "listing_created",
          entityType: "listing",
          entityId: row.id,
          after: row,
          at: now,
        }),
      ]);
    } catch (err) {
      if (String(err).includes("UNIQUE"))
        throw ApiError.conflict(`Listing ${body.externalId} already exists for account ${body.accountId}`);
      throw err;
    }
    return c.json(row, 201);
  })

  .patch("/:id", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const patch = await parseJson(c, patchBody);
    const d = db(c.env.DB);
    const before = await d.select().from(listings).where(eq(listings.id, id)).get();
    if (!before) throw ApiError.notFound(`No listing ${id}`);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    const changes = { ...patch, source: "manual" as const, updatedAt: now, updatedBy: actor };
    await d.batch([
      d.update(listings).set(changes).where(eq(listings.id, id)),
      auditInsert(d, {
        actor,
        action: "listing_updated",
        entityType: "listing",
        entityId: id,
        before,
        after: { ...before, ...changes },
        at: now,
      }),
    ]);
    return c.json(await d.select().from(listings).where(eq(listings.id, id)).get());
  });
