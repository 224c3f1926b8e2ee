"""What the stream layer needs to know, as read-only protocols.

The roof's ``Settings`` satisfies them structurally, so this layer reads its
configuration without importing the roof; a test can pass any object with
the same attributes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import SecretStr


class KafkaConfig(Protocol):
    """Where the brokers are and how Vincula's topics are named and laid out."""

    @property
    def kafka_bootstrap(self) -> str: ...

    @property
    def topic_namespace(self) -> str: ...

    @property
    def topic_partitions(self) -> int: ...

    @property
    def topic_replication(self) -> int: ...


class DeliveryConfig(Protocol):
    """How notifications are sent: SMTP, signed webhooks, retries and the daily cap."""

    @property
    def smtp_host(self) -> str: ...

    @property
    def smtp_port(self) -> int: ...

    @property
    def smtp_username(self) -> str | None: ...

    @property
    def smtp_password(self) -> SecretStr | None: ...

    @property
    def smtp_starttls(self) -> bool: ...

    @property
    def smtp_timeout_seconds(self) -> float: ...

    @property
    def mail_from(self) -> str: ...

    @property
    def max_notifications_per_day(self) -> int: ...

    @property
    def delivery_attempts(self) -> int: ...

    @property
    def delivery_backoff_seconds(self) -> float: ...

    @property
    def webhook_signing_key(self) -> SecretStr: ...

    @property
    def webhook_timeout_seconds(self) -> float: ...

    @property
    def webhook_allowed_endpoints(self) -> list[str]: ...

    @property
    def webhook_allow_http(self) -> bool: ...

    @property
    def public_base_url(self) -> str: ...

    @property
    def link_signing_key(self) -> SecretStr: ...

    @property
    def digest_check_seconds(self) -> float: ...


class WorkerConfig(KafkaConfig, DeliveryConfig, Protocol):
    """Everything one stream worker reads at start."""

    @property
    def consumer_group(self) -> str: ...

    @property
    def state_dir(self) -> Path: ...

    @property
    def worker_web_host(self) -> str: ...

    @property
    def worker_web_port(self) -> int: ...

    @property
    def graduation_batch_size(self) -> int: ...

    @property
    def graduation_batch_seconds(self) -> float: ...

    @property
    def follow_up_check_seconds(self) -> float: ...
