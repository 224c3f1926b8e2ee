"""Dead letters: reading them back from ``<topic>.dlq`` and re-publishing them after a fix.

Each re-published dead letter is recorded (table ``dead_letter_republished``)
in the transaction that waits for the broker's acknowledgement, so running
``vincula dlq republish`` twice sends nothing the second time. The copy
carries ``vincula.republished_from = <dlq topic>:<partition>:<offset>``; the
partition is part of it because offsets are per partition.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from streams.config import KafkaConfig
from streams.errors import StreamsError
from streams.reading import StoredMessage, read_from_beginning
from streams.topics import ALL_TOPICS, Topics, dead_letter_topic

REPUBLISHED_FROM = "vincula.republished_from"


class DeadLetterError(StreamsError):
    """A dead letter cannot be found or re-published as asked."""


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """One message of a dead-letter topic, with why and from where it came."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    reason: str
    exception: str
    source_topic: str | None
    source_partition: int | None
    source_offset: int | None
    time: datetime
    headers: tuple[tuple[str, bytes], ...] = ()

    @property
    def position(self) -> str:
        """``partition:offset``, as the CLI shows and accepts it."""
        return f"{self.partition}:{self.offset}"

    @property
    def source(self) -> str:
        """``topic[partition]@offset`` of the original message, or '?'."""
        if self.source_topic is None:
            return "?"
        return f"{self.source_topic}[{self.source_partition}]@{self.source_offset}"


def _int(text: str | None) -> int | None:
    try:
        return None if text is None else int(text)
    except ValueError:
        return None


def dead_letter_of(message: StoredMessage) -> DeadLetter:
    """Decode the ``vincula.*`` headers of a dead-letter message (missing ones stay None)."""
    headers = {name: value.decode("utf-8", "replace") for name, value in message.headers}
    millis = _int(headers.get("vincula.dead_lettered_at")) or message.timestamp_ms
    return DeadLetter(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=message.key,
        value=message.value,
        reason=headers.get("vincula.reason", ""),
        exception=headers.get("vincula.exception", ""),
        source_topic=headers.get("vincula.source.topic"),
        source_partition=_int(headers.get("vincula.source.partition")),
        source_offset=_int(headers.get("vincula.source.offset")),
        time=datetime.fromtimestamp(millis / 1000, tz=UTC),
        headers=message.headers,
    )


def resolve_dead_letter_topics(topics: Topics, name: str | None) -> list[str]:
    """The dead-letter topics meant by ``name`` (any form of a topic's name), or all of them."""
    every = [dead_letter_topic(topics.name(spec)) for spec in ALL_TOPICS]
    if name is None:
        return every
    for spec in ALL_TOPICS:
        full = topics.name(spec)
        forms = {full, dead_letter_topic(full), spec.suffix, dead_letter_topic(spec.suffix)}
        forms.add(spec.suffix.split(".")[0])
        if name in forms:
            return [dead_letter_topic(full)]
    known = ", ".join(spec.suffix.split(".")[0] for spec in ALL_TOPICS)
    raise DeadLetterError(f"tema desconocido: '{name}'. Temas: {known}")


def parse_position(text: str) -> tuple[int | None, int]:
    """``'3:17'`` → (3, 17); ``'17'`` → (None, 17)."""
    partition, _, offset = text.rpartition(":")
    try:
        return (int(partition) if partition else None), int(offset)
    except ValueError:
        raise DeadLetterError(
            f"posición inválida: '{text}'; use OFFSET o PARTICIÓN:OFFSET"
        ) from None


def read_dead_letters(settings: KafkaConfig, topic: str | None = None) -> list[DeadLetter]:
    """Every dead letter (of one topic, if named), oldest first per partition."""
    names = resolve_dead_letter_topics(Topics(settings.topic_namespace), topic)
    return [
        dead_letter_of(message)
        for message in read_from_beginning(settings, names, client_id="vincula-dlq")
    ]


def select(letters: Iterable[DeadLetter], partition: int | None, offset: int) -> DeadLetter:
    """The one dead letter at ``offset`` (of ``partition`` when several partitions have it)."""
    found = [
        letter
        for letter in letters
        if letter.offset == offset and (partition is None or letter.partition == partition)
    ]
    if not found:
        raise DeadLetterError(f"no hay carta muerta en la posición {offset}")
    if len(found) > 1:
        options = ", ".join(letter.position for letter in found)
        raise DeadLetterError(
            f"el offset {offset} existe en varias particiones ({options}); indique PARTICIÓN:OFFSET"
        )
    return found[0]


def describe(letter: DeadLetter) -> str:
    """Headers and pretty-printed payload, for ``vincula dlq show``."""
    lines = [
        f"tema:        {letter.topic}",
        f"posición:    {letter.position}",
        f"origen:      {letter.source}",
        f"excepción:   {letter.exception}",
        f"motivo:      {letter.reason}",
        f"fecha:       {letter.time.isoformat()}",
        f"clave:       {letter.key.decode('utf-8', 'replace') if letter.key else '—'}",
        "encabezados:",
    ]
    lines += [f"  {name} = {value.decode('utf-8', 'replace')}" for name, value in letter.headers]
    lines.append("contenido:")
    lines.append(_pretty(letter.value))
    return "\n".join(lines) + "\n"


def _pretty(value: bytes | None) -> str:
    if not value:
        return "  (vacío)"
    try:
        return json.dumps(json.loads(value), indent=2, ensure_ascii=False, sort_keys=True)
    except (ValueError, UnicodeDecodeError):
        return "  " + repr(value)


class RepublishLog(Protocol):
    """Remembers which dead letters were re-published."""

    def claim(
        self, *, dlq_topic: str, partition: int, offset: int, source_topic: str
    ) -> AbstractContextManager[bool]:
        """True inside the block when not re-published before; commits when the block succeeds."""
        ...


class RawSender(Protocol):
    """Sends raw bytes and waits for the acknowledgement (``EventProducer`` does)."""

    def send_raw(
        self,
        topic: str,
        *,
        key: bytes | None,
        value: bytes,
        headers: Sequence[tuple[str, bytes]] = (),
    ) -> None: ...

    def flush(self, timeout: float = 60.0) -> None: ...


@dataclass(frozen=True, slots=True)
class Republished:
    """What happened to one dead letter: sent now, or already sent by an earlier run."""

    letter: DeadLetter
    sent: bool


def republish(
    letters: Iterable[DeadLetter], *, log: RepublishLog, sender: RawSender
) -> Iterator[Republished]:
    """Send each dead letter's payload back to its source topic, once ever."""
    for letter in letters:
        if letter.source_topic is None:
            raise DeadLetterError(
                f"{letter.topic} {letter.position} no dice de qué tema viene; no se reenvía"
            )
        with log.claim(
            dlq_topic=letter.topic,
            partition=letter.partition,
            offset=letter.offset,
            source_topic=letter.source_topic,
        ) as first_time:
            if first_time:
                origin = f"{letter.topic}:{letter.partition}:{letter.offset}"
                sender.send_raw(
                    letter.source_topic,
                    key=letter.key,
                    value=letter.value or b"",
                    headers=[(REPUBLISHED_FROM, origin.encode())],
                )
                # Acknowledged before the claim commits: a failed send is retried next run.
                sender.flush()
        yield Republished(letter, sent=first_time)
