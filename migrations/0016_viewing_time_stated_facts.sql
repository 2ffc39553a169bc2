-- The viewing, availability, listing-question and follow-up starters (0003, as repaired by 0008)
-- asked every lead "Which days and times would suit you?", even one who had just written "Can I see
-- it Saturday morning?" or "I'm free after 6pm on weekdays". A reply now knows when the lead said
-- they can view (domain/pipeline/viewing-time.ts: the template variable lead_viewing_when, a value
-- such as "Saturday morning" or "weekdays after 6pm" built from a fixed vocabulary and the lead's
-- digits, never their words). These bodies then acknowledge it and say the time will be confirmed
-- (the bot books nothing, so no slot is promised) instead of asking again; with nothing said, each
-- reads word for word as before. The tour starter's viewing-link branch is unchanged: it asks
-- nothing.
--
-- Only a starter still holding its exact current body changes: a template an admin edited (any
-- other body) is left as it is, and is_active is not touched, so a starter an admin switched off
-- stays off. The version goes up by one, as an edit through the API would (see 0008, 0017).
--
-- release-check: contract a data update of four unedited starter rows (starter-tour_request, starter-availability, starter-listing_question, starter-nudge); a Worker version from before this release reads lead_viewing_when as an unknown variable, so during a gradual rollout it sends those messages to review (missing_variables) rather than a wrong reply
UPDATE templates
SET body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for your message{{#listing_title}} about {{listing_title}}{{/listing_title}}! I''d be happy to show you the place.{{#price}} The rent is {{price}}.{{/price}}{{#viewing_link}} You can pick a viewing time that suits you here: {{viewing_link}}{{/viewing_link}}{{^viewing_link}}{{^lead_viewing_when}} Which days and times would suit you? Send me a couple of options and I''ll confirm one.{{/lead_viewing_when}}{{#lead_viewing_when}} You mentioned {{lead_viewing_when}} for a viewing: I''ll check it and confirm a time with you shortly.{{/lead_viewing_when}}{{/viewing_link}}{{#available_from}} It''s available from {{available_from}}.{{/available_from}}',
    version = version + 1,
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    updated_by = 'system:migration'
WHERE id = 'starter-tour_request'
  AND is_starter = 1
  AND body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for your message{{#listing_title}} about {{listing_title}}{{/listing_title}}! I''d be happy to show you the place.{{#price}} The rent is {{price}}.{{/price}}{{#viewing_link}} You can pick a viewing time that suits you here: {{viewing_link}}{{/viewing_link}}{{^viewing_link}} Which days and times would suit you? Send me a couple of options and I''ll confirm one.{{/viewing_link}}{{#available_from}} It''s available from {{available_from}}.{{/available_from}}';
UPDATE templates
SET body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking! {{#listing_title}}{{listing_title}}{{/listing_title}}{{^listing_title}}The place{{/listing_title}} is available from {{available_from}}{{#price}}, at {{price}}{{/price}}. {{^lead_viewing_when}}If you''d like to see it, let me know which days and times suit you{{#viewing_link}}, or book a viewing here: {{viewing_link}}{{/viewing_link}}.{{/lead_viewing_when}}{{#lead_viewing_when}}You mentioned {{lead_viewing_when}} for a viewing: I''ll check it and confirm a time with you shortly{{#viewing_link}}, or you can book one here: {{viewing_link}}{{/viewing_link}}.{{/lead_viewing_when}}',
    version = version + 1,
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    updated_by = 'system:migration'
WHERE id = 'starter-availability'
  AND is_starter = 1
  AND body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking! {{#listing_title}}{{listing_title}}{{/listing_title}}{{^listing_title}}The place{{/listing_title}} is available from {{available_from}}{{#price}}, at {{price}}{{/price}}. If you''d like to see it, let me know which days and times suit you{{#viewing_link}}, or book a viewing here: {{viewing_link}}{{/viewing_link}}.';
UPDATE templates
SET body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for your interest{{#listing_title}} in {{listing_title}}{{/listing_title}}! {{#area}}It''s in {{area}}. {{/area}}{{#price}}The rent is {{price}}{{#available_from}} and it''s available from {{available_from}}{{/available_from}}. {{/price}}{{^lead_viewing_when}}The best way to get a feel for the place is to see it: which days and times would suit you for a viewing?{{/lead_viewing_when}}{{#lead_viewing_when}}The best way to get a feel for the place is to see it: you mentioned {{lead_viewing_when}}, and I''ll check it and confirm a viewing time with you shortly.{{/lead_viewing_when}}',
    version = version + 1,
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    updated_by = 'system:migration'
WHERE id = 'starter-listing_question'
  AND is_starter = 1
  AND body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for your interest{{#listing_title}} in {{listing_title}}{{/listing_title}}! {{#area}}It''s in {{area}}. {{/area}}{{#price}}The rent is {{price}}{{#available_from}} and it''s available from {{available_from}}{{/available_from}}. {{/price}}The best way to get a feel for the place is to see it: which days and times would suit you for a viewing?';
UPDATE templates
SET body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for following up, and sorry for the wait! I''m happy to help{{#listing_title}} with {{listing_title}}{{/listing_title}}. {{^lead_viewing_when}}Would you like to arrange a viewing? Let me know which days and times suit you.{{/lead_viewing_when}}{{#lead_viewing_when}}You mentioned {{lead_viewing_when}} for a viewing: I''ll check it and confirm a time with you shortly.{{/lead_viewing_when}}',
    version = version + 1,
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    updated_by = 'system:migration'
WHERE id = 'starter-nudge'
  AND is_starter = 1
  AND body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for following up, and sorry for the wait! I''m happy to help{{#listing_title}} with {{listing_title}}{{/listing_title}}. Would you like to arrange a viewing? Let me know which days and times suit you.';
