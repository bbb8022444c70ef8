-- A clearance recorded with an alert's outcome names that alert, so that correcting the outcome to
-- anything but "not the person" withdraws it in the same transaction.
ALTER TABLE clearances ADD COLUMN alert_id INTEGER REFERENCES alerts (id);
CREATE INDEX clearances_alert ON clearances (alert_id) WHERE alert_id IS NOT NULL;
