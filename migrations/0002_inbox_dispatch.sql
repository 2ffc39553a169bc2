-- Conversations and messages ingested from the sites, the pipeline's decisions, replies (drafts,
-- automatic and manual), opt-outs, templates, listing facts, dead letters and dispatch metrics.
-- Additive only (see 0001).

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES platform_accounts (id),
  platform TEXT NOT NULL,
  external_thread_id TEXT NOT NULL,
  lead_name TEXT,
  lead_ref TEXT,
  listing_ref TEXT,
  listing_title TEXT,
  inbox_fingerprint TEXT,
  inbox_rank INTEGER,
  last_message_at TEXT,
  -- A person took the conversation over: no automatic replies until resumed.
  paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  paused_by TEXT,
  paused_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (account_id, external_thread_id)
);
CREATE INDEX conversations_last ON conversations (last_message_at);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  account_id TEXT NOT NULL,
  external_message_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  body TEXT NOT NULL,
  sent_at TEXT,
  sent_at_text TEXT,
  -- 'site': read from the site; 'bot'/'manual': we sent it (recorded on delivery).
  origin TEXT NOT NULL DEFAULT 'site' CHECK (origin IN ('site', 'bot', 'manual')),
  dispatch_key TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (conversation_id, external_message_id)
);
CREATE INDEX messages_conversation ON messages (conversation_id, sent_at);

-- Opt-out per lead and account; lead_key is the site's lead id, else the thread id.
CREATE TABLE lead_optouts (
  account_id TEXT NOT NULL,
  lead_key TEXT NOT NULL,
  opted_out INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  source_message_id TEXT,
  PRIMARY KEY (account_id, lead_key)
);

-- One decision per inbound message (the pipeline's verdict and its reason code).
CREATE TABLE decisions (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE REFERENCES messages (id),
  conversation_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('blocked', 'suppressed', 'review', 'draft', 'send')),
  reason TEXT NOT NULL,
  intent TEXT NOT NULL,
  confidence REAL NOT NULL,
  guardrails TEXT NOT NULL DEFAULT '[]',
  opt_change TEXT,
  decided_at TEXT NOT NULL
);
CREATE INDEX decisions_conversation ON decisions (conversation_id);

-- Replies: drafts waiting for a person, automatic sends, approved drafts and manual replies.
-- A reply becomes an outbox item in the account's object with its dispatch_key.
CREATE TABLE replies (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  account_id TEXT NOT NULL,
  inbound_message_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('auto', 'draft', 'manual')),
  version INTEGER NOT NULL DEFAULT 1,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'delivered', 'rejected', 'cancelled', 'dead', 'superseded')),
  reason TEXT,
  template_id TEXT,
  dispatch_key TEXT UNIQUE,
  platform_message_id TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX replies_conversation ON replies (conversation_id, created_at);
CREATE INDEX replies_status ON replies (status);

CREATE TABLE templates (
  id TEXT PRIMARY KEY,
  account_id TEXT,
  intent TEXT NOT NULL,
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX templates_intent ON templates (intent, account_id);

-- Listing facts the templates fill from (read from the sites' listings pages, or entered).
CREATE TABLE listings (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  title TEXT,
  price TEXT,
  area TEXT,
  available_from TEXT,
  viewing_link TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  source TEXT NOT NULL DEFAULT 'site' CHECK (source IN ('site', 'manual')),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (account_id, external_id)
);

-- Replies that could not be delivered (written by UPSERT on the dispatch key).
CREATE TABLE dead_letters (
  dispatch_key TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  conversation_id TEXT,
  reply_id TEXT,
  stage TEXT NOT NULL CHECK (stage IN ('login', 'ingest', 'compose', 'submit', 'confirm')),
  failure_class TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  first_error TEXT,
  last_error TEXT,
  evidence_id TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'redriven', 'discarded', 'delivered')),
  discard_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX dead_letters_status ON dead_letters (status, platform);

-- Dispatch outcome counts per minute bucket, platform and stage (PRD R10), for the admin and
-- local runs; production also writes them to Analytics Engine.
CREATE TABLE dispatch_metrics (
  bucket TEXT NOT NULL,
  platform TEXT NOT NULL,
  stage TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'retry', 'fail', 'blocked', 'duplicate_suppressed')),
  count INTEGER NOT NULL,
  PRIMARY KEY (bucket, platform, stage, outcome)
);
