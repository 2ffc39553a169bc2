/**
 * Drizzle schema for D1. It mirrors migrations/*.sql, which are the source of truth for the
 * database (wrangler and the test pool apply them); this file gives queries their types.
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { BROWSER_PROVIDERS, type BrowserRefs, SEND_PATHS } from "../account/browser-settings.ts";
import { SEND_PATH_SOURCES } from "../account/send-path-learning.ts";
import { PLATFORMS, SEND_MODES } from "../platforms.ts";

export { PLATFORMS, type Platform, SEND_MODES, type SendMode } from "../platforms.ts";

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
    /** Where the site's notification e-mails reach the Worker (Email Routing), lower-case. */
    notifyAddress: text("notify_address"),
    /** Whether a notification e-mail wakes the account at once (docs/architecture.md, "The flow"). */
    pushEnabled: integer("push_enabled", { mode: "boolean" }).notNull().default(false),
    /** IANA time zone of the account's market: the safety-net polling slows down at night there. */
    timeZone: text("time_zone"),
    /** The account's follow-up policy as JSON (domain/followup/policy.ts); null = the global default. */
    followupPolicy: text("followup_policy"),
    /** How a reply's submit leaves: the relay or in-browser (docs/anti-bot.md). */
    sendPath: text("send_path", { enum: SEND_PATHS }).notNull().default("relay"),
    /** Browser Run, or a CDP endpoint the operator runs (docs/anti-bot.md). */
    browserProvider: text("browser_provider", { enum: BROWSER_PROVIDERS }).notNull().default("browser_run"),
    /** For a CDP provider: secret references of its address and token (names, not values). */
    browserRefs: text("browser_refs", { mode: "json" }).$type<BrowserRefs>(),
    /** Who set the send path last; learning never overrides an admin's (send-path-learning.ts). */
    sendPathSource: text("send_path_source", { enum: SEND_PATH_SOURCES }).notNull().default("default"),
    /** Times (ms) a bot defence refused the relay since its last success: the learning's evidence. */
    relayRefusalTimes: text("relay_refusal_times", { mode: "json" }).$type<number[]>(),
    /** Who refused the relay last and what showed it (bot-refusal.ts), e.g. "datadome: x-datadome". */
    relayRefusedBy: text("relay_refused_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [
    uniqueIndex("platform_accounts_platform_label").on(t.platform, t.label),
    uniqueIndex("platform_accounts_notify_address").on(t.notifyAddress),
  ],
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
  // Why the session is in its state, in plain words (e.g. which secret a login lacks).
  sessionReason: text("session_reason"),
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
    versionId: text("version_id"),
  },
  (t) => [index("account_errors_account_at").on(t.accountId, t.at)],
);

/** ISO timestamp helper for SQL defaults written by the app (D1 has no tz-aware now()). */
export const nowIso = (): string => new Date().toISOString();

// ---- 0002_inbox_dispatch ----

export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    platform: text("platform", { enum: PLATFORMS }).notNull(),
    externalThreadId: text("external_thread_id").notNull(),
    leadName: text("lead_name"),
    leadRef: text("lead_ref"),
    listingRef: text("listing_ref"),
    listingTitle: text("listing_title"),
    inboxFingerprint: text("inbox_fingerprint"),
    inboxRank: integer("inbox_rank"),
    lastMessageAt: text("last_message_at"),
    paused: integer("paused", { mode: "boolean" }).notNull().default(false),
    pausedBy: text("paused_by"),
    pausedAt: text("paused_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("conversations_account_thread").on(t.accountId, t.externalThreadId)],
);
export type ConversationRow = typeof conversations.$inferSelect;

export const DIRECTIONS = ["inbound", "outbound"] as const;
export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id").notNull(),
    accountId: text("account_id").notNull(),
    externalMessageId: text("external_message_id").notNull(),
    direction: text("direction", { enum: DIRECTIONS }).notNull(),
    body: text("body").notNull(),
    sentAt: text("sent_at"),
    sentAtText: text("sent_at_text"),
    origin: text("origin", { enum: ["site", "bot", "manual"] })
      .notNull()
      .default("site"),
    dispatchKey: text("dispatch_key"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("messages_conversation_external").on(t.conversationId, t.externalMessageId)],
);
export type MessageRow = typeof messages.$inferSelect;

export const leadOptouts = sqliteTable("lead_optouts", {
  accountId: text("account_id").notNull(),
  leadKey: text("lead_key").notNull(),
  optedOut: integer("opted_out", { mode: "boolean" }).notNull(),
  changedAt: text("changed_at").notNull(),
  changedBy: text("changed_by").notNull(),
  sourceMessageId: text("source_message_id"),
});

export const DECISION_ACTIONS = ["blocked", "suppressed", "review", "draft", "send"] as const;
export const decisions = sqliteTable("decisions", {
  id: text("id").primaryKey(),
  messageId: text("message_id").notNull(),
  conversationId: text("conversation_id").notNull(),
  accountId: text("account_id").notNull(),
  action: text("action", { enum: DECISION_ACTIONS }).notNull(),
  reason: text("reason").notNull(),
  intent: text("intent").notNull(),
  confidence: real("confidence").notNull(),
  guardrails: text("guardrails", { mode: "json" }).$type<{ code: string; detail: string }[]>().notNull(),
  optChange: text("opt_change"),
  decidedAt: text("decided_at").notNull(),
  versionId: text("version_id"),
});

export const REPLY_KINDS = ["auto", "draft", "manual"] as const;
export const REPLY_STATUSES = [
  "draft",
  "queued",
  "delivered",
  "rejected",
  "cancelled",
  "dead",
  "superseded",
] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];
export const replies = sqliteTable("replies", {
  id: text("id").primaryKey(),
  conversationId: text("conversation_id").notNull(),
  accountId: text("account_id").notNull(),
  inboundMessageId: text("inbound_message_id"),
  kind: text("kind", { enum: REPLY_KINDS }).notNull(),
  version: integer("version").notNull().default(1),
  body: text("body").notNull(),
  status: text("status", { enum: REPLY_STATUSES }).notNull(),
  reason: text("reason"),
  templateId: text("template_id"),
  dispatchKey: text("dispatch_key"),
  platformMessageId: text("platform_message_id"),
  createdBy: text("created_by").notNull(),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
  deliveredVersionId: text("delivered_version_id"),
  deliveredAt: text("delivered_at"),
  deliveryMs: integer("delivery_ms"),
});
export type ReplyRow = typeof replies.$inferSelect;

export const templates = sqliteTable("templates", {
  id: text("id").primaryKey(),
  accountId: text("account_id"),
  intent: text("intent").notNull(),
  name: text("name").notNull(),
  body: text("body").notNull(),
  version: integer("version").notNull().default(1),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
  // Shipped with lease-bot (migration 0003) rather than written by an admin; any template an
  // admin writes for the same intent takes precedence (decision-facts.ts).
  isStarter: integer("is_starter", { mode: "boolean" }).notNull().default(false),
  // Other intents this template's reply also answers, as a JSON array (migration 0012); null = none.
  covers: text("covers", { mode: "json" }).$type<string[]>(),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

export const listings = sqliteTable(
  "listings",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    externalId: text("external_id").notNull(),
    title: text("title"),
    price: text("price"),
    area: text("area"),
    availableFrom: text("available_from"),
    viewingLink: text("viewing_link"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    source: text("source", { enum: ["site", "manual"] })
      .notNull()
      .default("site"),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [uniqueIndex("listings_account_external").on(t.accountId, t.externalId)],
);

export const DLQ_STAGES = ["login", "ingest", "compose", "submit", "confirm"] as const;
export type DlqStage = (typeof DLQ_STAGES)[number];
export const deadLetters = sqliteTable("dead_letters", {
  dispatchKey: text("dispatch_key").primaryKey(),
  accountId: text("account_id").notNull(),
  platform: text("platform").notNull(),
  conversationId: text("conversation_id"),
  replyId: text("reply_id"),
  stage: text("stage", { enum: DLQ_STAGES }).notNull(),
  failureClass: text("failure_class").notNull(),
  attempts: integer("attempts").notNull(),
  firstError: text("first_error"),
  lastError: text("last_error"),
  evidenceId: text("evidence_id"),
  status: text("status", { enum: ["open", "redriven", "discarded", "delivered"] })
    .notNull()
    .default("open"),
  discardReason: text("discard_reason"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
  versionId: text("version_id"),
  deadAt: text("dead_at"),
});

export const METRIC_OUTCOMES = ["success", "retry", "fail", "blocked", "duplicate_suppressed"] as const;
export type MetricOutcome = (typeof METRIC_OUTCOMES)[number];
export const dispatchMetrics = sqliteTable("dispatch_metrics", {
  bucket: text("bucket").notNull(),
  platform: text("platform").notNull(),
  stage: text("stage").notNull(),
  outcome: text("outcome", { enum: METRIC_OUTCOMES }).notNull(),
  count: integer("count").notNull(),
});

// ---- 0004_metrics_per_version ----

export const versionMetrics = sqliteTable("version_metrics", {
  bucket: text("bucket").notNull(),
  versionId: text("version_id").notNull(),
  platform: text("platform").notNull(),
  stage: text("stage").notNull(),
  outcome: text("outcome", { enum: METRIC_OUTCOMES }).notNull(),
  failureClass: text("failure_class").notNull().default(""),
  count: integer("count").notNull(),
});

export const versionRuns = sqliteTable("version_runs", {
  bucket: text("bucket").notNull(),
  versionId: text("version_id").notNull(),
  platform: text("platform").notNull(),
  result: text("result").notNull(),
  count: integer("count").notNull(),
});

// ---- 0006_push_wake ----

/** What became of a notification e-mail (migrations/0006_push_wake.sql, docs/observability.md). */
export const NOTIFICATION_VERDICTS = [
  "woke",
  "push_off",
  "unknown_recipient",
  "unknown_sender",
  "unauthenticated",
  "malformed",
] as const;
export type NotificationVerdict = (typeof NOTIFICATION_VERDICTS)[number];

export const notificationCounts = sqliteTable("notification_counts", {
  bucket: text("bucket").notNull(),
  platform: text("platform").notNull().default(""),
  verdict: text("verdict", { enum: NOTIFICATION_VERDICTS }).notNull(),
  count: integer("count").notNull(),
});

// ---- 0009_followups ----

/** Follow-up steps the account object planned (migrations/0009_followups.sql, docs/followups.md). */
export const followups = sqliteTable(
  "followups",
  {
    dispatchKey: text("dispatch_key").primaryKey(),
    accountId: text("account_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    anchorMessageId: text("anchor_message_id").notNull(),
    step: integer("step").notNull(),
    replyId: text("reply_id").notNull(),
    dueAt: text("due_at").notNull(),
    sendNow: integer("send_now", { mode: "boolean" }).notNull().default(false),
    cancelledBy: text("cancelled_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("followups_conversation").on(t.conversationId, t.anchorMessageId, t.step),
    index("followups_account").on(t.accountId, t.createdAt),
  ],
);
export type FollowupRow = typeof followups.$inferSelect;

/** The next follow-up per conversation as last planned, or why there is none. */
export const followupPlans = sqliteTable(
  "followup_plans",
  {
    conversationId: text("conversation_id").primaryKey(),
    accountId: text("account_id").notNull(),
    step: integer("step"),
    anchorMessageId: text("anchor_message_id"),
    dueAt: text("due_at"),
    stopReason: text("stop_reason"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("followup_plans_due").on(t.accountId, t.dueAt)],
);

// ---- 0010_account_verification ----

/** Readiness of an account for auto_send (migrations/0010_account_verification.sql). No row: unverified. */
export const VERIFICATION_STATES = ["verified", "drift"] as const;
export const accountVerifications = sqliteTable("account_verifications", {
  accountId: text("account_id").primaryKey(),
  state: text("state", { enum: VERIFICATION_STATES }).notNull(),
  verifiedAt: text("verified_at"),
  verifiedBy: text("verified_by"),
  reportHash: text("report_hash"),
  connectorVersion: text("connector_version"),
  driftAt: text("drift_at"),
  driftReason: text("drift_reason"),
  driftEvidenceId: text("drift_evidence_id"),
  updatedAt: text("updated_at").notNull(),
});

// ---- 0014_send_copy_checks ---- (its own module too)
export { COPY_CHECK_OUTCOMES, type CopyCheckOutcome, sendCopyChecks } from "./send-copy-checks-table.ts";
// ---- 0015_verify_reports_readiness ---- (its table in its own module: this file is near 400 lines)
export { verifyReports } from "./verify-reports-table.ts";
