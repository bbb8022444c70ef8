-- Other states' positions on a person: a member that refused to extradite them to a requesting state.
-- Filed under the subject's identity keys like every record the review context reads.
CREATE TABLE extradition_refusals (
    id                  TEXT PRIMARY KEY,
    subject_doc         TEXT NOT NULL,
    requesting_country  TEXT NOT NULL,
    refusing_country    TEXT NOT NULL,
    refused_on          TEXT NOT NULL,
    grounds             TEXT NOT NULL,
    recorded_by         TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
