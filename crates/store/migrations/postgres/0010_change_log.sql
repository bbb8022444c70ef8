-- The screening index's poll asks which notices and diffusions changed since a moment: read from an
-- index of change times (with the id, so the answer comes from the index alone) rather than the whole
-- table.
CREATE INDEX notices_updated ON notices (updated_at, id);
CREATE INDEX diffusions_updated ON diffusions (updated_at, id);
