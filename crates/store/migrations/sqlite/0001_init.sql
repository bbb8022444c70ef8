-- article3 schema, SQLite dialect. Times are milliseconds since the Unix epoch; ids are UUID text.
CREATE TABLE countries (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL,
    covered_by  TEXT,
    note        TEXT NOT NULL DEFAULT '',
    updated_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    country       TEXT,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

CREATE TABLE notices (
    id                   TEXT PRIMARY KEY,
    colour               TEXT NOT NULL,
    status               TEXT NOT NULL,
    requesting_country   TEXT NOT NULL,
    restriction_mode     TEXT NOT NULL,
    restriction_list     TEXT NOT NULL,
    public_extract       INTEGER NOT NULL,
    subject_doc          TEXT,
    judicial_doc         TEXT,
    primary_name         TEXT,
    external_ref         TEXT,
    created_by           TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    published_at         INTEGER,
    expires_at           INTEGER,
    reminded_at          INTEGER
);
CREATE INDEX notices_status ON notices(status, id);
CREATE INDEX notices_expiry ON notices(status, expires_at);
CREATE UNIQUE INDEX notices_external_ref ON notices(external_ref);

CREATE TABLE diffusions (
    id                   TEXT PRIMARY KEY,
    purpose              TEXT NOT NULL,
    status               TEXT NOT NULL,
    circulated           INTEGER NOT NULL,
    requesting_country   TEXT NOT NULL,
    recipients_all       INTEGER NOT NULL,
    recipients_list      TEXT NOT NULL,
    restriction_mode     TEXT NOT NULL,
    restriction_list     TEXT NOT NULL,
    subject_doc          TEXT,
    judicial_doc         TEXT,
    primary_name         TEXT,
    created_by           TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX diffusions_status ON diffusions(status, id);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    object_kind  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    country      TEXT NOT NULL,
    reason       TEXT NOT NULL,
    at           INTEGER NOT NULL
);
CREATE INDEX events_object ON events(object_kind, object_id, id);

CREATE TABLE reviews (
    id               TEXT PRIMARY KEY,
    object_kind      TEXT NOT NULL,
    object_id        TEXT NOT NULL,
    ruleset_version  TEXT NOT NULL,
    recommendation   TEXT NOT NULL,
    findings_doc     TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    decision         TEXT,
    reasons          TEXT,
    decided_by       TEXT,
    decided_at       INTEGER
);
CREATE INDEX reviews_object ON reviews(object_kind, object_id);

CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY,
    lane         INTEGER NOT NULL,
    lane_seq     INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    country      TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_kind  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (lane, lane_seq)
);

-- The end of each lane of the audit chain (see article3_domain::audit).
CREATE TABLE audit_head (
    lane      INTEGER PRIMARY KEY,
    lane_seq  INTEGER NOT NULL,
    hash      TEXT NOT NULL
);
-- SQLite has one writer, so one lane; the log's order is the lane's order.
INSERT INTO audit_head (lane, lane_seq, hash) VALUES (0, 0, '0000000000000000000000000000000000000000000000000000000000000000');
