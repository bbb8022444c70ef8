-- Challenges before the Commission: an application contesting a notice or diffusion, registered under
-- the Commission's file reference, pending until decided. A decided challenge is kept for the record.
-- requesting_country is the record's, kept so that its bureau lists the challenges to its requests.
CREATE TABLE challenges (
    id                  TEXT PRIMARY KEY,
    object_kind         TEXT NOT NULL,
    object_id           TEXT NOT NULL,
    requesting_country  TEXT NOT NULL,
    reference           TEXT NOT NULL,
    grounds             TEXT NOT NULL,
    lodged_on           TEXT NOT NULL,
    registered_by       TEXT NOT NULL,
    registered_at       INTEGER NOT NULL,
    outcome             TEXT,
    decided_at          INTEGER,
    decided_by          TEXT,
    decision_reason     TEXT
);
CREATE UNIQUE INDEX challenges_reference ON challenges (reference);
CREATE INDEX challenges_object ON challenges (object_kind, object_id);
CREATE INDEX challenges_requesting ON challenges (requesting_country, registered_at);
