"""The local mail catcher's inbox as two pages: the list of messages and one message.

Mounted by ``vincula up`` on its own API only (it is not part of the
product's app, so no deployment serves it). Each message shows its plain-text
part, escaped, with its ``http(s)`` links made clickable, so the links in a
graduate's e-mail can be followed from the browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from vincula.demo.mailbox import RECEIVED_HEADER, Mailbox
from vincula.web.render import SECURITY_HEADERS

INBOX_PATH = "/correo"
MEXICO_CITY = ZoneInfo("America/Mexico_City")
_URL = re.compile(r"https?://[^\s<>\"']+")
# A link ends before the punctuation that closes the sentence around it.
_TRAILING = ".,;:!?)»"

_environment = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_PAGE = _environment.from_string(
    """<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · Vincula</title>
<link rel="stylesheet" href="/estaticos/vincula.css">
</head>
<body>
<header class="barra"><a href="/">Vincula</a>
<nav aria-label="Secciones"><a href="{{ inbox }}">Correo local</a></nav></header>
<main id="contenido">
<h1>{{ title }}</h1>
{% if message is none %}
<p>Correos que Vincula envió en esta máquina; ninguno salió a Internet.</p>
{% if not rows %}
<p>Aún no llega ningún correo.</p>
{% else %}
<table>
<thead><tr><th scope="col">Recibido</th><th scope="col">Para</th>
<th scope="col">Asunto</th></tr></thead>
<tbody>
{% for row in rows %}
<tr><td>{{ row.date }}</td><td>{{ row.to }}</td>
<td><a href="{{ inbox }}/{{ row.number }}">{{ row.subject or "(sin asunto)" }}</a></td></tr>
{% endfor %}
</tbody>
</table>
{% endif %}
{% else %}
<dl>
<dt>De</dt><dd>{{ message.sender }}</dd>
<dt>Para</dt><dd>{{ message.to }}</dd>
<dt>Fecha</dt><dd>{{ message.date }}</dd>
</dl>
<pre class="correo">
{%- for kind, text in message.body -%}
{%- if kind == "link" %}<a href="{{ text }}">{{ text }}</a>{% else %}{{ text }}{% endif -%}
{%- endfor -%}
</pre>
<p><a href="{{ inbox }}">Volver al correo</a></p>
{% endif %}
</main>
</body>
</html>
"""
)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the inbox list."""

    number: int
    date: str
    to: str
    subject: str


@dataclass(frozen=True, slots=True)
class Shown:
    """One message as the page shows it: headers and its text cut into text and links."""

    sender: str
    to: str
    date: str
    subject: str
    body: list[tuple[str, str]]


def _date(message: EmailMessage) -> str:
    """When the message arrived (or says it was sent), in Mexico City time."""
    value = message.get(RECEIVED_HEADER) or message.get("Date")
    if value is None:
        return ""
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(MEXICO_CITY)
    return f"{moment:%Y-%m-%d %H:%M}"


def plain_text(message: EmailMessage) -> str:
    """The message's plain-text part (or its only part), decoded."""
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else ""


def with_links(text: str) -> list[tuple[str, str]]:
    """``text`` cut into ``("text", …)`` and ``("link", url)`` pieces, in order."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for found in _URL.finditer(text):
        url = found.group().rstrip(_TRAILING)
        end = found.start() + len(url)
        if found.start() > position:
            pieces.append(("text", text[position : found.start()]))
        pieces.append(("link", url))
        position = end
    if position < len(text):
        pieces.append(("text", text[position:]))
    return pieces


def _page(title: str, **context: object) -> HTMLResponse:
    html = _PAGE.render(title=title, inbox=INBOX_PATH, **{"message": None, **context})
    return HTMLResponse(html, headers=dict(SECURITY_HEADERS))


def inbox_router(mailbox: Mailbox) -> APIRouter:
    """``GET /correo`` (newest first) and ``GET /correo/{n}`` for ``mailbox``."""
    router = APIRouter(include_in_schema=False)

    @router.get(INBOX_PATH, response_class=HTMLResponse)
    def listing() -> HTMLResponse:
        messages = mailbox.snapshot()
        rows = [
            Row(number, _date(message), str(message.get("To", "")), str(message["Subject"] or ""))
            for number, message in reversed(list(enumerate(messages, start=1)))
        ]
        return _page(f"Correo local ({len(rows)})", rows=rows)

    @router.get(INBOX_PATH + "/{number}", response_class=HTMLResponse)
    def one(number: int) -> HTMLResponse:
        messages = mailbox.snapshot()
        if not 1 <= number <= len(messages):
            raise HTTPException(status_code=404, detail="No hay un correo con ese número.")
        message = messages[number - 1]
        subject = str(message["Subject"] or "(sin asunto)")
        shown = Shown(
            sender=str(message.get("From", "")),
            to=str(message.get("To", "")),
            date=_date(message),
            subject=subject,
            body=with_links(plain_text(message)),
        )
        return _page(subject, message=shown)

    return router
