-- Due-process concerns an administrator records against a requesting state (with their sources); the
-- Article 2 rule refers every request from it to a person with the concerns attached.
CREATE TABLE due_process_concerns (
    country     TEXT PRIMARY KEY,
    concerns    TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    since       INTEGER NOT NULL
);
