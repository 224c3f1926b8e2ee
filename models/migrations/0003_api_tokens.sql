-- Credentials of employers, programmes, the ministry and operators. Only a
-- keyed hash of each token is kept: the token itself is shown once, at
-- creation. Not derived from events, so a replay neither needs nor touches it.
CREATE TABLE api_tokens (
    token_id      text PRIMARY KEY CHECK (token_id ~ '^[0-9a-f]{12}$'),
    role          text        NOT NULL
                  CHECK (role IN ('employer', 'programme', 'ministry', 'operator')),
    employer_id   text,
    programme     text,
    label         text        NOT NULL DEFAULT '',
    secret_hash   bytea       NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    rotated_from  text REFERENCES api_tokens (token_id),
    CHECK ((role = 'employer') = (employer_id IS NOT NULL)),
    CHECK ((role = 'programme') = (programme IS NOT NULL)),
    CHECK (expires_at > created_at)
);
CREATE INDEX api_tokens_employer_idx ON api_tokens (employer_id) WHERE employer_id IS NOT NULL;
