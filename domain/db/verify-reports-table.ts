/**
 * The `verify_reports` table of migrations/0015_verify_reports_readiness.sql (re-exported by
 * schema.ts, which mirrors every migration): each verify run's scrubbed report.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const verifyReports = sqliteTable(
  "verify_reports",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    ranAt: text("ran_at").notNull(),
    ranBy: text("ran_by").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    reportHash: text("report_hash").notNull(),
    connectorVersion: text("connector_version").notNull(),
    reportJson: text("report_json").notNull(),
  },
  (t) => [index("verify_reports_account").on(t.accountId, t.ranAt)],
);
