-- What a replica needs to load only what changed since the generation it
-- holds: the articles each generation removed, and the generation that
-- last changed each term's document frequency. A term whose frequency
-- fell to zero keeps its row (df 0) so that the change is seen.

CREATE TABLE removed_articles (
    id  bigint PRIMARY KEY,   -- the removed row's ID
    gen bigint NOT NULL
);
CREATE INDEX removed_articles_gen ON removed_articles (gen);

ALTER TABLE terms ADD COLUMN gen bigint NOT NULL DEFAULT 0;
CREATE INDEX terms_gen ON terms (gen);
CREATE INDEX articles_gen ON articles (gen);
