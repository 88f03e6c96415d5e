-- The other sources of a story keep their links and feeds, not only their
-- names: a restored or exported article then merges a later copy from
-- the same link instead of listing it twice. The copies get a column of
-- their own and also_in keeps the names, so that replicas of the version
-- before, during an upgrade, still read and write the table as they did;
-- a row they write has no copies, and reads as its names.

ALTER TABLE articles ADD COLUMN copies jsonb NOT NULL DEFAULT '[]';
UPDATE articles SET copies = to_jsonb(also_in) WHERE also_in <> '{}';
