-- Metrics per Worker version: every dispatch outcome, browser run, decision, dead letter,
-- delivery and account error records the version that produced it (version_metadata.id), so a
-- canary can be compared with the version it replaces (GET /api/metrics?version=&baseline=,
-- docs/release.md). Additive only (see 0001): the previous release keeps writing the old
-- tables and columns during a split, and the new columns stay NULL on rows it writes.

-- Dispatch outcomes per minute, version, platform, stage and failure class. dispatch_metrics
-- (0002) stays as it is for /api/metrics without a version; this is the same count with the
-- version and the failure class ('' for outcomes without one, and where the runtime gives no
-- version id).
CREATE TABLE version_metrics (
  bucket TEXT NOT NULL,
  version_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  stage TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'retry', 'fail', 'blocked', 'duplicate_suppressed')),
  failure_class TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL,
  PRIMARY KEY (bucket, version_id, platform, stage, outcome, failure_class)
);
CREATE INDEX version_metrics_version ON version_metrics (version_id, bucket);

-- Browser runs per minute, version and platform, by result ('ok', the failure class of an
-- account-level failure, or 'paced' when our own page budget stopped the run): the denominator
-- for account-level failure rates (captchas, blocks, lost logins, drift) per version.
CREATE TABLE version_runs (
  bucket TEXT NOT NULL,
  version_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  result TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (bucket, version_id, platform, result)
);
CREATE INDEX version_runs_version ON version_runs (version_id, bucket);

-- The version that decided the message (drafts, review and would-send shares per version).
ALTER TABLE decisions ADD COLUMN version_id TEXT;
CREATE INDEX decisions_version ON decisions (version_id, decided_at);

-- The version that dead-lettered the reply, and when (the last time, when a redriven reply
-- dies again; updated_at also moves on redrive and discard).
ALTER TABLE dead_letters ADD COLUMN version_id TEXT;
ALTER TABLE dead_letters ADD COLUMN dead_at TEXT;
CREATE INDEX dead_letters_version ON dead_letters (version_id, dead_at);

-- The delivery as the version that confirmed it saw it: when, and how long after the reply
-- entered the account's outbox (enqueue → delivered, milliseconds).
ALTER TABLE replies ADD COLUMN delivered_version_id TEXT;
ALTER TABLE replies ADD COLUMN delivered_at TEXT;
ALTER TABLE replies ADD COLUMN delivery_ms INTEGER;
CREATE INDEX replies_delivered_version ON replies (delivered_version_id, delivered_at);

-- The version whose run hit the account-level failure.
ALTER TABLE account_errors ADD COLUMN version_id TEXT;
CREATE INDEX account_errors_version ON account_errors (version_id, at);
