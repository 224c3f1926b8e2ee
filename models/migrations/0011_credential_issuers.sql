-- The name of the registered issuer whose signature verified a credential at ingestion
-- (streams.ingest.badges); NULL for an unverified credential, and for credentials stored
-- before signatures were checked, whose "verified" was the programme's own yes/no.

ALTER TABLE credentials ADD COLUMN IF NOT EXISTS verified_by text;
