-- The screening index's poll asks which travel document reports were made or withdrawn since a moment:
-- read from indexes of those times rather than by counting and reloading the whole register.
CREATE INDEX travel_documents_reported ON travel_documents (reported_at);
CREATE INDEX travel_documents_withdrawn ON travel_documents (withdrawn_at);
