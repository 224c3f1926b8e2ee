"""``vincula up`` as a person runs it: a subprocess, its printed credentials, Ctrl-C, a restart.

The run starts its own broker and (unless ``DATABASE_URL`` is set, which it
then joins) its own embedded PostgreSQL in a fresh state folder. The test
signs in with a printed credential, loads a cohort as the printed programme,
asks for a graduate's link and follows it from the local inbox (so e-mails
point at the port ``up`` serves), stops everything with SIGINT, checks that
no process is left, and starts again to find the same credential and inbox.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil  # type: ignore[import-untyped]
import pytest

from models.database import drop_database, ensure_database
from tests.integration.conftest import KAFKA_VERSION
from tests.integration.helpers import eventually
from vincula.local.kafka import fetch_kafka
from vincula.local.ports import free_port
from vincula.settings import REPOSITORY_ROOT, Settings
from vincula.synthetic.cohorts import write_cohort_jsonl

pytestmark = pytest.mark.integration

READY = "Ctrl-C detiene todo."
# Vincula's own loggers; at the default level nothing else may reach the console.
OWN_LOGGERS = ("vincula", "streams", "models", "matching")
_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (\w+) ([\w.]+): ")


@dataclass
class Up:
    """One ``vincula up`` subprocess and what it printed."""

    process: subprocess.Popen[str]
    stderr_file: Path
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while READY not in self.lines:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    f"vincula up did not get ready:\n{self.output}\n"
                    f"{self.stderr_file.read_text(encoding='utf-8')}"
                )
            time.sleep(0.2)

    def token(self, code: str) -> str:
        found = re.search(rf"vnc_{code}_[0-9a-f]{{12}}_[0-9a-f]{{48}}", self.output)
        assert found is not None, self.output
        return found.group()

    def descendants(self) -> list[psutil.Process]:
        return list(psutil.Process(self.process.pid).children(recursive=True))

    def interrupt(self, timeout: float = 90.0) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout)
        if self.reader is not None:
            self.reader.join(10)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return code


@pytest.fixture
def state_dir() -> Iterator[Path]:
    """A fresh state folder outside pytest's private tree (the embedded server's user reads it)."""
    folder = Path(tempfile.gettempdir()) / f"vincula-up-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    # The broker jars are fetched once for the whole repository, not per state folder.
    fetch_kafka(KAFKA_VERSION, REPOSITORY_ROOT / ".local" / "kafka" / KAFKA_VERSION)
    (folder / "kafka").symlink_to(REPOSITORY_ROOT / ".local" / "kafka")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def database() -> Iterator[str | None]:
    """A fresh database on ``DATABASE_URL`` for ``up`` to join; None to let it embed one."""
    admin_url = os.environ.get("DATABASE_URL")
    if not admin_url:
        yield None
        return
    name = f"vincula_up_{uuid.uuid4().hex[:10]}"
    url = ensure_database(admin_url, name)
    try:
        yield url
    finally:
        drop_database(admin_url, name)


def _environment(state_dir: Path, database: str | None) -> dict[str, str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("VINCULA_") and key != "DATABASE_URL"
    }
    environment = {
        **inherited,
        "VINCULA_STATE_DIR": str(state_dir),
        "VINCULA_KAFKA_VERSION": KAFKA_VERSION,
        "VINCULA_MATCHING_ENCODER": "hashing",
        "VINCULA_GRADUATION_BATCH_SECONDS": "0.5",
        "VINCULA_RATE_LIMIT": "100000/minute",
        "VINCULA_RATE_LIMIT_STRICT": "100000/minute",
    }
    if database is not None:
        environment["DATABASE_URL"] = database
    return environment


def _start(state_dir: Path, database: str | None, port: int, workers: int) -> Up:
    stderr_file = state_dir / f"up-{time.monotonic_ns()}.err"
    with stderr_file.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "vincula", "up", "--port", str(port), "--workers", str(workers)],
            env=_environment(state_dir, database),
            cwd=state_dir,  # no .env of the clone is read
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    up = Up(process, stderr_file)
    up.reader = threading.Thread(target=up.read, daemon=True)
    up.reader.start()
    return up


def _postmaster(state_dir: Path) -> int | None:
    pid_file = state_dir / "postgres" / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


def _still_running(process: psutil.Process | int) -> bool:
    try:
        found = psutil.Process(process) if isinstance(process, int) else process
        return bool(found.is_running() and found.status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def _stop_and_check_nothing_is_left(up: Up, state_dir: Path) -> None:
    started = up.descendants()
    postmaster = _postmaster(state_dir)
    assert up.interrupt() == 0, up.stderr_file.read_text(encoding="utf-8")
    left = [p for p in started if _still_running(p)]
    assert left == []
    if postmaster is not None:
        # pg_ctl returns once the pid file is gone, a moment before the server process exits.
        eventually(lambda: not _still_running(postmaster), timeout=10)
    assert "Todo detenido." in up.output


def _sign_in(client: httpx.Client, token: str) -> httpx.Response:
    form = client.get("/entrar")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    return client.post("/entrar", data={"token": token, "csrf": csrf.group(1)})


def _cohort_of_tecnm(folder: Path) -> tuple[bytes, str]:
    """A few rows of the TecNM programme, and one graduate's e-mail who wants e-mails."""
    generated = write_cohort_jsonl(
        folder / "cohorte.jsonl", 60, seed=7, reference_data_dir=Settings().reference_data_dir
    )
    rows = [json.loads(line) for line in generated.path.read_text(encoding="utf-8").splitlines()]
    mine = [row for row in rows if row["emisor"] == "tecnm_infotec"][:5]
    assert mine, "the synthetic cohort has no TecNM rows"
    email = next(row["correo"] for row in mine if row["consentimiento_notificaciones"])
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in mine).encode(), email


def _console_is_quiet(up: Up) -> None:
    """Only Vincula's own lines, or libraries' warnings, reach the console by default."""
    for line in up.stderr_file.read_text(encoding="utf-8").splitlines():
        shown = _LOG_LINE.match(line)
        if shown is None:
            continue
        level, logger = shown.groups()
        own = logger.split(".", 1)[0] in OWN_LOGGERS
        assert own or level in {"WARNING", "ERROR", "CRITICAL"}, line


def test_up_serves_signs_in_mails_links_stops_and_continues(
    state_dir: Path, database: str | None, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    up = _start(state_dir, database, port, workers=1)
    try:
        up.wait_ready(timeout=240)
        with httpx.Client(base_url=base, timeout=10) as client:
            health = client.get("/health").json()
            assert health["broker"]["ok"] is True
            assert health["database"]["ok"] is True
            assert health["workers"]["members"] == 1
            assert "1 en el grupo vincula" in up.output

            ministry = up.token("min")
            signed_in = _sign_in(client, ministry)
            assert signed_in.status_code == 303
            assert signed_in.headers["location"] == "/tablero"
            assert client.get("/tablero").status_code == 200

            cohort, email = _cohort_of_tecnm(tmp_path)
            uploaded = client.post(
                "/v1/cohorts",
                files={"file": ("tecnm.jsonl", cohort)},
                headers={"Authorization": f"Bearer {up.token('prg')}"},
            )
            assert uploaded.status_code == 200, uploaded.text
            assert uploaded.json()["rejected"] == 0

            form = client.get("/perfil/enlace")
            csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert csrf is not None
            asked = client.post("/perfil/enlace", data={"correo": email, "csrf": csrf.group(1)})
            assert asked.status_code == 200
            eventually(lambda: "/correo/1" in client.get("/correo").text, timeout=90, every=1.0)
            mail = client.get("/correo/1").text
            link = re.search(rf'href="({re.escape(base)}/perfil\?t=[^"]+)"', mail)
            assert link is not None, mail  # the link points at the port `up` serves
            profile = client.get(link.group(1).replace("&amp;", "&"))
            assert profile.status_code == 200
        _console_is_quiet(up)
    finally:
        if up.process.poll() is None:
            _stop_and_check_nothing_is_left(up, state_dir)

    again = _start(state_dir, database, port, workers=0)
    try:
        again.wait_ready(timeout=180)
        assert again.token("min") == ministry  # the same credentials, still valid
        with httpx.Client(base_url=base, timeout=10) as client:
            assert _sign_in(client, ministry).status_code == 303
            assert "/correo/1" in client.get("/correo").text  # the inbox survived
    finally:
        if again.process.poll() is None:
            _stop_and_check_nothing_is_left(again, state_dir)
