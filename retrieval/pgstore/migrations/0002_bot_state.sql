-- What the Discord bot's replicas share: values under (kind, key), such
-- as conversations, feedback records, voters and timeline pages, each
-- with a time to live; and the token buckets of its rate limit. Expired
-- rows are ignored on read and deleted now and then (see botstate.go).

CREATE TABLE bot_state (
    kind    text NOT NULL,
    key     text NOT NULL,
    value   bytea NOT NULL,
    expires timestamptz NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX bot_state_expires ON bot_state (expires);

CREATE TABLE bot_buckets (
    key     text PRIMARY KEY,
    tokens  double precision NOT NULL, -- as of updated
    updated timestamptz NOT NULL,
    full_at timestamptz NOT NULL       -- when it is full again; a row past it is as good as none
);
CREATE INDEX bot_buckets_full_at ON bot_buckets (full_at);
