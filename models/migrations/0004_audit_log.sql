-- Who read or changed what through the API: the credential's public id (or
-- "enlace" for a graduate's signed link), the operation and the object's ids.
-- Never personal data: no names, e-mails, phones, CURPs or pseudonyms.
CREATE TABLE audit_log (
    entry_id  bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL,
    actor     text        NOT NULL,
    role      text        NOT NULL,
    action    text        NOT NULL,
    object    text        NOT NULL DEFAULT '',
    status    integer     NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at);
