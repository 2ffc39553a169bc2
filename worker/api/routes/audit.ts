/**
 * The audit log, newest first: who did what to which entity, with the state before and after.
 * Filters: actor, action, entity type, and account — an account's rows are its own policy rows
 * plus those of the replies, conversations, leads, messages, dead letters, templates and
 * listings that belong to it. Keyset pagination on the row id (stable while rows are added).
 */
import { type SQL, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { db } from "../../../domain/db/client.ts";
import type { AppEnv } from "../app-env.ts";
import { parseParams } from "../validate.ts";

const listQuery = z.strictObject({
  actor: z.string().trim().min(1).max(200).optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,80}$/, "an action is lower-case letters, digits and underscores")
    .optional(),
  entityType: z
    .string()
    .trim()
    .regex(/^[a-z_]{1,40}$/, "an entity type is lower-case letters and underscores")
    .optional(),
  accountId: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last row of the previous page (nextCursor). */
  cursor: z.coerce.number().int().min(1).optional(),
});

interface AuditRow {
  id: number;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  at: string;
}

function parseStored(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

function belongsToAccount(accountId: string): SQL {
  return sql`(
    (a.entity_type = 'platform_account' AND a.entity_id = ${accountId})
    OR (a.entity_type = 'reply' AND a.entity_id IN (SELECT id FROM replies WHERE account_id = ${accountId}))
    OR (a.entity_type = 'conversation' AND a.entity_id IN (SELECT id FROM conversations WHERE account_id = ${accountId}))
    OR (a.entity_type = 'message' AND a.entity_id IN (SELECT id FROM messages WHERE account_id = ${accountId}))
    OR (a.entity_type = 'dead_letter' AND a.entity_id IN (SELECT dispatch_key FROM dead_letters WHERE account_id = ${accountId}))
    OR (a.entity_type = 'template' AND a.entity_id IN (SELECT id FROM templates WHERE account_id = ${accountId}))
    OR (a.entity_type = 'listing' AND a.entity_id IN (SELECT id FROM listings WHERE account_id = ${accountId}))
    OR (a.entity_type = 'lead' AND a.entity_id LIKE ${`${accountId.replace(/[%_\\]/g, "\\$&")}:%`} ESCAPE '\\')
  )`;
}

export const auditRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const q = parseParams(c.req.query(), listQuery);
    const where: SQL[] = [sql`1 = 1`];
    if (q.actor) where.push(sql`a.actor = ${q.actor.toLowerCase()}`);
    if (q.action) where.push(sql`a.action = ${q.action}`);
    if (q.entityType) where.push(sql`a.entity_type = ${q.entityType}`);
    if (q.accountId) where.push(belongsToAccount(q.accountId));
    if (q.cursor) where.push(sql`a.id < ${q.cursor}`);
    const rows = await db(c.env.DB).all<AuditRow>(sql`
      SELECT a.id, a.actor, a.action, a.entity_type, a.entity_id, a.before_json, a.after_json, a.at
      FROM audit_log a
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY a.id DESC
      LIMIT ${q.limit + 1}`);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return c.json({
      items: page.map((r) => ({
        id: r.id,
        actor: r.actor,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: parseStored(r.before_json),
        after: parseStored(r.after_json),
        at: r.at,
      })),
      nextCursor: rows.length > q.limit && last ? String(last.id) : null,
    });
  })

  /** The values the filters can take, for the panel's pickers. */
  .get("/facets", async (c) => {
    const d = db(c.env.DB);
    const [actions, actors] = await Promise.all([
      d.all<{ v: string }>(sql`SELECT DISTINCT action AS v FROM audit_log ORDER BY v`),
      d.all<{ v: string }>(sql`SELECT DISTINCT actor AS v FROM audit_log ORDER BY v`),
    ]);
    return c.json({ actions: actions.map((r) => r.v), actors: actors.map((r) => r.v) });
  });
