"""JSON log lines keep the message and extra fields."""

from __future__ import annotations

import json
import logging

from vincula.logs import JsonFormatter


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
