-- Foundation: platform accounts and their policy, the global default send mode, users, audit.
-- Migrations are additive only: during a gradual rollout the previous release keeps running
-- against the same database, so never drop or rename a column it still reads.

CREATE TABLE platform_accounts (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL CHECK (platform IN ('spareroom', 'roomies', 'leasebreak', 'renthop', 'furnishedfinder')),
  label TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  -- NULL means "inherit the global default" (settings.default_send_mode).
  send_mode TEXT CHECK (send_mode IS NULL OR send_mode IN ('auto_send', 'draft_only')),
  disable_reason TEXT,
  -- JSON object of credential *references* ("secret:NAME"), never values.
  credential_refs TEXT NOT NULL DEFAULT '{}',
  -- Site origin override (the sandbox locally); NULL means the real site.
  base_url TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (platform, label)
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- The global default is data an admin changes, not an environment variable (domain §0.1).
-- INSERT OR IGNORE: a migration runs once, and nothing re-seeds it on start-up or deploy.
INSERT OR IGNORE INTO settings (key, value, updated_at, updated_by)
VALUES ('default_send_mode', 'draft_only', '1970-01-01T00:00:00.000Z', 'system:migration');

CREATE TABLE users (
  email TEXT PRIMARY KEY COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
  created_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  at TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- Health the account objects mirror into D1 so GET /api/platforms can show it in one query.
CREATE TABLE account_health (
  account_id TEXT PRIMARY KEY REFERENCES platform_accounts (id),
  session_state TEXT NOT NULL DEFAULT 'unknown' CHECK (session_state IN ('unknown', 'ok', 'needs_login')),
  circuit_state TEXT NOT NULL DEFAULT 'closed' CHECK (circuit_state IN ('closed', 'open', 'half_open', 'stopped')),
  circuit_reason TEXT,
  circuit_until TEXT,
  last_tick_at TEXT,
  last_ingest_at TEXT,
  last_send_at TEXT,
  last_error_at TEXT,
  last_error_class TEXT,
  updated_at TEXT NOT NULL
);

-- Connector/dispatch errors, for "errors in the last 24 h" per account.
CREATE TABLE account_errors (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  stage TEXT NOT NULL,
  failure_class TEXT NOT NULL,
  detail TEXT,
  at TEXT NOT NULL
);
CREATE INDEX account_errors_account_at ON account_errors (account_id, at);
