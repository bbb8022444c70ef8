-- An alert's outcome can be corrected by the country that recorded it: the current revision stays in
-- alert_outcomes (numbered from 1), and each revision it replaced is kept here, with its own reason,
-- author and time, so that every version of a decision about a person stays readable.
ALTER TABLE alert_outcomes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
CREATE TABLE alert_outcome_revisions (
    alert_id      INTEGER NOT NULL REFERENCES alerts (id),
    revision      INTEGER NOT NULL,
    identity      TEXT NOT NULL,
    action_taken  TEXT NOT NULL,
    reason        TEXT NOT NULL,
    departs_from  TEXT NOT NULL,
    country       TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL,
    PRIMARY KEY (alert_id, revision)
);
