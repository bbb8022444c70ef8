-- Country flags: a member country will not act on a notice or diffusion on its territory. At most one
-- standing flag per record and country; a lifted flag is kept for the record.
CREATE TABLE country_flags (
    id                TEXT PRIMARY KEY,
    object_kind       TEXT NOT NULL,
    object_id         TEXT NOT NULL,
    country           TEXT NOT NULL,
    reason            TEXT NOT NULL,
    flagged_by        TEXT NOT NULL,
    flagged_at        BIGINT NOT NULL,
    withdrawn_at      BIGINT,
    withdrawn_by      TEXT,
    withdrawn_reason  TEXT
);
CREATE INDEX country_flags_object ON country_flags (object_kind, object_id);
CREATE UNIQUE INDEX country_flags_standing ON country_flags (object_kind, object_id, country) WHERE withdrawn_at IS NULL;
