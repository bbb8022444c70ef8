-- Screening alerts: one per hit, for the requesting bureau (unless a safeguard withholds it), the bureau
-- of the country that screened, and the reviewers. The id orders the stream.
CREATE TABLE alerts (
    id                 BIGSERIAL PRIMARY KEY,
    at                 BIGINT NOT NULL,
    object_kind        TEXT NOT NULL,
    object_id          TEXT NOT NULL,
    owner_country      TEXT NOT NULL,
    screening_country  TEXT NOT NULL,
    screened_by        TEXT NOT NULL,
    score              BIGINT NOT NULL,
    traveller          TEXT NOT NULL,
    notify_requester   BIGINT NOT NULL,
    safeguards         TEXT NOT NULL
);
CREATE INDEX alerts_owner ON alerts (owner_country, id);
CREATE INDEX alerts_screening ON alerts (screening_country, id);
