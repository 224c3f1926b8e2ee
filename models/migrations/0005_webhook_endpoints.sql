-- One webhook endpoint per employer, registered through the API and verified
-- by a handshake; folded from the compacted webhook-endpoints topic. Only the
-- secret's version is kept: the secret itself is derived by the workers.
CREATE TABLE webhook_endpoints (
    employer_id                 text        PRIMARY KEY,
    url                         text        NOT NULL,
    secret_version              integer     NOT NULL CHECK (secret_version >= 1),
    previous_secret_valid_until timestamptz,
    verified_at                 timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL
);

-- Vacancies no longer name a URL of their own.
ALTER TABLE vacancies DROP COLUMN webhook_url;
