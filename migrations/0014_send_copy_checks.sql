-- Copies of one in-browser submit on the site (docs/anti-bot.md, "The in-browser path's one
-- duplicate"). Additive only (see 0001): a previous release keeps working without the table.
-- One row per dispatch whose submit left in-browser and was delivered: what the last count of its
-- thread found. `duplicate`: the site shows more than one copy of the one submit (Chromium sent
-- the POST again by itself after the connection died); a person should delete the extra.
-- `one_copy`: the recounts after delivery saw one. `not_recounted`: no recount could read the
-- thread within its bound (the site down, the page budget spent) — said, not dropped.
-- seen_by: what counted — the send's own confirm, a read-back, or a recount after delivery.
CREATE TABLE send_copy_checks (
  dispatch_key TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  reply_id TEXT NOT NULL,
  path TEXT NOT NULL CHECK (path IN ('relay', 'browser')),
  provider TEXT NOT NULL CHECK (provider IN ('browser_run', 'cdp')),
  outcome TEXT NOT NULL CHECK (outcome IN ('one_copy', 'duplicate', 'not_recounted')),
  copies INTEGER,
  seen_by TEXT NOT NULL CHECK (seen_by IN ('confirm', 'readback', 'recount')),
  recounts INTEGER NOT NULL DEFAULT 0,
  evidence_id TEXT,
  reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX send_copy_checks_conversation ON send_copy_checks (conversation_id);
CREATE INDEX send_copy_checks_account ON send_copy_checks (account_id, outcome);
