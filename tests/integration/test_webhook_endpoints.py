"""An employer registers its webhook endpoint once and its ATS verifies every delivery.

The ATS is the documented example receiver (``deploy/examples``), run as its
own process; the API, a worker, the broker and the database are real.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from streams.notify.links import LinkPurpose
from streams.processing import Outgoing
from streams.producer import EventProducer
from tests.integration.factories import graduate, months_ago, vacancy
from tests.integration.helpers import bearer, eventually, query
from tests.integration.test_api_loop import answer_link, signed
from tests.integration.test_pipeline import all_partitions
from vincula.api import create_api
from vincula.local.ports import free_port
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

RECEIVER = Path(__file__).resolve().parents[2] / "deploy" / "examples" / "receptor_webhooks.py"
EMPLOYER = "aeroparts-queretaro"


class Ats:
    """The example receiver in a subprocess; what it printed, as parsed JSON lines."""

    def __init__(self, secret_file: Path) -> None:
        self.port = free_port()
        self.secret_file = secret_file
        self.lines: list[dict[str, Any]] = []
        self._process = subprocess.Popen(
            [
                sys.executable,
                str(RECEIVER),
                "--port",
                str(self.port),
                "--secret-file",
                str(secret_file),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/vincula"

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self.lines.append(json.loads(line))

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [line for line in self.lines if line.get("type") == kind]

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        self._reader.join(timeout=10)
        assert self._process.stdout is not None
        self._process.stdout.close()


@pytest.fixture
def ats(tmp_path: Path) -> Iterator[Ats]:
    receiver = Ats(tmp_path / "secreto.txt")
    eventually(lambda: _listening(receiver.port), timeout=20)
    try:
        yield receiver
    finally:
        receiver.stop()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_registered_endpoint_gets_verified_shortlists_and_answers_and_survives_rotation(
    settings: Settings, start_worker: Callable[..., WorkerProcess], ats: Ats
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    # Loopback is refused unless allow-listed, as the local demo receiver is in development.
    configured = settings.model_copy(
        update={"webhook_allowed_endpoints": [f"127.0.0.1:{ats.port}"]}
    )
    wait_for_assignment([start_worker(configured=configured)], all_partitions(settings))
    employer = bearer(settings, "employer", employer=EMPLOYER)
    other = bearer(settings, "employer", employer="otra-empresa")
    with TestClient(create_api(configured), headers=employer) as client:
        assert client.get("/v1/webhook").status_code == 404
        registered = client.put("/v1/webhook", json={"url": ats.url})
        assert registered.status_code == 202, registered.text
        secret = registered.json()["secret"]
        assert secret.startswith("whsec_") and registered.json()["secret_version"] == 1
        view = eventually(lambda: _ok(client.get("/v1/webhook")))
        assert view["url"] == ats.url and "secret" not in view
        assert client.get("/v1/webhook", headers=other).status_code == 404
        ats.secret_file.write_text(secret + "\n")

        body = vacancy("HOOK-1", employer_id=EMPLOYER, seats=2, at=months_ago(1)).model_dump(
            mode="json", exclude={"event_id", "event_time", "schema_version", "event_type"}
        )
        assert client.post("/v1/vacancies", json=body).status_code == 202
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'HOOK-1'"))
        person = graduate("hook", at=months_ago(1))
        with EventProducer(settings) as producer:
            producer.send_all([Outgoing(key=person.graduate_id, event=person)])
        [shortlisted] = eventually(lambda: ats.of_type("shortlist.updated"), timeout=60)
        [(match_id,)] = query(url, "SELECT match_id FROM matches")
        assert shortlisted["match_id"] == str(match_id)
        assert person.graduate_id not in json.dumps(ats.lines)

        # The graduate says «me interesa»: the employer's ATS hears it.
        token = signed(settings, LinkPurpose.MATCH_ANSWER, match_id)
        answer_link(client, f"/coincidencias/{match_id}", token, "me-interesa")
        [answered] = eventually(lambda: ats.of_type("candidate.answered"), timeout=60)
        assert (answered["match_id"], answered["answer"]) == (str(match_id), "interested")

        # Rotation: the ATS still holds only the old secret, and still verifies.
        rotated = client.post("/v1/webhook/rotacion")
        assert rotated.status_code == 202, rotated.text
        assert rotated.json()["secret_version"] == 2 and rotated.json()["secret"] != secret
        eventually(lambda: _ok(client.get("/v1/webhook"))["secret_version"] == 2)
        second = graduate("hook2", at=months_ago(1))
        with EventProducer(settings) as producer:
            producer.send_all([Outgoing(key=second.graduate_id, event=second)])
        eventually(lambda: len(ats.of_type("shortlist.updated")) == 2, timeout=60)

        assert client.delete("/v1/webhook").status_code == 202
        eventually(lambda: client.get("/v1/webhook").status_code == 404)
    delivered = query(
        url, "SELECT count(*) FROM notifications WHERE channel = 'webhook' AND status = 'delivered'"
    )
    assert delivered == [(3,)]


def _ok(response: Any) -> Any:
    return response.json() if response.status_code == 200 else None


@pytest.mark.parametrize(
    "target",
    [
        "http://localhost:{port}/vincula",  # a name that resolves to loopback
        "http://127.0.0.1:{port}/vincula",  # loopback, not allow-listed here
        "http://10.20.30.40/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/hook",
        "http://[::1]:{port}/hook",
    ],
)
def test_non_public_endpoints_are_refused_at_registration(
    settings: Settings, ats: Ats, target: str
) -> None:
    employer = bearer(settings, "employer", employer=EMPLOYER)
    with TestClient(create_api(settings), headers=employer) as client:
        refused = client.put("/v1/webhook", json={"url": target.format(port=ats.port)})
    assert refused.status_code == 422
    assert "no pública" in refused.json()["detail"][0]["msg"]
    assert ats.lines == []
    assert query(settings.database_url.get_secret_value(), "SELECT 1 FROM webhook_endpoints") == []


def test_an_endpoint_that_does_not_echo_the_challenge_is_not_registered(settings: Settings) -> None:
    port = free_port()

    class Silent(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", port), Silent)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    configured = settings.model_copy(update={"webhook_allowed_endpoints": [f"127.0.0.1:{port}"]})
    employer = bearer(settings, "employer", employer=EMPLOYER)
    try:
        with TestClient(create_api(configured), headers=employer) as client:
            refused = client.put("/v1/webhook", json={"url": f"http://127.0.0.1:{port}/x"})
    finally:
        server.shutdown()
        server.server_close()
    assert refused.status_code == 422
    assert "verificación" in refused.json()["detail"][0]["msg"]
