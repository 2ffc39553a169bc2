-- Send paths and browser providers per account (docs/anti-bot.md). Additive only (see 0001): a
-- previous release keeps reading the table without the new columns.
-- send_path: how a reply's submit leaves — the submit relay (our own connection) or in-browser.
ALTER TABLE platform_accounts ADD COLUMN send_path TEXT NOT NULL DEFAULT 'relay'
  CHECK (send_path IN ('relay', 'browser'));
-- browser_provider: Browser Run (the binding) or a CDP endpoint the operator runs.
ALTER TABLE platform_accounts ADD COLUMN browser_provider TEXT NOT NULL DEFAULT 'browser_run'
  CHECK (browser_provider IN ('browser_run', 'cdp'));
-- browser_refs: JSON {"endpoint": "secret:NAME", "token"?: "secret:NAME"} — secret references, never values.
ALTER TABLE platform_accounts ADD COLUMN browser_refs TEXT;
