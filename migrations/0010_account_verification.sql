-- Readiness (issue 23): whether an account's connector was checked against the real site before
-- it may send by itself. No row: unverified. 'verified': a verify run (connectors/verify/) passed —
-- when, by whom, the report's SHA-256 and the connector version it checked. 'drift': a production
-- run met a required selector missing (or parsed nonsense); the account was dropped to draft_only
-- and the evidence page is named. Additive only (see 0001): a previous release ignores the table.
CREATE TABLE account_verifications (
  account_id TEXT PRIMARY KEY REFERENCES platform_accounts(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('verified', 'drift')),
  verified_at TEXT,
  verified_by TEXT,
  report_hash TEXT,
  connector_version TEXT,
  drift_at TEXT,
  drift_reason TEXT,
  drift_evidence_id TEXT,
  updated_at TEXT NOT NULL
);
