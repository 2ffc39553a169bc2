-- Push-triggered runs (docs/architecture.md, "The flow"): each account may name the address its
-- site's notification e-mails reach through Cloudflare Email Routing, and whether such an e-mail
-- wakes the account at once. The account's time zone slows the safety-net polling at night.
-- Additive only (see 0001): a previous release keeps reading the table without the new columns.
ALTER TABLE platform_accounts ADD COLUMN notify_address TEXT;
ALTER TABLE platform_accounts ADD COLUMN push_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE platform_accounts ADD COLUMN time_zone TEXT;
-- One account per address: the e-mail handler routes by it. Stored lower-case.
CREATE UNIQUE INDEX platform_accounts_notify_address ON platform_accounts (notify_address)
  WHERE notify_address IS NOT NULL;

-- Notification e-mails per hour, platform and verdict (woke, push_off, unknown_recipient,
-- unknown_sender, unauthenticated, malformed): what woke an account and what was turned away.
CREATE TABLE notification_counts (
  bucket TEXT NOT NULL,
  platform TEXT NOT NULL DEFAULT '',
  verdict TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (bucket, platform, verdict)
);
