-- Send-path learning needs evidence (docs/anti-bot.md, domain/account/send-path-learning.ts).
-- Additive only (see 0001): a previous release keeps reading the table without the new columns.
-- send_path_source: who set send_path last — nobody (default), an admin (never overridden by
-- learning), or learning itself.
ALTER TABLE platform_accounts ADD COLUMN send_path_source TEXT NOT NULL DEFAULT 'default'
  CHECK (send_path_source IN ('default', 'admin', 'learnt'));
-- relay_refusal_times: JSON array of the times (ms) a bot defence refused the relayed submit since
-- the relay last delivered (at most 10, oldest first); NULL for none.
ALTER TABLE platform_accounts ADD COLUMN relay_refusal_times TEXT;
-- relay_refused_by: who refused the last one and what showed it, e.g. "datadome: x-datadome".
ALTER TABLE platform_accounts ADD COLUMN relay_refused_by TEXT;
