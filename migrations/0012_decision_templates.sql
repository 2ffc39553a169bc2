-- Issue 26: a reply template may declare the other intents its reply also answers ("covers"), so a
-- message asking several of them gets that one reply rather than one composed of each question's
-- template (domain/pipeline/coverage.ts, compose-multi.ts). A JSON array of intent names, or NULL
-- for none. Additive only (see 0001): existing templates keep NULL and behave as before.

ALTER TABLE templates ADD COLUMN covers TEXT;
