-- The code of each safeguard an alert carries (space-separated, in the order of the texts in
-- `safeguards`), so that a bureau can select alerts by safeguard. Alerts raised before this migration
-- have none: their safeguards read as `unrecorded`.
ALTER TABLE alerts ADD COLUMN safeguard_codes TEXT NOT NULL DEFAULT '';
