"""The mail catcher of ``vincula up``: messages kept as files, and the inbox pages."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace

from fastapi import FastAPI
from fastapi.testclient import TestClient

from vincula.demo.inbox import inbox_router, with_links
from vincula.demo.mailbox import Mailbox
from vincula.health import Check, PlatformHealth, Workers


def _deliver(mailbox: Mailbox, subject: str, text: str, html: str | None = None) -> None:
    message = EmailMessage()
    message["From"] = "Vincula <no-responder@vincula.mx>"
    message["To"] = "ana@correo.example.mx"
    message["Subject"] = subject
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    envelope = SimpleNamespace(content=message.as_bytes())
    assert asyncio.run(mailbox.handle_DATA(None, None, envelope)) == "250 OK"


def test_links_are_cut_out_without_the_punctuation_that_ends_the_sentence() -> None:
    pieces = with_links("Abra http://127.0.0.1:8123/perfil?t=a.b-c. O (https://x.mx/y).")
    assert pieces == [
        ("text", "Abra "),
        ("link", "http://127.0.0.1:8123/perfil?t=a.b-c"),
        ("text", ". O ("),
        ("link", "https://x.mx/y"),
        ("text", ")."),
    ]
    assert with_links("sin enlaces") == [("text", "sin enlaces")]


def test_messages_survive_a_restart_and_the_pages_escape_them(tmp_path: Path) -> None:
    first = Mailbox(port=0, folder=tmp_path)
    first.load()
    _deliver(first, "Primera", "Hola")
    _deliver(
        first,
        "Vacante <b>nueva</b>",
        "Responda en http://127.0.0.1:8123/coincidencias/m1?t=x&respuesta=si.\n<script>x</script>",
        html="<p>no se muestra</p>",
    )
    assert len(list(tmp_path.glob("*.eml"))) == 2

    again = Mailbox(port=0, folder=tmp_path)
    again.load()
    assert [str(m["Subject"]) for m in again.snapshot()] == ["Primera", "Vacante <b>nueva</b>"]

    app = FastAPI()
    app.include_router(inbox_router(again))
    with TestClient(app) as client:
        listing = client.get("/correo")
        assert listing.status_code == 200
        assert listing.headers["referrer-policy"] == "no-referrer"
        text = listing.text
        assert "Correo local (2)" in text
        assert text.index("/correo/2") < text.index("/correo/1")  # newest first
        assert "Vacante &lt;b&gt;nueva&lt;/b&gt;" in text

        shown = client.get("/correo/2").text
        link = "http://127.0.0.1:8123/coincidencias/m1?t=x&amp;respuesta=si"
        assert f'<a href="{link}">{link}</a>.' in shown
        assert "&lt;script&gt;" in shown and "<script>" not in shown
        assert "no se muestra" not in shown  # the plain-text part, not the HTML one
        assert client.get("/correo/3").status_code == 404
        assert client.get("/correo/0").status_code == 404


def test_the_health_summary_reads_in_spanish() -> None:
    health = PlatformHealth(
        broker=Check(True, "Kafka responde (1 broker)"),
        database=Check(True, "PostgreSQL responde"),
        workers=Workers("vincula", 2, 5, {"vincula.matches.v1": 5, "vincula.vacancies.v1": 0}),
    )
    assert health.lines() == [
        "broker         ✓ Kafka responde (1 broker)",
        "base de datos  ✓ PostgreSQL responde",
        "workers        ✓ 2 en el grupo vincula, retraso 5 mensajes (vincula.matches.v1: 5)",
    ]
    down = PlatformHealth(
        Check(False, "Kafka no responde"),
        Check(None, "x"),
        Workers("vincula", None, None, problem="el broker no responde"),
    )
    assert down.lines()[2] == "workers        ✗ sin datos del grupo vincula (el broker no responde)"
