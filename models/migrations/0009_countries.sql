-- Central America and the Dominican Republic: the country of each graduate and vacancy
-- (ISO 3166-1 alpha-2; every row stored before this migration is Mexican), and the
-- countries whose residents a vacancy accepts (empty: only its own country). States of
-- other countries are stored as their full ISO 3166-2 codes (SV-SS, DO-01); Mexico's keep
-- their bare codes (QUE).

ALTER TABLE graduates ADD COLUMN IF NOT EXISTS country text NOT NULL DEFAULT 'MX'
    CHECK (country IN ('MX', 'SV', 'DO'));

ALTER TABLE vacancies ADD COLUMN IF NOT EXISTS country text NOT NULL DEFAULT 'MX'
    CHECK (country IN ('MX', 'SV', 'DO'));
ALTER TABLE vacancies ADD COLUMN IF NOT EXISTS accepted_countries text[] NOT NULL DEFAULT '{}'
    CHECK (accepted_countries <@ ARRAY['MX', 'SV', 'DO']::text[]);

CREATE INDEX IF NOT EXISTS graduates_country_idx ON graduates (country, state);
