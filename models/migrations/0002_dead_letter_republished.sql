-- Dead letters re-published to their source topic after a fix (`vincula dlq
-- republish`): one row per dead letter, claimed in the transaction that
-- waits for the broker's acknowledgement, so a second run sends nothing.
-- Operational bookkeeping, not derived from events: replay keeps it.
CREATE TABLE IF NOT EXISTS dead_letter_republished (
    dlq_topic       text        NOT NULL,
    dlq_partition   integer     NOT NULL,
    dlq_offset      bigint      NOT NULL,
    source_topic    text        NOT NULL,
    republished_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);
