-- The pets starter template (0003) asked every lead "what kind of pet you have, and its age and
-- size?", even one who had just written "I have a 3-year-old cat". A reply now knows what the lead
-- said (domain/pipeline/stated-facts.ts: the template variables lead_pet, lead_pet_age,
-- lead_pet_size, read from the message), and this body asks only for what is missing: the kind,
-- age and size when nothing was said (word for word the old reply), the age and size of "your cat"
-- when only the kind was, and nothing at all when all three were.
--
-- Only a starter still holding 0003's exact body changes: a template an admin edited (any other
-- body) is left as it is, and is_active is not touched, so a starter an admin switched off stays
-- off. The version goes up by one, as an edit through the API would (see 0008).
--
-- release-check: contract a data update of one unedited starter row (starter-pets); a Worker version from before this release reads lead_pet as an unknown variable, so during a gradual rollout it sends pets messages to review (missing_variables) rather than a wrong reply
UPDATE templates
SET body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking about pets. Whether a pet can move in depends on the landlord and the building, {{^lead_pet}}so could you tell me what kind of pet you have, and its age and size? That will help me give you a clear answer.{{/lead_pet}}{{#lead_pet}}{{^lead_pet_age}}so could you tell me the age{{^lead_pet_size}} and size{{/lead_pet_size}} of your {{lead_pet}}? That will help me give you a clear answer.{{/lead_pet_age}}{{#lead_pet_age}}{{^lead_pet_size}}so could you tell me the size of your {{lead_pet}}? That will help me give you a clear answer.{{/lead_pet_size}}{{#lead_pet_size}}and thanks for telling me about your {{lead_pet}}: that helps me give you a clear answer.{{/lead_pet_size}}{{/lead_pet_age}}{{/lead_pet}}',
    version = version + 1,
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    updated_by = 'system:migration'
WHERE id = 'starter-pets'
  AND is_starter = 1
  AND body = 'Hi{{#first_name}} {{first_name}}{{/first_name}}, thanks for asking about pets. Whether a pet can move in depends on the landlord and the building, so could you tell me what kind of pet you have, and its age and size? That will help me give you a clear answer.';
