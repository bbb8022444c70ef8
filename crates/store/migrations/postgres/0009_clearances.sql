-- Clearances: an officer established that the holder of a document is not the person a notice or
-- diffusion seeks. At most one standing clearance per record and document; a withdrawn one is kept.
CREATE TABLE clearances (
    id                TEXT PRIMARY KEY,
    object_kind       TEXT NOT NULL,
    object_id         TEXT NOT NULL,
    document_number   TEXT NOT NULL,
    issuing_country   TEXT NOT NULL,
    country           TEXT NOT NULL,
    reason            TEXT NOT NULL,
    cleared_by        TEXT NOT NULL,
    cleared_at        BIGINT NOT NULL,
    withdrawn_at      BIGINT,
    withdrawn_by      TEXT,
    withdrawn_reason  TEXT
);
CREATE INDEX clearances_object ON clearances (object_kind, object_id);
CREATE UNIQUE INDEX clearances_standing ON clearances (object_kind, object_id, document_number) WHERE withdrawn_at IS NULL;
