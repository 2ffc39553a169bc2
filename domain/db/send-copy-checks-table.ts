/**
 * The `send_copy_checks` table of migrations/0014_send_copy_checks.sql (re-exported by schema.ts,
 * which mirrors every migration): what counting the copies of one in-browser submit found.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** What counting the copies of one in-browser submit found (migrations/0014_send_copy_checks.sql). */
export const COPY_CHECK_OUTCOMES = ["one_copy", "duplicate", "not_recounted"] as const;
export type CopyCheckOutcome = (typeof COPY_CHECK_OUTCOMES)[number];
export const sendCopyChecks = sqliteTable(
  "send_copy_checks",
  {
    dispatchKey: text("dispatch_key").primaryKey(),
    accountId: text("account_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    replyId: text("reply_id").notNull(),
    path: text("path", { enum: ["relay", "browser"] }).notNull(),
    provider: text("provider", { enum: ["browser_run", "cdp"] }).notNull(),
    outcome: text("outcome", { enum: COPY_CHECK_OUTCOMES }).notNull(),
    copies: integer("copies"),
    seenBy: text("seen_by", { enum: ["confirm", "readback", "recount"] }).notNull(),
    recounts: integer("recounts").notNull().default(0),
    evidenceId: text("evidence_id"),
    reason: text("reason"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("send_copy_checks_conversation").on(t.conversationId),
    index("send_copy_checks_account").on(t.accountId, t.outcome),
  ],
);
