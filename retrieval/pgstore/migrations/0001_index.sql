-- The shared index: articles with their dates, passages with their byte
-- offsets, BM25 term statistics and, where the server has no bm25 index,
-- the postings that BM25 is computed from. Vectors get their own table
-- once the embedder's dimension is known (see vectors.go).

CREATE TABLE dossier_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE articles (
    id        bigserial PRIMARY KEY,
    key       text NOT NULL UNIQUE,        -- the corpus article ID
    hash      text NOT NULL,               -- of everything indexed; a change re-indexes it
    title     text NOT NULL,
    published timestamptz,                 -- NULL when unknown
    url       text NOT NULL DEFAULT '',
    source    text NOT NULL DEFAULT '',
    feed      text NOT NULL DEFAULT '',
    also_in   text[] NOT NULL DEFAULT '{}',
    path      text NOT NULL DEFAULT '',
    body      text NOT NULL,
    parts     jsonb NOT NULL DEFAULT '[]',
    dates     jsonb NOT NULL DEFAULT '[]', -- temporal expressions, resolved at indexing
    gen       bigint NOT NULL              -- the generation that added it
);

CREATE TABLE passages (
    id         bigserial PRIMARY KEY,
    article    bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq        int NOT NULL,
    start_byte int NOT NULL,
    end_byte   int NOT NULL,
    terms      int NOT NULL,               -- BM25 length
    lexical    text NOT NULL,              -- title and text, what a bm25 index reads
    -- the article's, copied so that filters apply inside the search
    published  timestamptz,
    source     text NOT NULL DEFAULT '',
    feed       text NOT NULL DEFAULT '',
    UNIQUE (article, seq)
);
CREATE INDEX passages_published ON passages (published);

CREATE TABLE terms (
    term text PRIMARY KEY,
    df   int NOT NULL
);

-- One row per term of a passage; the key carries tf and the passage's
-- length, so that BM25 over a term's postings is an index-only scan.
CREATE TABLE postings (
    term    text NOT NULL,
    passage bigint NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
    tf      int NOT NULL,
    len     int NOT NULL,              -- the passage's BM25 length
    PRIMARY KEY (term, passage) INCLUDE (tf, len)
);
CREATE INDEX postings_passage ON postings (passage);

-- Small named documents that every replica shares, such as feed state.
CREATE TABLE documents (
    name    text PRIMARY KEY,
    body    bytea NOT NULL,
    updated timestamptz NOT NULL DEFAULT now()
);
