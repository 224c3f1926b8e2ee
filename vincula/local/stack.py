"""Worker processes on this machine, as `vincula up`, the demo and integration tests run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from vincula.errors import ConfigurationError, ServiceUnavailableError
from vincula.local.ports import free_port
from vincula.local.processes import terminate, terminate_all
from vincula.settings import Settings


def worker_environment(settings: Settings) -> dict[str, str]:
    """Environment variables that hand ``settings`` to a worker subprocess."""
    if settings.database_url is None:
        raise ConfigurationError(
            "un worker en subproceso necesita una URL de base de datos explícita"
        )
    return {
        "VINCULA_ENVIRONMENT": settings.environment.value,
        "VINCULA_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "VINCULA_DATABASE_URL": settings.database_url.get_secret_value(),
        "VINCULA_TOPIC_NAMESPACE": settings.topic_namespace,
        "VINCULA_CONSUMER_GROUP": settings.consumer_group,
        "VINCULA_TOPIC_PARTITIONS": str(settings.topic_partitions),
        "VINCULA_REFERENCE_DATA_DIR": str(settings.reference_data_dir),
        "VINCULA_MATCHING_ENCODER": settings.matching_encoder,
        "VINCULA_EMBEDDING_MODEL": settings.embedding_model,
        "VINCULA_FOLLOW_UP_CHECK_SECONDS": str(settings.follow_up_check_seconds),
        "VINCULA_GRADUATION_BATCH_SECONDS": str(settings.graduation_batch_seconds),
        "VINCULA_SHORTLIST_FACTOR": str(settings.shortlist_factor),
        "VINCULA_EXPOSURE_CAP": str(settings.exposure_cap),
        "VINCULA_SMTP_HOST": settings.smtp_host,
        "VINCULA_SMTP_PORT": str(settings.smtp_port),
        "VINCULA_MAX_NOTIFICATIONS_PER_DAY": str(settings.max_notifications_per_day),
        "VINCULA_DELIVERY_ATTEMPTS": str(settings.delivery_attempts),
        "VINCULA_DELIVERY_BACKOFF_SECONDS": str(settings.delivery_backoff_seconds),
        "VINCULA_PSEUDONYM_KEY": settings.pseudonym_key.get_secret_value(),
        "VINCULA_WEBHOOK_SIGNING_KEY": settings.webhook_signing_key.get_secret_value(),
        "VINCULA_WEBHOOK_ALLOWED_ENDPOINTS": json.dumps(settings.webhook_allowed_endpoints),
        "VINCULA_LINK_SIGNING_KEY": settings.link_signing_key.get_secret_value(),
        # The links in e-mails must point at the API that actually serves them.
        "VINCULA_PUBLIC_BASE_URL": settings.public_base_url,
        "VINCULA_MAIL_FROM": settings.mail_from,
    }


@dataclass
class WorkerProcess:
    """``python -m vincula worker`` in a subprocess, with its own web port and log."""

    environment: dict[str, str]
    work_dir: Path
    web_port: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def log_file(self) -> Path:
        """Where the worker's output goes."""
        return self.work_dir / "worker.log"

    def start(self) -> None:
        """Launch the worker; returns at once (see ``wait_assigned``)."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        if self.web_port == 0:
            self.web_port = free_port()
        environment = {
            **os.environ,
            **self.environment,
            "VINCULA_WORKER_WEB_PORT": str(self.web_port),
            "VINCULA_STATE_DIR": str(self.work_dir / "state"),
        }
        log = self.log_file.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "vincula", "worker"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def health(self) -> dict[str, object] | None:
        """The worker's ``/health`` answer, or None while it is not serving."""
        url = f"http://127.0.0.1:{self.web_port}/health"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body: dict[str, object] = json.loads(response.read())
                return body
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def assigned(self) -> set[str]:
        """Partitions (``topic:partition``) this worker consumes now."""
        health = self.health()
        if health is None:
            return set()
        partitions = health.get("assigned", [])
        return {str(item) for item in partitions} if isinstance(partitions, list) else set()

    def alive(self) -> bool:
        """True while the process runs."""
        return self._process is not None and self._process.poll() is None

    def last_log_lines(self, count: int = 40) -> str:
        """The tail of the worker's log, for error messages."""
        if not self.log_file.exists():
            return "(sin registro)"
        lines = self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(lines[-count:])

    def stop(self, timeout: float = 30.0) -> None:
        """Stop gracefully (SIGTERM); kill after ``timeout``."""
        process, self._process = self._process, None
        terminate(process, timeout)

    def kill(self) -> None:
        """Stop abruptly, as a crash would."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(10)


def stop_workers(workers: list[WorkerProcess], timeout: float = 30.0) -> None:
    """Stop every worker at once, each leaving its group cleanly; kill any up at ``timeout``."""
    processes = [worker._process for worker in workers]
    for worker in workers:
        worker._process = None
    terminate_all(processes, timeout)


def wait_for_assignment(
    workers: list[WorkerProcess], expected: set[str], timeout: float = 120.0
) -> None:
    """Wait until the workers together consume exactly ``expected`` partitions, each once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in workers:
            if not worker.alive():
                raise ServiceUnavailableError(
                    f"un worker terminó al arrancar. Su registro:\n{worker.last_log_lines()}"
                )
        assignments = [worker.assigned() for worker in workers]
        union = set().union(*assignments)
        disjoint = sum(len(a) for a in assignments) == len(union)
        if expected <= union and disjoint and all(assignments):
            return
        time.sleep(0.5)
    logs = "\n---\n".join(worker.last_log_lines(20) for worker in workers)
    raise ServiceUnavailableError(
        f"los workers no se repartieron las particiones en {timeout:.0f} s. Registros:\n{logs}"
    )
