-- Follow-ups (docs/followups.md): a lead who goes quiet after our reply hears from us again.
-- Additive only (see 0001): a previous release keeps reading the tables without the new parts.
-- The policy: the global default lives in `settings` (key followup_policy, JSON; no row = off);
-- an account's override in its own column (JSON; NULL = the default).
ALTER TABLE platform_accounts ADD COLUMN followup_policy TEXT;

-- One row per follow-up step the account object planned: step n of the silence after the lead's
-- message `anchor_message_id`. The dispatch key makes each step exactly once; the reply row
-- (replies.id = reply_id) carries its fate (queued, delivered, draft, cancelled, dead).
-- `cancelled_by` is set when a person cancelled it (no further step of that silence).
CREATE TABLE followups (
  dispatch_key TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  anchor_message_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  reply_id TEXT NOT NULL,
  due_at TEXT NOT NULL,
  send_now INTEGER NOT NULL DEFAULT 0,
  cancelled_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX followups_conversation ON followups (conversation_id, anchor_message_id, step);
CREATE INDEX followups_account ON followups (account_id, created_at);

-- What the account object planned next per conversation (or why nothing): the panel's "next
-- follow-up" and the inbox filter "follow-up due" read it without asking the object.
CREATE TABLE followup_plans (
  conversation_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  step INTEGER,
  anchor_message_id TEXT,
  due_at TEXT,
  stop_reason TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX followup_plans_due ON followup_plans (account_id, due_at);
