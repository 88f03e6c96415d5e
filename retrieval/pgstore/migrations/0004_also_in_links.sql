-- The other sources of a story keep their links and feeds, not only their
-- names: a restored or exported article then merges a later copy from
-- the same link instead of listing it twice. Older rows hold the names
-- alone, as JSON strings, which read as copies with a source only.

ALTER TABLE articles ALTER COLUMN also_in DROP DEFAULT;
ALTER TABLE articles ALTER COLUMN also_in TYPE jsonb USING to_jsonb(also_in);
ALTER TABLE articles ALTER COLUMN also_in SET DEFAULT '[]';
