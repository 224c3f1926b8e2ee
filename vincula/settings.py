"""One typed settings object, read once at start and passed in.

Every variable has the prefix ``VINCULA_`` (``DATABASE_URL`` is also accepted
without it, as most platforms set it). A ``.env`` file in the working
directory is read too. Nothing else in the code reads ``os.environ``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from matching.reference import default_snapshot_dir
from vincula.errors import ConfigurationError

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]

# Well-known development secrets: fine on a laptop, refused in production.
DEVELOPMENT_PSEUDONYM_KEY = "vincula-development-pseudonym-key-do-not-use-in-production"
DEVELOPMENT_WEBHOOK_KEY = "vincula-development-webhook-key-do-not-use-in-production"
DEVELOPMENT_TOKEN_KEY = "vincula-development-token-hash-key-do-not-use-in-production"
DEVELOPMENT_LINK_KEY = "vincula-development-link-signing-key-do-not-use-in-production"
MIN_SECRET_BYTES = 32


class Environment(StrEnum):
    """Where Vincula runs; production refuses development defaults."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


Port = Annotated[int, Field(ge=0, le=65535)]


class Settings(BaseSettings):
    """Configuration of every Vincula process (CLI, stream worker, API)."""

    model_config = SettingsConfigDict(
        env_prefix="VINCULA_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    environment: Environment = Environment.DEVELOPMENT

    # Kafka
    kafka_bootstrap: str = Field(
        default="127.0.0.1:9092",
        description="host:port[,host:port…] of the Kafka brokers.",
        pattern=r"^[^\s,]+:\d+(,[^\s,]+:\d+)*$",
    )
    kafka_version: str = Field(
        default="4.1.1",
        description="Apache Kafka version fetched from Maven Central for the local broker.",
        pattern=r"^\d+\.\d+\.\d+$",
    )
    topic_namespace: str = Field(default="vincula", pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$")
    topic_partitions: int = Field(default=4, ge=1, le=256)
    topic_replication: int = Field(default=1, ge=1, le=16)
    consumer_group: str = Field(default="vincula", min_length=1)

    # PostgreSQL: DATABASE_URL when set, otherwise an embedded server in state_dir.
    database_url: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("VINCULA_DATABASE_URL", "DATABASE_URL"),
    )
    state_dir: Path = Field(
        default=REPOSITORY_ROOT / ".local",
        description="Local state: Kafka jars, embedded PostgreSQL data, caches.",
    )

    # Worker
    worker_web_port: Port = 6066
    worker_web_host: str = "127.0.0.1"

    # Personal data
    pseudonym_key: SecretStr = SecretStr(DEVELOPMENT_PSEUDONYM_KEY)
    webhook_signing_key: SecretStr = SecretStr(DEVELOPMENT_WEBHOOK_KEY)
    # Keys the hash under which API tokens are stored; changing it invalidates every token.
    token_hash_key: SecretStr = SecretStr(DEVELOPMENT_TOKEN_KEY)
    # Signs the links in graduates' e-mails; rotating it voids every link already sent.
    link_signing_key: SecretStr = SecretStr(DEVELOPMENT_LINK_KEY)

    # Trusted issuers of signed credentials (streams.ingest.issuers), read at ingestion.
    issuer_keys_file: Path | None = Field(
        default=None,
        description="JSON registry of trusted credential issuers and their public keys; "
        "unset means emisores.json in state_dir.",
    )

    # Notifications: e-mail to graduates, signed webhooks to employers
    smtp_host: str = "127.0.0.1"
    smtp_port: Port = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    mail_from: str = "Vincula <no-responder@vincula.mx>"
    max_notifications_per_day: int = Field(default=3, ge=1, le=100)
    delivery_attempts: int = Field(default=5, ge=1, le=20)
    delivery_backoff_seconds: float = Field(default=1.0, ge=0, le=300)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    webhook_allowed_endpoints: list[Annotated[str, Field(pattern=r"^[^\s:/]+:\d{1,5}$")]] = Field(
        default_factory=list,
        description="host:port pairs webhooks may reach although they are not public (the "
        "local demo receiver); refused in production.",
    )
    public_base_url: str = Field(default="http://127.0.0.1:8000", pattern=r"^https?://\S+$")
    digest_check_seconds: float = Field(default=300.0, gt=0)

    # HTTP API abuse limits, per client address and per credential ("N/second|minute|hour").
    rate_limit: str = Field(default="240/minute", pattern=r"^\d+/(second|minute|hour)$")
    rate_limit_strict: str = Field(
        default="30/minute",
        pattern=r"^\d+/(second|minute|hour)$",
        description="Cohort uploads and the pages and calls of graduates' signed links.",
    )

    # Matching
    reference_data_dir: Path = Field(
        default_factory=default_snapshot_dir,
        description="Folder of an ESCO/O*NET snapshot (manifest.json); by default the one "
        "packaged in matching/data/reference. `vincula reference build` writes another.",
    )
    embedding_model: str = Field(
        default="",
        description="sentence-transformers model name or local path; empty means the packaged "
        "all-MiniLM-L6-v2.",
    )

    matching_encoder: str = Field(
        default="sentence-transformers",
        pattern=r"^(sentence-transformers|hashing)$",
        description="'sentence-transformers' (the model above) or 'hashing', a lexical-only "
        "encoder that needs no model (for small machines and fast tests).",
    )
    shortlist_factor: float = Field(default=2.0, gt=0, le=1000)
    exposure_cap: int = Field(default=3, ge=1, le=100)
    min_outcomes_for_model: int = Field(default=200, ge=1)
    follow_up_check_seconds: float = Field(default=60.0, gt=0)
    graduation_batch_size: int = Field(default=200, ge=1, le=10_000)
    graduation_batch_seconds: float = Field(default=1.0, gt=0, le=60)

    @model_validator(mode="after")
    def _refuse_development_secrets_in_production(self) -> Settings:
        if self.environment is not Environment.PRODUCTION:
            return self
        for name, development_value in (
            ("pseudonym_key", DEVELOPMENT_PSEUDONYM_KEY),
            ("webhook_signing_key", DEVELOPMENT_WEBHOOK_KEY),
            ("token_hash_key", DEVELOPMENT_TOKEN_KEY),
            ("link_signing_key", DEVELOPMENT_LINK_KEY),
        ):
            value: SecretStr = getattr(self, name)
            secret = value.get_secret_value()
            if secret == development_value:
                raise ValueError(
                    f"VINCULA_{name.upper()} still has its development value; "
                    "set a secret of your own in production"
                )
            if len(secret.encode()) < MIN_SECRET_BYTES:
                raise ValueError(
                    f"VINCULA_{name.upper()} must be at least {MIN_SECRET_BYTES} bytes long"
                )
        if self.database_url is None:
            raise ValueError("DATABASE_URL is required in production (no embedded PostgreSQL)")
        if self.webhook_allowed_endpoints:
            raise ValueError(
                "VINCULA_WEBHOOK_ALLOWED_ENDPOINTS must be empty in production: webhooks go only "
                "to public HTTPS endpoints"
            )
        return self

    @property
    def webhook_allow_http(self) -> bool:
        """Plain-HTTP webhooks are for development and tests only."""
        return self.environment is not Environment.PRODUCTION

    @property
    def kafka_cache_dir(self) -> Path:
        """Where the Kafka jars of ``kafka_version`` are cached."""
        return self.state_dir / "kafka" / self.kafka_version

    @property
    def issuer_registry_path(self) -> Path:
        """The registry of trusted credential issuers (``vincula emisores``)."""
        return self.issuer_keys_file or self.state_dir / "emisores.json"

    @property
    def embedded_pgdata(self) -> Path:
        """Data folder of the embedded PostgreSQL server."""
        return self.state_dir / "postgres"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and ``.env``; raise an actionable error if invalid."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'settings'}: {item['msg']}"
            for item in error.errors()
        )
        raise ConfigurationError(f"Invalid settings: {problems}") from error
