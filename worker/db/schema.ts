/**
 * Drizzle schema for D1. It mirrors migrations/*.sql, which are the source of truth for the
 * database (wrangler and the test pool apply them); this file gives queries their types.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const PLATFORMS = ["spareroom", "roomies", "leasebreak", "renthop", "furnishedfinder"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const SEND_MODES = ["auto_send", "draft_only"] as const;
export type SendMode = (typeof SEND_MODES)[number];

export const ROLES = ["admin", "agent"] as const;
export type Role = (typeof ROLES)[number];

export const platformAccounts = sqliteTable(
  "platform_accounts",
  {
    id: text("id").primaryKey(),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    label: text("label").notNull(),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    sendMode: text("send_mode", { enum: SEND_MODES }),
    disableReason: text("disable_reason"),
    credentialRefs: text("credential_refs", { mode: "json" }).$type<Record<string, string>>().notNull(),
    baseUrl: text("base_url"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [uniqueIndex("platform_accounts_platform_label").on(t.platform, t.label)],
);
export type PlatformAccountRow = typeof platformAccounts.$inferSelect;

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

export const users = sqliteTable("users", {
  email: text("email").primaryKey(),
  role: text("role", { enum: ROLES }).notNull(),
  createdAt: text("created_at").notNull(),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    beforeJson: text("before_json"),
    afterJson: text("after_json"),
    at: text("at").notNull(),
  },
  (t) => [index("audit_log_entity").on(t.entityType, t.entityId, t.at), index("audit_log_at").on(t.at)],
);

export const SESSION_STATES = ["unknown", "ok", "needs_login"] as const;
export const CIRCUIT_STATES = ["closed", "open", "half_open", "stopped"] as const;

export const accountHealth = sqliteTable("account_health", {
  accountId: text("account_id").primaryKey(),
  sessionState: text("session_state", { enum: SESSION_STATES }).notNull().default("unknown"),
  circuitState: text("circuit_state", { enum: CIRCUIT_STATES }).notNull().default("closed"),
  circuitReason: text("circuit_reason"),
  circuitUntil: text("circuit_until"),
  lastTickAt: text("last_tick_at"),
  lastIngestAt: text("last_ingest_at"),
  lastSendAt: text("last_send_at"),
  lastErrorAt: text("last_error_at"),
  lastErrorClass: text("last_error_class"),
  updatedAt: text("updated_at").notNull(),
});

export const accountErrors = sqliteTable(
  "account_errors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id").notNull(),
    platform: text("platform").notNull(),
    stage: text("stage").notNull(),
    failureClass: text("failure_class").notNull(),
    detail: text("detail"),
    at: text("at").notNull(),
  },
  (t) => [index("account_errors_account_at").on(t.accountId, t.at)],
);

/** ISO timestamp helper for SQL defaults written by the app (D1 has no tz-aware now()). */
export const nowIso = (): string => new Date().toISOString();
export const sqlNow = sql`strftime('%Y-%m-%dT%H:%M:%fZ','now')`;
