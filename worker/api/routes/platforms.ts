/**
 * Platform accounts: list with health, add, and change is_active / send_mode / disable_reason,
 * credential references, and push (the notification address, push on/off, the time zone).
 */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { connectorFor } from "../../../connectors/registry.ts";
import {
  BROWSER_PROVIDERS,
  browserRefsSchema,
  SEND_PATHS,
} from "../../../domain/account/browser-settings.ts";
import { readVerification, readVerifications, UNVERIFIED } from "../../../domain/account/verification.ts";
import { auditInsert } from "../../../domain/audit/audit-log.ts";
import { db } from "../../../domain/db/client.ts";
import { PLATFORMS, platformAccounts, SEND_MODES } from "../../../domain/db/schema.ts";
import {
  ACCOUNT_SECRET_PREFIX,
  credentialRefsSchema,
  missingSecrets,
} from "../../../domain/policy/credentials.ts";
import { listAccountsWithHealth, readAccountDto } from "../../../domain/policy/policy-store.ts";
import { siteOriginFor } from "../../../domain/policy/site-origin.ts";
import { requireAdmin } from "../../auth/identity.ts";
import { accountOr404 } from "../account-lookup.ts";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { parseJson, parseParams } from "../validate.ts";
import { assertMayAutoSend, verificationView } from "./verification.ts";

const idParam = z.object({ id: z.string().min(1).max(100) });

/** Where the site's notification e-mails arrive (an Email Routing address); stored lower-case. */
const notifyAddress = z.email().max(254).toLowerCase().nullable();

/** An IANA time zone the runtime knows (e.g. "America/New_York"); the night rule uses it. */
const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: "Not a time zone the runtime knows (use an IANA name such as America/New_York)" },
  )
  .nullable();

const patchBody = z
  .strictObject({
    isActive: z.boolean(),
    sendMode: z.enum(SEND_MODES).nullable(),
    disableReason: z.string().trim().max(500).nullable(),
    // A change here also brings a parked (needs_login) account back: its next run logs in again.
    credentialRefs: credentialRefsSchema,
    notifyAddress,
    pushEnabled: z.boolean(),
    timeZone,
    // docs/anti-bot.md: how the submit leaves, whose browser, and a CDP endpoint's secret refs.
    sendPath: z.enum(SEND_PATHS),
    browserProvider: z.enum(BROWSER_PROVIDERS),
    browserRefs: browserRefsSchema.nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, {
    message:
      "Give at least one of isActive, sendMode, disableReason, credentialRefs, notifyAddress, pushEnabled, timeZone, sendPath, browserProvider, browserRefs",
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
  notifyAddress: notifyAddress.optional(),
  pushEnabled: z.boolean().optional(),
  timeZone: timeZone.optional(),
});

/**
 * The account's site address: its platform's real origin, or a sandbox stand-in where this
 * Worker allows one (development, the tests). Anything else is a 400: the login would type the
 * account's credentials into that address.
 */
function siteAddress(env: Env, platform: (typeof PLATFORMS)[number], baseUrl: string | null | undefined) {
  if (baseUrl === null || baseUrl === undefined) return null;
  const realOrigin = connectorFor(platform).realOrigin;
  const site = siteOriginFor({
    realOrigin,
    baseUrl,
    environment: env.ENVIRONMENT,
    allowlist: env.SITE_ORIGIN_ALLOWLIST,
  });
  if (!site.ok)
    throw ApiError.validation(
      [{ code: "custom", path: ["baseUrl"], message: site.reason, input: baseUrl }],
      `baseUrl refused: ${site.reason}. Leave it out to use ${realOrigin}.`,
    );
  return site.origin === realOrigin ? null : site.origin;
}

/** Push needs somewhere for the e-mails to arrive. */
function checkPush(a: { pushEnabled: boolean; notifyAddress: string | null }) {
  if (a.pushEnabled && !a.notifyAddress)
    throw ApiError.validation(
      [{ code: "custom", path: ["pushEnabled"], message: "Push needs a notifyAddress", input: true }],
      "Push needs a notification address: set notifyAddress too",
    );
}

function checkBrowser(a: { browserProvider: string; browserRefs: unknown }) {
  if (a.browserProvider === "cdp" && !a.browserRefs)
    throw ApiError.validation(
      [{ code: "custom", path: ["browserRefs"], message: "A CDP browser needs browserRefs", input: null }],
      'A CDP browser needs its address: set browserRefs {"endpoint": "secret:NAME"} too',
    );
}

/** Two accounts cannot share a notification address: the e-mail handler routes by it. */
function uniqueOr409(err: unknown, what: string): never {
  if (String(err).includes("UNIQUE")) throw ApiError.conflict(what);
  throw err;
}

/**
 * Adds the secrets an account's references name that this Worker does not have: read from the
 * Worker's own environment at request time, so it is true the moment a secret is set.
 */
function withSecretCheck<T extends { credentialRefs: Record<string, string> }>(env: Env, dto: T) {
  return { ...dto, missingSecrets: missingSecrets(env, dto.credentialRefs) };
}

async function accountView(env: Env, id: string) {
  const d = db(env.DB);
  const dto = await readAccountDto(d, id, new Date());
  if (!dto) throw ApiError.notFound(`No platform account ${id}`);
  return {
    ...withSecretCheck(env, dto),
    verification: verificationView(await readVerification(d, id), dto.platform),
  };
}

export const platformRoutes = new Hono<AppEnv>()
  // Which names a credential reference may use (the panel's form shows it).
  .get("/credential-names", (c) =>
    c.json({
      prefix: ACCOUNT_SECRET_PREFIX,
      example: `secret:${ACCOUNT_SECRET_PREFIX}SPAREROOM_MAIN_PASSWORD`,
      rule: `A credential reference is "secret:${ACCOUNT_SECRET_PREFIX}<NAME>" (upper-case letters, digits, _); set the secret with \`wrangler secret put ${ACCOUNT_SECRET_PREFIX}<NAME>\`. No other secret, var or binding can be named; values are never shown.`,
    }),
  )
  .get("/", async (c) => {
    const d = db(c.env.DB);
    const list = await listAccountsWithHealth(d, new Date());
    const verifications = await readVerifications(d);
    return c.json({
      ...list,
      items: list.items.map((a) => ({
        ...withSecretCheck(c.env, a),
        verification: verificationView(verifications.get(a.id) ?? UNVERIFIED, a.platform),
      })),
    });
  })

  .get("/:id", async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    return c.json(await accountView(c.env, id));
  })

  .patch("/:id", requireAdmin, async (c) => {
    const { id } = parseParams(c.req.param(), idParam);
    const body = await parseJson(c, patchBody);
    const d = db(c.env.DB);
    const before = await accountOr404(d, id);
    // Sending by itself needs a passed verify check of this connector on this account's site.
    if (body.sendMode === "auto_send") await assertMayAutoSend(d, before);
    const now = new Date().toISOString();
    const actor = c.get("user").email;
    // A path an admin sets is theirs: learning never overrides it (send-path-learning.ts).
    const source = body.sendPath ? { sendPathSource: "admin" as const } : {};
    const changes = { ...body, ...source, updatedAt: now, updatedBy: actor };
    const after = { ...before, ...changes };
    checkPush(after);
    checkBrowser(after);
    // The update and its audit row commit together (a D1 batch is one transaction).
    await d
      .batch([
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
      ])
      .catch((err) =>
        uniqueOr409(err, `Another account already uses the notification address ${after.notifyAddress}`),
      );
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
      baseUrl: siteAddress(c.env, body.platform, body.baseUrl),
      notifyAddress: body.notifyAddress ?? null,
      pushEnabled: body.pushEnabled ?? false,
      timeZone: body.timeZone ?? null,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor,
    };
    checkPush(row);
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
      if (String(err).includes("notify_address"))
        uniqueOr409(err, `Another account already uses the notification address ${row.notifyAddress}`);
      uniqueOr409(err, `A ${body.platform} account labelled "${body.label}" already exists`);
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
  notifyAddress: string | null;
  pushEnabled: boolean;
  timeZone: string | null;
  sendPath?: string;
  browserProvider?: string;
  browserRefs?: unknown;
}) {
  return {
    platform: a.platform,
    label: a.label,
    isActive: a.isActive,
    sendMode: a.sendMode,
    disableReason: a.disableReason,
    credentialRefs: a.credentialRefs,
    notifyAddress: a.notifyAddress,
    pushEnabled: a.pushEnabled,
    timeZone: a.timeZone,
    sendPath: a.sendPath,
    browserProvider: a.browserProvider,
    browserRefs: a.browserRefs,
  };
}
