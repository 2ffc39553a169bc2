-- Brings a database that applied the first version of 0003_starter_templates.sql to today's
-- starter templates. 0003 was rewritten after it had landed (the viewing template gained the rent
-- sentence, {{#price}}…{{/price}}); wrangler runs a migration once per database, so a database
-- that ran the first version kept the old body. migrations/manifest.json records both versions of
-- 0003 and names this file as the repair.
--
-- Only a starter still holding the exact first body changes: a template a person edited (any
-- other body) or a database that ran today's 0003 is left as it is. is_active is not touched, so
-- a starter an admin switched off stays off. The version goes up by one, as an edit through the
-- API would, so drafts composed from the old body can be told apart.
--
-- release-check: contract a data repair of one starter row (0003's first version); both bodies use the same variables, so the running version renders either
UPDATE templates
SET body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for your message{{#listing_title}} about {{listing_title}}{{/listing_title}}! I''d be happy to show you the place.{{#price}} The rent is {{price}}.{{/price}}{{#viewing_link}} You can pick a viewing time that suits you here: {{viewing_link}}{{/viewing_link}}{{^viewing_link}} Which days and times would suit you? Send me a couple of options and I''ll confirm one.{{/viewing_link}}{{#available_from}} It''s available from {{available_from}}.{{/available_from}}',
    version = version + 1,
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    updated_by = 'system:migration'
WHERE id = 'starter-tour_request'
  AND is_starter = 1
  AND body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for your message{{#listing_title}} about {{listing_title}}{{/listing_title}}! I''d be happy to show you the place.{{#viewing_link}} You can pick a viewing time that suits you here: {{viewing_link}}{{/viewing_link}}{{^viewing_link}} Which days and times would suit you? Send me a couple of options and I''ll confirm one.{{/viewing_link}}{{#available_from}} It''s available from {{available_from}}.{{/available_from}}';
