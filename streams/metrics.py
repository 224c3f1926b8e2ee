"""Prometheus metrics of a stream worker, served at ``/metrics``."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_PROCESSED = Counter(
    "vincula_events_processed_total", "Events applied, by source topic.", ["topic", "event_type"]
)
DEAD_LETTERS = Counter(
    "vincula_dead_letters_total", "Messages sent to a dead-letter topic.", ["topic", "exception"]
)
RETRIES = Counter(
    "vincula_retries_total", "Transient failures retried, by source topic.", ["topic"]
)
HANDLER_SECONDS = Histogram(
    "vincula_handler_seconds", "Time to apply one event, by source topic.", ["topic"]
)
MATCH_SECONDS = Histogram(
    "vincula_match_seconds", "Time to compute the matches of one graduate or vacancy.", ["side"]
)
NOTIFICATIONS = Counter(
    "vincula_notifications_total",
    "Notifications by channel and final status.",
    ["channel", "status"],
)
CONSUMER_LAG = Gauge(
    "vincula_consumer_lag", "Messages behind the end of each partition.", ["topic", "partition"]
)
