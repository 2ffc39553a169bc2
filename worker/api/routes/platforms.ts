/** Platform accounts: list with health, add, and change is_active / send_mode / disable_reason. */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditInsert } from "../../audit/audit-log.ts";
import { requireAdmin } from "../../auth/identity.ts";
import { db } from "../../db/client.ts";
import { PLATFORMS, platformAccounts, SEND_MODES } from "../../db/schema.ts";
import { credentialRefsSchema, missingSecrets } from "../../policy/credentials.ts";
import { listAccountsWithHealth, readAccountDto } from "../../policy/policy-store.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { parseJson, parseParams } from "../validate.ts";

const idParam = z.object({ id: z.string().min(1).max(100) });

const patchBody = z
  .strictObject({
    isActive: z.boolean(),
    sendMode: z.enum(SEND_MODES).nullable(),
    disableReason: z.string().trim().max(500).nullable(),
    // A change here also brings a parked (needs_login) account back: its next run logs in again.
    credentialRefs: credentialRefsSchema,
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, {
    message: "Give at least one of isActive, sendMode, disableReason, credentialRefs",
  });

const createBody = z.strictObject({
  platform: z.enum(PLATFORMS),
  label: z.string().trim().min(1).max(80),
  credentialRefs: credentialRefsSchema.default({}),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  isActive: z.boolean().optional(),
  sendMode: z.enum(SEND_MODES).nullable().optional(),
});

/**
 * Adds the secrets an account's references name that this Worker does not have: read from the
 * Worker's own environment at request time, so it is true the moment a secret is set.
 */
function withSecretCheck<T extends { credentialRefs: Record<string, string> }>(env: Env, dto: T) {
  return { ...dto, missingSecrets: missingSecrets(env, dto.credentialRefs) };
}

async function accountView(env: Env, id: string) {
  const dto = await readAccountDto(db(env.DB), id, new Date());
  if (!dto) throw ApiError.notFound(`No platform account ${id}`);
  return withSecretCheck(env, dto);
}

export const platformRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const list = await listAccountsWithHealth(db(c.env.DB), new Date());
    return c.json({ ...list, items: list.items.map((a) => withSecretCheck(c.env, a)) });
  })

  .get("/:id", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await accountView(c.env, id));
  })

  .patch("/:id", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const body = await parseJson(c, patchBody);
    const d = db(c.env.DB);
    const before = await d.select().from(platformAccounts).where(eq(platformAccounts.id, id)).get();
    if (!before) throw ApiError.notFound(`No platform account ${id}`);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    const changes = { ...body, updatedAt: now, updatedBy: actor };
    const after = { ...before, ...changes };
    // The update and its audit row commit together (a D1 batch is one transaction).
    await d.batch([
      d.update(platformAccounts).set(changes).where(eq(platformAccounts.id, id)),
      auditInsert(d, {
        actor,
        action: "platform_policy_updated",
        entityType: "platform_account",
        entityId: id,
        before: policyView(before),
        after: policyView(after),
        at: now,
      }),
    ]);
    return c.json(await accountView(c.env, id));
  })

  .post("/", requireAdmin, async (c) => {
    const body = await parseJson(c, createBody);
    const d = db(c.env.DB);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    const row = {
      id: crypto.randomUUID(),
      platform: body.platform,
      label: body.label,
      isActive: body.isActive ?? true,
      sendMode: body.sendMode ?? null,
      disableReason: null,
      credentialRefs: body.credentialRefs,
      baseUrl: body.baseUrl ?? null,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor,
    };
    try {
      await d.batch([
        d.insert(platformAccounts).values(row),
        auditInsert(d, {
          actor,
          action: "platform_account_created",
          entityType: "platform_account",
          entityId: row.id,
          after: policyView(row),
          at: now,
        }),
      ]);
    } catch (err) {
      if (String(err).includes("UNIQUE")) {
        throw ApiError.conflict(`A ${body.platform} account labelled "${body.label}" already exists`);
      }
      throw err;
    }
    return c.json(await accountView(c.env, row.id), 201);
  });

/** The audited view of an account: policy fields only (credential refs are names, not values). */
function policyView(a: {
  isActive: boolean;
  sendMode: string | null;
  disableReason: string | null;
  label: string;
  platform: string;
  credentialRefs: Record<string, string>;
}) {
  return {
    platform: a.platform,
    label: a.label,
    isActive: a.isActive,
    sendMode: a.sendMode,
    disableReason: a.disableReason,
    credentialRefs: a.credentialRefs,
  };
}
