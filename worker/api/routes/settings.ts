/** The global default send mode, stored in D1 and changed only by admins (audited). */
import { Hono } from "hono";
import { z } from "zod";
import { auditInsert } from "../../../domain/audit/audit-log.ts";
import { db } from "../../../domain/db/client.ts";
import { SEND_MODES, settings } from "../../../domain/db/schema.ts";
import { DEFAULT_SEND_MODE_KEY, readGlobalDefault } from "../../../domain/policy/policy-store.ts";
import { requireAdmin } from "../../auth/identity.ts";
import type { AppEnv } from "../app-env.ts";
import { parseJson } from "../validate.ts";
import { assertInheritorsMayAutoSend } from "./verification.ts";

const putBody = z.strictObject({ defaultSendMode: z.enum(SEND_MODES) });

export const settingsRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const def = await readGlobalDefault(db(c.env.DB));
    return c.json({ defaultSendMode: def.value, updatedAt: def.updatedAt, updatedBy: def.updatedBy });
  })
  .put("/", requireAdmin, async (c) => {
    const body = await parseJson(c, putBody);
    const d = db(c.env.DB);
    // Accounts that follow the default would send by themselves: each needs its verify check.
    if (body.defaultSendMode === "auto_send") await assertInheritorsMayAutoSend(d);
    const before = await readGlobalDefault(d);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    await d.batch([
      d
        .insert(settings)
        .values({ key: DEFAULT_SEND_MODE_KEY, value: body.defaultSendMode, updatedAt: now, updatedBy: actor })
        .onConflictDoUpdate({
          target: settings.key,
          set: { value: body.defaultSendMode, updatedAt: now, updatedBy: actor },
        }),
      auditInsert(d, {
        actor,
        action: "settings_updated",
        entityType: "settings",
        entityId: DEFAULT_SEND_MODE_KEY,
        before: { defaultSendMode: before.value },
        after: { defaultSendMode: body.defaultSendMode },
        at: now,
      }),
    ]);
    return c.json({ defaultSendMode: body.defaultSendMode, updatedAt: now, updatedBy: actor });
  });
