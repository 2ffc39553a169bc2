import { Hono } from "hono";
import { z } from "zod";
import type { StoredCookie } from "../../../connectors/browser/cookie-vault.ts";
import { accountStub } from "../../../domain/account/address.ts";
import { auditInsert } from "../../../domain/audit/audit-log.ts";
import { db } from "../../../domain/db/client.ts";
import { readAccountDto } from "../../../domain/policy/policy-store.ts";
import { requireAdmin } from "../../auth/identity.ts";
import { accountOr404 } from "../account-lookup.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { parseJson, parseParams } from "../validate.ts";

const idParam = z.object({ id: z.string().min(1).max(100) });
const evidenceParam = z.object({ id: z.string().min(1).max(100), evidenceId: z.uuid() });

/** Accepts Cookie-Editor / EditThisCookie / DevTools exports and puppeteer's own shape. */
const exportedCookie = z
  .object({
    name: z.string().min(1).max(4096),
    value: z.string().max(8192),
    domain: z.string().max(255).optional(),
    path: z.string().max(1024).optional(),
    expires: z.number().optional(),
    expirationDate: z.number().optional(),
    httpOnly: z.boolean().optional(),
    secure: z.boolean().optional(),
    sameSite: z.string().optional(),
  })
  .transform((c): StoredCookie => {
    const sameSite = c.sameSite?.toLowerCase();
    return {
      name: c.name,
      value: c.value,
      ...(c.domain ? { domain: c.domain } : {}),
      path: c.path ?? "/",
      ...((c.expires ?? c.expirationDate) ? { expires: Math.floor((c.expires ?? c.expirationDate)!) } : {}),
      httpOnly: c.httpOnly ?? false,
      secure: c.secure ?? false,
      ...(sameSite === "strict"
        ? { sameSite: "Strict" as const }
        : sameSite === "lax"
          ? { sameSite: "Lax" as const }
          : sameSite === "none" || sameSite === "no_restriction"
            ? { sameSite: "None" as const }
            : {}),
    };
  });
const sessionBody = z.strictObject({ cookies: z.array(exportedCookie).min(1).max(200) });

async function account(env: Env, id: string) {
  const a = await accountOr404(db(env.DB), id);
  return {
    row: a,
    stub: accountStub(env, { accountId: a.id, platform: a.platform }),
    ref: { accountId: a.id, platform: a.platform },
  };
}

export const platformOpsRoutes = new Hono<AppEnv>()
  .post("/:id/session", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { cookies } = await parseJson(c, sessionBody);
    const { stub, ref } = await account(c.env, id);
    const r = await stub.importCookies(ref, cookies);
    const d = db(c.env.DB);
    // The audit row says that a session was captured and how many cookies — never their values.
    await auditInsert(d, {
      actor: c.get("user").email,
      action: "session_captured",
      entityType: "platform_account",
      entityId: id,
      after: { cookies: r.stored, names: cookies.map((k) => k.name) },
    });
    return c.json({ stored: r.stored, sessionState: "unknown" });
  })

  .post("/:id/login", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { row, stub, ref } = await account(c.env, id);
    if (!row.isActive) throw ApiError.conflict("This account is inactive; switch it on first");
    const r = await stub.retryLogin(ref);
    const d = db(c.env.DB);
    await auditInsert(d, {
      actor: c.get("user").email,
      action: "login_retry_requested",
      entityType: "platform_account",
      entityId: id,
      after: r.ok
        ? { sessionState: r.sessionState, ran: r.ran }
        : { refused: r.reason, nextLoginAt: r.nextLoginAt },
    });
    if (!r.ok) {
      throw ApiError.rateLimited(
        `This account already logged in ${r.cap} times in the last hour; the next login is allowed at ${r.nextLoginAt}`,
        { nextLoginAt: r.nextLoginAt },
      );
    }
    const dto = await readAccountDto(d, id, new Date());
    return c.json({
      ran: r.ran,
      sessionState: dto?.health.sessionState ?? r.sessionState,
      sessionReason: dto?.health.sessionReason ?? null,
      failure: r.report?.failure
        ? { class: r.report.failure.class, message: r.report.failure.message }
        : null,
    });
  })

  .post("/:id/circuit/reset", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { stub } = await account(c.env, id);
    const before = (await stub.status()).circuit;
    await stub.resetCircuit();
    await auditInsert(db(c.env.DB), {
      actor: c.get("user").email,
      action: "circuit_reset",
      entityType: "platform_account",
      entityId: id,
      before,
      after: { state: "closed" },
    });
    return c.json({ circuit: "closed" });
  })

  .post("/:id/run", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { row, stub, ref } = await account(c.env, id);
    if (!row.isActive) throw ApiError.conflict("This account is inactive; switch it on first");
    const report = await stub.checkInbox(ref, { pushEnabled: row.pushEnabled, timeZone: row.timeZone });
    const summary = report
      ? {
          ran: true,
          skipped: report.skipped,
          pageLoads: report.pageLoads,
          newMessages: report.newMessages,
          enqueued: report.enqueued,
          delivered: report.delivered,
          failure: report.failure ? { class: report.failure.class, message: report.failure.message } : null,
        }
      : // A run was already going; it reads the inbox again as soon as it ends.
        { ran: false, skipped: "run_in_progress" };
    await auditInsert(db(c.env.DB), {
      actor: c.get("user").email,
      action: "inbox_check_requested",
      entityType: "platform_account",
      entityId: id,
      after: summary,
    });
    return c.json(summary);
  })

  .get("/:id/status", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { stub } = await account(c.env, id);
    return c.json(await stub.status());
  })

  .get("/:id/outbox", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { stub } = await account(c.env, id);
    return c.json({ items: await stub.outbox() });
  })

  .get("/:id/evidence", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const { stub } = await account(c.env, id);
    return c.json({ items: await stub.evidenceList() });
  })

  .get("/:id/evidence/:evidenceId", async (c) => {
    const { id, evidenceId } = parseParams(c.req.param(), evidenceParam);
    const { stub } = await account(c.env, id);
    const e = await stub.evidence(evidenceId);
    if (!e) throw ApiError.notFound(`No evidence ${evidenceId} (only the latest 50 are kept)`);
    return c.json(e);
  });
