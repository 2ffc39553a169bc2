-- Starter templates, so a fresh deployment drafts sensible replies from its first tick, and the
-- reason a session is in its state. Additive only (see 0001).
--
-- One global template per intent that has a template slot. They use only the listing facts the
-- connectors sync (title, price, area, available from) and the viewing link where an admin entered
-- one; optional facts sit in sections ({{#name}}…{{/name}} shows only with the fact,
-- {{^name}}…{{/name}} only without it), so a reply reads well either way. The availability and
-- price templates state a fact and therefore require it: without it the message goes to a person.
-- Editable and versioned like any template; a template an admin writes for the same intent takes
-- precedence over the starter (worker/inbox/decision-facts.ts). INSERT OR IGNORE: a migration runs
-- once, and an admin's edits or deactivation are never overwritten. The global default send mode
-- stays draft_only (0001), so on a new deployment these produce drafts until an admin opts in.

ALTER TABLE templates ADD COLUMN is_starter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_health ADD COLUMN session_reason TEXT;

INSERT OR IGNORE INTO templates (id, account_id, intent, name, body, version, is_active, is_starter, created_at, updated_at, updated_by)
VALUES
  ('starter-tour_request', NULL, 'tour_request', 'Viewing request (starter)',
   'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for your message{{#listing_title}} about {{listing_title}}{{/listing_title}}! I''d be happy to show you the place.{{#price}} The rent is {{price}}.{{/price}}{{#viewing_link}} You can pick a viewing time that suits you here: {{viewing_link}}{{/viewing_link}}{{^viewing_link}} Which days and times would suit you? Send me a couple of options and I''ll confirm one.{{/viewing_link}}{{#available_from}} It''s available from {{available_from}}.{{/available_from}}',
   1, 1, 1, '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', 'system:migration'),
  ('starter-availability', NULL, 'availability', 'Availability (starter)',
   'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking! {{#listing_title}}{{listing_title}}{{/listing_title}}{{^listing_title}}The place{{/listing_title}} is available from {{available_from}}{{#price}}, at {{price}}{{/price}}. If you''d like to see it, let me know which days and times suit you{{#viewing_link}}, or book a viewing here: {{viewing_link}}{{/viewing_link}}.',
   1, 1, 1, '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', 'system:migration'),
  ('starter-price_deposit', NULL, 'price_deposit', 'Rent and deposit (starter)',
   'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking. The rent{{#listing_title}} for {{listing_title}}{{/listing_title}} is {{price}}. The deposit and any other move-in costs depend on the lease, and I''ll confirm them with you in writing before you commit to anything. Would you like to arrange a viewing?',
   1, 1, 1, '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', 'system:migration'),
  ('starter-pets', NULL, 'pets', 'Pets (starter)',
   'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking about pets. Whether a pet can move in depends on the landlord and the building, so could you tell me what kind of pet you have, and its age and size? That will help me give you a clear answer.',
   1, 1, 1, '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', 'system:migration'),
  ('starter-listing_question', NULL, 'listing_question', 'Question about the listing (starter)',
   'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for your interest{{#listing_title}} in {{listing_title}}{{/listing_title}}! {{#area}}It''s in {{area}}. {{/area}}{{#price}}The rent is {{price}}{{#available_from}} and it''s available from {{available_from}}{{/available_from}}. {{/price}}The best way to get a feel for the place is to see it: which days and times would suit you for a viewing?',
   1, 1, 1, '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', 'system:migration'),
  ('starter-nudge', NULL, 'nudge', 'Follow-up (starter)',
   'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for following up, and sorry for the wait! I''m happy to help{{#listing_title}} with {{listing_title}}{{/listing_title}}. Would you like to arrange a viewing? Let me know which days and times suit you.',
   1, 1, 1, '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', 'system:migration');
