-- The register of stolen, lost and revoked travel documents. A number is matched exactly (stored in its
-- canonical form); at most one active report per document; a withdrawn report is kept for the record
-- but never matches.
CREATE TABLE travel_documents (
    id                 TEXT PRIMARY KEY,
    number             TEXT NOT NULL,
    issuing_country    TEXT NOT NULL,
    kind               TEXT NOT NULL,
    status             TEXT NOT NULL,
    occurred_on        TEXT NOT NULL,
    reporting_country  TEXT NOT NULL,
    reported_by        TEXT NOT NULL,
    reported_at        BIGINT NOT NULL,
    withdrawn_at       BIGINT,
    withdrawn_by       TEXT,
    withdrawn_reason   TEXT
);
CREATE INDEX travel_documents_number ON travel_documents (number);
CREATE UNIQUE INDEX travel_documents_active ON travel_documents (number, issuing_country) WHERE withdrawn_at IS NULL;
