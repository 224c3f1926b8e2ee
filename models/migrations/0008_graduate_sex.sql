-- The sex a programme recorded for a graduate (optional: NULL where it did not), read only
-- by the ministry's fairness view; and indexes for the dashboard's filters.

ALTER TABLE graduates ADD COLUMN IF NOT EXISTS sex text
    CHECK (sex IN ('female', 'male', 'other'));

-- The period filter (certification dates) and the programme and cohort filters.
CREATE INDEX IF NOT EXISTS graduates_certified_idx ON graduates (certified_at);
CREATE INDEX IF NOT EXISTS graduates_programme_idx ON graduates (programme, certified_at);
