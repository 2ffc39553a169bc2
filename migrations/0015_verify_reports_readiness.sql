-- Issue 23 (panel): every verify run's report, as the panel shows it, and what go-live readiness
-- reads. Additive only (see 0001): a previous release ignores the table and the indexes.
--
-- verify_reports: one row per run of POST /api/platforms/:id/verify — who ran it, when, the
-- verdict, the SHA-256 of report_json (the same hash account_verifications records for a pass)
-- and the connector version. report_json is the report after connectors/verify/report-scrub.ts:
-- names as initials, message text as length and digest, and no lead name, message words, e-mail
-- address, phone number or URL query anywhere in it. The API keeps the newest 20 per account.
CREATE TABLE verify_reports (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES platform_accounts(id) ON DELETE CASCADE,
  ran_at TEXT NOT NULL,
  ran_by TEXT NOT NULL,
  ok INTEGER NOT NULL,
  report_hash TEXT NOT NULL,
  connector_version TEXT NOT NULL,
  report_json TEXT NOT NULL
);
CREATE INDEX verify_reports_account ON verify_reports (account_id, ran_at);

-- Go-live readiness (domain/account/shadow-readiness.ts) reads an account's drafts and decisions
-- over a window; neither table had an index by account.
CREATE INDEX replies_account_created ON replies (account_id, created_at);
CREATE INDEX decisions_account_decided ON decisions (account_id, decided_at);
