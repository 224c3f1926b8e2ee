"""Spanish e-mails to graduates: a match proposal, a follow-up question, a daily digest,
and the link to their profile they asked for.

Pure functions of the request's parameters. The only personal datum a
message may hold is the recipient's own name, in the greeting; everything
else comes from the event's parameters, which carry none. Every message ends
with a signed link to the recipient's own profile, where they see, correct,
download or delete their data and change their consents.
"""

from __future__ import annotations

import html
import string
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from schemas.labels import SPANISH_MONTHS
from streams.notify.errors import TemplateError
from streams.notify.links import LinkPurpose, Links

MATCH_PROPOSED = "match_proposed"
FOLLOW_UP = "follow_up"
DIGEST = "digest"
PROFILE_ACCESS = "profile_access"

MAX_REASONS = 10

MODALITIES = {"on_site": "presencial", "hybrid": "híbrida", "remote": "remota"}
VACANCY_KINDS = {
    "job": "empleo",
    "apprenticeship": "aprendizaje en el lugar de trabajo",
    "internship": "prácticas profesionales",
}
MONTHS_LABEL = {"3": "tres meses", "6": "seis meses", "12": "un año"}

# Answers are links, so replying takes one click and needs no free text.
MATCH_ANSWERS = (("me-interesa", "Me interesa"), ("no-me-interesa", "No me interesa"))
FOLLOW_UP_ANSWERS = (
    ("sigo-trabajando-ahi", "Sigo trabajando ahí"),
    ("cambie-de-empleo", "Cambié de empleo"),
    ("no-estoy-trabajando", "No estoy trabajando"),
)


@dataclass(frozen=True)
class RenderedEmail:
    """Subject, plain-text body and HTML body of one e-mail."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class DigestEntry:
    """One deferred notification listed in a digest: its template and parameters."""

    template: str
    params: Mapping[str, str]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _required(params: Mapping[str, str], *names: str) -> dict[str, str]:
    missing = [name for name in names if not params.get(name, "").strip()]
    if missing:
        raise TemplateError(f"faltan parámetros de la plantilla: {', '.join(missing)}")
    return {name: _one_line(params[name]) for name in names}


def _identifier(params: Mapping[str, str], name: str) -> str:
    # Identifiers go into links; only a well-formed UUID may get there.
    try:
        return str(uuid.UUID(params.get(name, "")))
    except ValueError as error:
        raise TemplateError(f"el parámetro {name} no es un identificador válido") from error


MATCH_PAGE = "coincidencias"
FOLLOW_UP_PAGE = "seguimientos"


def _match_link(links: Links, match_id: str, answer: str | None = None) -> str:
    return links.to(MATCH_PAGE, LinkPurpose.MATCH_ANSWER, match_id, answer)


def _follow_up_link(links: Links, follow_up_id: str, answer: str | None = None) -> str:
    return links.to(FOLLOW_UP_PAGE, LinkPurpose.FOLLOW_UP_ANSWER, follow_up_id, answer)


def reasons_of(params: Mapping[str, str]) -> list[str]:
    """The match reasons, one per line in the ``reasons`` parameter."""
    lines = [_one_line(line) for line in params.get("reasons", "").splitlines()]
    return [line for line in lines if line][:MAX_REASONS]


def place_of(params: Mapping[str, str]) -> str:
    """ "Ciudad, Estado" of a vacancy, or "trabajo remoto" when it has no place."""
    city = _one_line(params.get("city", ""))
    state = _one_line(params.get("state_name", "") or params.get("state", ""))
    place = ", ".join(part for part in (city, state) if part)
    return place or "trabajo remoto"


def greeting(recipient_name: str) -> str:
    """The greeting line; the recipient's own name is the only personal datum in a message."""
    name = _one_line(recipient_name)
    return f"Hola, {name}:" if name else "Hola:"


_MATCH_TEXT = string.Template(
    """$greeting

Tenemos una vacante para ti: $title en $place.

Empresa: $employer
Tipo: $kind
Modalidad: $modality

Por qué te la proponemos:
$reasons

¿Te interesa? Responde con un clic:
$answers

Si no respondes, no pasa nada: la vacante no se comparte con más datos tuyos.
"""
)

_FOLLOW_UP_TEXT = string.Template(
    """$greeting

Hace $period te propusimos la vacante $title en $employer.
Queremos saber cómo te va. ¿Cuál es tu situación laboral hoy?

$answers

Tu respuesta nos ayuda a mejorar los programas de formación y las
propuestas que recibes. Solo toma un clic.
"""
)

_DIGEST_TEXT = string.Template(
    """$greeting

Para no llenar tu buzón, juntamos aquí los avisos del $day que no te enviamos
por separado:

$entries

Responde a cada uno con un clic en su enlace.
"""
)

_PROFILE_ACCESS_TEXT = string.Template(
    """$greeting

Pediste entrar a tu perfil de Vincula. Este enlace sirve durante una hora:

  $link

Ahí puedes ver tus vacantes propuestas, consultar, corregir, descargar o borrar
tus datos y cambiar tus consentimientos.

Si no lo pediste tú, ignora este correo: sin el enlace nadie puede entrar.
"""
)

PROFILE_LINE = (
    "Consulta, corrige, descarga o borra tus datos y cambia tus consentimientos"
    " (te enviamos un enlace de acceso)"
)
_FOOTER_LINE = (
    "Vincula. Recibes este correo porque aceptaste recibir avisos. "
    "Puedes retirar tu consentimiento en cualquier momento desde tu perfil."
)
# An access link is sent because someone asked for it, whatever the notification consent says.
_ACCESS_FOOTER_LINE = (
    "Vincula. Recibes este correo porque alguien pidió un enlace a tu perfil con esta "
    "dirección; no te suscribe a nada."
)


def _footer(links: Links) -> str:
    """The plain-text ending: the profile link, then why the message arrived."""
    return f"\n{PROFILE_LINE}: {links.profile_request()}\n\n--\n{_FOOTER_LINE}\n"


def _bullets(lines: Sequence[str]) -> str:
    return "\n".join(f"  • {line}" for line in lines)


def _answer_lines(answers: Sequence[tuple[str, str]]) -> list[str]:
    return [f"{label}: {url}" for label, url in answers]


def _anchor(label: str, url: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>'


def _html(
    paragraphs: Sequence[str | Sequence[str]],
    links: Sequence[tuple[str, str]],
    *,
    profile: str | None,
    after: Sequence[str] = (),
    footer: str = _FOOTER_LINE,
) -> str:
    parts: list[str] = []
    for paragraph in paragraphs:
        if isinstance(paragraph, str):
            parts.append(f"<p>{html.escape(paragraph)}</p>")
        else:
            items = "".join(f"<li>{html.escape(item)}</li>" for item in paragraph)
            parts.append(f"<ul>{items}</ul>")
    if links:
        anchors = "".join(f"<li>{_anchor(label, url)}</li>" for label, url in links)
        parts.append(f"<ul>{anchors}</ul>")
    parts.extend(f"<p>{html.escape(paragraph)}</p>" for paragraph in after)
    if profile is not None:
        parts.append(f"<p>{html.escape(PROFILE_LINE)}: {_anchor('tu perfil', profile)}</p>")
    parts.append(f"<p><small>{html.escape(footer)}</small></p>")
    body = "\n".join(parts)
    return (
        f'<!doctype html>\n<html lang="es"><meta charset="utf-8"><body>\n{body}\n</body></html>\n'
    )


def render_match_proposed(
    params: Mapping[str, str], *, recipient_name: str, links: Links
) -> RenderedEmail:
    """The proposal of one vacancy to a graduate, with its reasons and how to answer."""
    values = _required(params, "vacancy_title", "employer_name")
    match_id = _identifier(params, "match_id")
    reasons = reasons_of(params) or ["Tu perfil coincide con lo que pide la vacante."]
    place = place_of(params)
    kind = VACANCY_KINDS.get(params.get("kind", ""), "empleo")
    modality = MODALITIES.get(params.get("modality", ""), "por confirmar")
    answers = [(label, _match_link(links, match_id, code)) for code, label in MATCH_ANSWERS]
    subject = f"Tenemos una vacante para ti: {values['vacancy_title']} en {place}"
    text = _MATCH_TEXT.substitute(
        greeting=greeting(recipient_name),
        title=values["vacancy_title"],
        place=place,
        employer=values["employer_name"],
        kind=kind,
        modality=modality,
        reasons=_bullets(reasons),
        answers=_bullets(_answer_lines(answers)),
    )
    body = _html(
        [
            greeting(recipient_name),
            f"Tenemos una vacante para ti: {values['vacancy_title']} en {place}.",
            [f"Empresa: {values['employer_name']}", f"Tipo: {kind}", f"Modalidad: {modality}"],
            "Por qué te la proponemos:",
            reasons,
            "¿Te interesa? Responde con un clic:",
        ],
        answers,
        profile=links.profile_request(),
    )
    return RenderedEmail(subject=subject, text=text + _footer(links), html=body)


def render_follow_up(
    params: Mapping[str, str], *, recipient_name: str, links: Links
) -> RenderedEmail:
    """The 3, 6 or 12-month question about a graduate's employment status."""
    values = _required(params, "vacancy_title", "employer_name", "months")
    period = MONTHS_LABEL.get(values["months"])
    if period is None:
        raise TemplateError(f"seguimiento de {values['months']} meses no previsto")
    follow_up_id = _identifier(params, "follow_up_id")
    answers = [
        (label, _follow_up_link(links, follow_up_id, code)) for code, label in FOLLOW_UP_ANSWERS
    ]
    subject = f"¿Cómo te va? Seguimiento a {period} de tu colocación"
    text = _FOLLOW_UP_TEXT.substitute(
        greeting=greeting(recipient_name),
        period=period,
        title=values["vacancy_title"],
        employer=values["employer_name"],
        answers=_bullets(_answer_lines(answers)),
    )
    body = _html(
        [
            greeting(recipient_name),
            (
                f"Hace {period} te propusimos la vacante {values['vacancy_title']} "
                f"en {values['employer_name']}."
            ),
            "Queremos saber cómo te va. ¿Cuál es tu situación laboral hoy?",
        ],
        answers,
        profile=links.profile_request(),
    )
    return RenderedEmail(subject=subject, text=text + _footer(links), html=body)


def _digest_line(entry: DigestEntry, links: Links) -> tuple[str, str, str]:
    """(text line, HTML label, link) of one digest entry."""
    if entry.template == FOLLOW_UP:
        values = _required(entry.params, "vacancy_title", "employer_name")
        link = _follow_up_link(links, _identifier(entry.params, "follow_up_id"))
        label = f"Seguimiento: ¿sigues en {values['vacancy_title']} ({values['employer_name']})?"
        return label, label, link
    if entry.template == MATCH_PROPOSED:
        values = _required(entry.params, "vacancy_title", "employer_name")
        link = _match_link(links, _identifier(entry.params, "match_id"))
        label = f"{values['vacancy_title']} en {place_of(entry.params)} ({values['employer_name']})"
        return label, label, link
    raise TemplateError(f"la plantilla {entry.template} no puede ir en un resumen")


def spanish_date(day: date) -> str:
    """``day`` written the Mexican way, e.g. "3 de marzo de 2026"."""
    return f"{day.day} de {SPANISH_MONTHS[day.month - 1]} de {day.year}"


def render_digest(
    entries: Sequence[DigestEntry], *, day: date, recipient_name: str, links: Links
) -> RenderedEmail:
    """One e-mail listing the notifications a day's cap held back."""
    if not entries:
        raise TemplateError("un resumen necesita al menos un aviso")
    lines = [_digest_line(entry, links) for entry in entries]
    count = len(lines)
    noun = "aviso" if count == 1 else "avisos"
    subject = f"Tu resumen de Vincula: {count} {noun} del {spanish_date(day)}"
    text = _DIGEST_TEXT.substitute(
        greeting=greeting(recipient_name),
        day=spanish_date(day),
        entries="\n".join(f"  • {label}\n    {link}" for label, _, link in lines),
    )
    body = _html(
        [
            greeting(recipient_name),
            (
                f"Para no llenar tu buzón, juntamos aquí los avisos del {spanish_date(day)} "
                "que no te enviamos por separado:"
            ),
        ],
        [(label, link) for _, label, link in lines],
        profile=links.profile_request(),
    )
    return RenderedEmail(subject=subject, text=text + _footer(links), html=body)


def render_profile_access(
    params: Mapping[str, str], *, recipient_name: str, links: Links
) -> RenderedEmail:
    """The link to their own profile a graduate asked for on the request-a-link page.

    It is only a way in: whatever ``params`` hold, the message names no
    vacancy, match or anything else.
    """
    link = links.profile()
    text = _PROFILE_ACCESS_TEXT.substitute(greeting=greeting(recipient_name), link=link)
    body = _html(
        [
            greeting(recipient_name),
            "Pediste entrar a tu perfil de Vincula. Este enlace sirve durante una hora:",
        ],
        [("Entrar a mi perfil", link)],
        profile=None,
        after=[
            "Ahí puedes ver tus vacantes propuestas, consultar, corregir, descargar o borrar "
            "tus datos y cambiar tus consentimientos.",
            "Si no lo pediste tú, ignora este correo: sin el enlace nadie puede entrar.",
        ],
        footer=_ACCESS_FOOTER_LINE,
    )
    return RenderedEmail(
        subject="Tu enlace para entrar a tu perfil de Vincula",
        text=text + f"\n--\n{_ACCESS_FOOTER_LINE}\n",
        html=body,
    )


def render_email(
    template: str, params: Mapping[str, str], *, recipient_name: str, links: Links
) -> RenderedEmail:
    """Render one of the individual e-mail templates by name."""
    if template == MATCH_PROPOSED:
        return render_match_proposed(params, recipient_name=recipient_name, links=links)
    if template == FOLLOW_UP:
        return render_follow_up(params, recipient_name=recipient_name, links=links)
    if template == PROFILE_ACCESS:
        return render_profile_access(params, recipient_name=recipient_name, links=links)
    raise TemplateError(f"plantilla de correo desconocida: {template}")
