-- The outcome of an alert, recorded once by the country where the traveller was screened: what its
-- officer established (identity), what was done (action_taken), why, and the safeguard codes of the
-- cautions the action went against (space-separated; empty when none).
CREATE TABLE alert_outcomes (
    alert_id      INTEGER PRIMARY KEY REFERENCES alerts (id),
    identity      TEXT NOT NULL,
    action_taken  TEXT NOT NULL,
    reason        TEXT NOT NULL,
    departs_from  TEXT NOT NULL,
    country       TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL
);
