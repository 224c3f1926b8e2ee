-- Materialised state of Vincula. Kafka is the log; every row here is derived
-- from events (times are event times), except contacts and erasures, which
-- never travel through a topic.

CREATE EXTENSION IF NOT EXISTS vector;

-- One row per event a consumer has applied, written in the same transaction
-- as its effect: at-least-once delivery, exactly-once effects.
CREATE TABLE processed_events (
    consumer    text        NOT NULL,
    event_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    topic       text        NOT NULL,
    event_time  timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE graduates (
    graduate_id          text PRIMARY KEY CHECK (graduate_id ~ '^[0-9a-f]{64}$'),
    programme            text        NOT NULL,
    issuer               text        NOT NULL,
    campus               text,
    state                text        NOT NULL,
    skills               text[]      NOT NULL DEFAULT '{}',
    languages            jsonb       NOT NULL DEFAULT '[]',
    modalities           text[]      NOT NULL DEFAULT '{}',
    preferred_states     text[]      NOT NULL DEFAULT '{}',
    willing_to_relocate  boolean     NOT NULL DEFAULT false,
    birth_year           integer,
    certified_at         timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX graduates_state_idx ON graduates (state);

CREATE TABLE credentials (
    graduate_id  text    NOT NULL REFERENCES graduates ON DELETE CASCADE,
    vendor_code  text    NOT NULL,
    kind         text    NOT NULL,
    name         text    NOT NULL,
    track        text    NOT NULL,
    issued_on    date    NOT NULL,
    verified     boolean NOT NULL,
    PRIMARY KEY (graduate_id, vendor_code)
);

-- Consent per purpose; the latest event time wins, so out-of-order
-- redelivery cannot resurrect an old answer.
CREATE TABLE consents (
    graduate_id  text        NOT NULL,
    purpose      text        NOT NULL,
    granted      boolean     NOT NULL,
    changed_at   timestamptz NOT NULL,
    PRIMARY KEY (graduate_id, purpose)
);

-- Personal contact details: written only by the ingestion edge, read only
-- by the notification sender. Never in a topic, so never replayed.
CREATE TABLE contacts (
    graduate_id  text PRIMARY KEY,
    full_name    text NOT NULL,
    email        text,
    phone        text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- A graduate's deletion request; replay skips their events, so a deletion
-- survives a rebuild.
CREATE TABLE erasures (
    graduate_id   text PRIMARY KEY,
    requested_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE employers (
    employer_id  text PRIMARY KEY,
    name         text        NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE vacancies (
    vacancy_id                text PRIMARY KEY,
    employer_id               text        NOT NULL REFERENCES employers,
    kind                      text        NOT NULL,
    title                     text        NOT NULL,
    description               text        NOT NULL,
    language                  text        NOT NULL,
    sector                    text        NOT NULL,
    state                     text        NOT NULL,
    city                      text        NOT NULL,
    modality                  text        NOT NULL,
    seats                     integer     NOT NULL CHECK (seats > 0),
    seats_filled              integer     NOT NULL DEFAULT 0 CHECK (seats_filled >= 0),
    required_skills           text[]      NOT NULL DEFAULT '{}',
    nice_to_have_skills       text[]      NOT NULL DEFAULT '{}',
    required_credentials      text[]      NOT NULL DEFAULT '{}',
    nice_to_have_credentials  text[]      NOT NULL DEFAULT '{}',
    english_level             text,
    salary_min_mxn            integer,
    salary_max_mxn            integer,
    closes_on                 date        NOT NULL,
    webhook_url               text,
    status                    text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    close_reason              text,
    posted_at                 timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);
CREATE INDEX vacancies_open_idx ON vacancies (state) WHERE status = 'open';

CREATE TABLE matches (
    match_id          uuid PRIMARY KEY,
    graduate_id       text        NOT NULL,
    vacancy_id        text        NOT NULL,
    score             double precision NOT NULL CHECK (score BETWEEN 0 AND 1),
    components        jsonb       NOT NULL,
    reasons           text[]      NOT NULL,
    rank              integer     NOT NULL,
    model_version     text        NOT NULL,
    status            text        NOT NULL DEFAULT 'proposed',
    withdrawn_reason  text,
    proposed_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (graduate_id, vacancy_id)
);
CREATE INDEX matches_vacancy_idx ON matches (vacancy_id, status);

CREATE TABLE notifications (
    notification_id  uuid PRIMARY KEY,
    graduate_id      text        NOT NULL,
    kind             text        NOT NULL,
    channel          text        NOT NULL,
    match_id         uuid,
    template         text        NOT NULL,
    params           jsonb       NOT NULL DEFAULT '{}',
    status           text        NOT NULL DEFAULT 'requested',
    attempts         integer     NOT NULL DEFAULT 0,
    detail           text,
    requested_at     timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX notifications_graduate_day_idx ON notifications (graduate_id, requested_at);

CREATE TABLE outcomes (
    outcome_id   uuid PRIMARY KEY,
    match_id     uuid        NOT NULL,
    graduate_id  text        NOT NULL,
    vacancy_id   text        NOT NULL,
    outcome      text        NOT NULL,
    reported_by  text        NOT NULL,
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX outcomes_match_idx ON outcomes (match_id, occurred_at);

CREATE TABLE follow_ups (
    follow_up_id  uuid PRIMARY KEY,
    match_id      uuid        NOT NULL,
    graduate_id   text        NOT NULL,
    vacancy_id    text        NOT NULL,
    months        integer     NOT NULL CHECK (months IN (3, 6, 12)),
    due_at        timestamptz NOT NULL,
    status        text        NOT NULL DEFAULT 'scheduled'
);
CREATE INDEX follow_ups_due_idx ON follow_ups (due_at) WHERE status = 'scheduled';

-- Embeddings by content hash, so cohorts that repeat phrases are encoded once.
CREATE TABLE embedding_cache (
    content_hash  text PRIMARY KEY,
    model         text    NOT NULL,
    dimensions    integer NOT NULL,
    embedding     bytea   NOT NULL
);

-- Trained placement models (scikit-learn), versioned by content hash.
CREATE TABLE placement_models (
    version     text PRIMARY KEY,
    trained_at  timestamptz NOT NULL DEFAULT now(),
    examples    integer     NOT NULL,
    metrics     jsonb       NOT NULL,
    blob        bytea       NOT NULL
);
