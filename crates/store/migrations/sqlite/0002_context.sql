-- What the compliance rules read around a request: who a record is about (hashed identity keys, kept
-- after a deletion so a repeat is recognised), refugee statuses, corrective measures.
CREATE TABLE identity_keys (
    object_kind  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    key          TEXT NOT NULL
);
CREATE INDEX identity_keys_key ON identity_keys(key);
CREATE INDEX identity_keys_object ON identity_keys(object_kind, object_id);

CREATE TABLE refugee_statuses (
    id                  TEXT PRIMARY KEY,
    subject_doc         TEXT NOT NULL,
    fled_from           TEXT NOT NULL,
    protecting_country  TEXT NOT NULL,
    granted_on          TEXT NOT NULL,
    recorded_by         TEXT NOT NULL,
    created_at          INTEGER NOT NULL
);

CREATE TABLE corrective_measures (
    country     TEXT PRIMARY KEY,
    measure     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    since       INTEGER NOT NULL
);

-- Each requesting country's record, kept as counters updated with each decision and deletion (reading it
-- costs a few rows, not a scan). Several shards per country, summed on read, so that concurrent
-- decisions do not queue behind one row.
CREATE TABLE requester_stats (
    country  TEXT NOT NULL,
    shard    INTEGER NOT NULL,
    decided  INTEGER NOT NULL,
    refused  INTEGER NOT NULL,
    deleted  INTEGER NOT NULL,
    PRIMARY KEY (country, shard)
);
