"""Spanish e-mail templates: they render, leave no placeholder, hold no personal data, and each
ends with a signed link to the recipient's own profile."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from streams.notify.errors import TemplateError
from streams.notify.links import LinkError, LinkPurpose, Links, LinkSigner
from streams.notify.templates import (
    FOLLOW_UP,
    FOLLOW_UP_ANSWERS,
    MATCH_ANSWERS,
    MATCH_PROPOSED,
    PROFILE_ACCESS,
    PROFILE_LINE,
    DigestEntry,
    RenderedEmail,
    render_digest,
    render_email,
    spanish_date,
)

BASE_URL = "https://vincula.example.mx"
SIGNER = LinkSigner(b"clave-de-enlaces-de-prueba-32-bytes!")
WRITTEN = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
# A pseudonym rich in decimal digits: a profile link that wrote it as is would look like phones.
GRADUATE = "5512345678" * 6 + "abcd"
LINKS = Links(BASE_URL, SIGNER, WRITTEN, GRADUATE)
MATCH_ID = "6f1c8a52-3c1e-4b8e-9a55-0d6b7a1f2e11"
FOLLOW_UP_ID = "0b7e3f3e-1111-4c2a-8d2b-5e3c0a9b7d10"
PLACEHOLDER = re.compile(r"\$\{?[A-Za-z_]|\{[a-z_]+\}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

MATCH_PARAMS = {
    "vacancy_id": "VAC-QRO-001",
    "match_id": MATCH_ID,
    "score": "0.83",
    "reasons": "Cubre 4 de 5 habilidades requeridas\nCertificación AWS verificada\n\n",
    "language": "es",
    "vacancy_title": "Ingeniera de datos",
    "employer_name": "Aeroespacial del Bajío",
    "city": "Querétaro",
    "state": "QUE",
    "state_name": "Querétaro",
    "modality": "hybrid",
    "kind": "job",
}
FOLLOW_UP_PARAMS = {
    "vacancy_id": "VAC-QRO-001",
    "vacancy_title": "Ingeniera de datos",
    "employer_name": "Aeroespacial del Bajío",
    "months": "6",
    "match_id": MATCH_ID,
    "follow_up_id": FOLLOW_UP_ID,
    "language": "es",
}


def _all_text(rendered: RenderedEmail) -> str:
    return "\n".join((rendered.subject, rendered.text, rendered.html))


def _render(template: str, name: str = "Ana López", links: Links = LINKS) -> RenderedEmail:
    params = {MATCH_PROPOSED: MATCH_PARAMS, FOLLOW_UP: FOLLOW_UP_PARAMS}.get(template, {})
    return render_email(template, params, recipient_name=name, links=links)


def _digest(name: str = "Ana López", links: Links = LINKS) -> RenderedEmail:
    entries = [
        DigestEntry(MATCH_PROPOSED, MATCH_PARAMS),
        DigestEntry(
            MATCH_PROPOSED, {**MATCH_PARAMS, "vacancy_title": "Analista de ciberseguridad"}
        ),
        DigestEntry(FOLLOW_UP, FOLLOW_UP_PARAMS),
    ]
    return render_digest(entries, day=date(2026, 3, 3), recipient_name=name, links=links)


RENDERERS: dict[str, Callable[[str], RenderedEmail]] = {
    MATCH_PROPOSED: lambda name: _render(MATCH_PROPOSED, name),
    FOLLOW_UP: lambda name: _render(FOLLOW_UP, name),
    "digest": _digest,
    PROFILE_ACCESS: lambda name: _render(PROFILE_ACCESS, name),
}
# What Vincula sends on its own (all but the link someone asked for) says why it arrived.
NOTICES = (MATCH_PROPOSED, FOLLOW_UP, "digest")


@pytest.mark.parametrize("template", sorted(RENDERERS))
def test_every_template_renders_without_placeholders(template: str) -> None:
    rendered = RENDERERS[template]("Ana López")
    assert rendered.subject and rendered.text.strip() and rendered.html.strip()
    assert not PLACEHOLDER.search(_all_text(rendered))
    assert "\n" not in rendered.subject


def test_match_proposal_names_vacancy_place_reasons_and_answers() -> None:
    rendered = _render(MATCH_PROPOSED)
    assert (
        rendered.subject
        == "Tenemos una vacante para ti: Ingeniera de datos en Querétaro, Querétaro"
    )
    assert "Cubre 4 de 5 habilidades requeridas" in rendered.text
    assert "Certificación AWS verificada" in rendered.text
    assert "híbrida" in rendered.text
    for code, label in MATCH_ANSWERS:
        token = _token_of(rendered.text, f"{label}: {BASE_URL}/coincidencias/{MATCH_ID}?t=", code)
        claims = SIGNER.verify(token, purpose=LinkPurpose.MATCH_ANSWER, now=WRITTEN)
        assert claims.subject == MATCH_ID


def test_follow_up_offers_the_three_answers() -> None:
    rendered = _render(FOLLOW_UP)
    assert "seis meses" in rendered.subject
    answers = [label for _, label in FOLLOW_UP_ANSWERS]
    assert answers == ["Sigo trabajando ahí", "Cambié de empleo", "No estoy trabajando"]
    for code, label in FOLLOW_UP_ANSWERS:
        prefix = f"{label}: {BASE_URL}/seguimientos/{FOLLOW_UP_ID}?t="
        token = _token_of(rendered.text, prefix, code)
        claims = SIGNER.verify(token, purpose=LinkPurpose.FOLLOW_UP_ANSWER, now=WRITTEN)
        assert claims.subject == FOLLOW_UP_ID


def _token_of(text: str, prefix: str, answer: str) -> str:
    """The signed token of the link that starts with ``prefix`` and preselects ``answer``."""
    [line] = [line for line in text.splitlines() if prefix in line]
    link = line[line.index(prefix) + len(prefix) :]
    token, chosen = link.split("&respuesta=")
    assert chosen == answer
    return unquote(token)


def test_digest_lists_every_entry_and_the_day() -> None:
    rendered = _digest()
    assert "3 avisos" in rendered.subject
    assert "3 de marzo de 2026" in rendered.subject
    assert "Ingeniera de datos" in rendered.text
    assert "Analista de ciberseguridad" in rendered.text
    assert f"/seguimientos/{FOLLOW_UP_ID}" in rendered.text


@pytest.mark.parametrize("template", sorted(RENDERERS))
@given(name=st.from_regex(r"[A-ZÁÉÑ][a-záéíóúñ]{2,10} [A-ZÁÉÑ][a-záéíóúñ]{2,10}", fullmatch=True))
def test_recipient_name_appears_only_in_the_greeting(template: str, name: str) -> None:
    # A name that happens to be a word of the template would prove nothing.
    assume(name not in _all_text(RENDERERS[template]("")))
    rendered = RENDERERS[template](name)
    greeting, _, rest = rendered.text.partition("\n")
    assert name in greeting
    assert name not in rest.replace(greeting, "")
    assert name not in rendered.subject


@pytest.mark.parametrize("template", sorted(RENDERERS))
def test_no_contact_data_in_any_message(template: str) -> None:
    text = _all_text(RENDERERS[template]("Ana López"))
    assert not EMAIL.search(text)
    assert not re.search(r"(?:\d[\s-]?){10,}", text)


def test_missing_parameters_are_named() -> None:
    params = {key: value for key, value in MATCH_PARAMS.items() if key != "vacancy_title"}
    with pytest.raises(TemplateError, match="vacancy_title"):
        render_email(MATCH_PROPOSED, params, recipient_name="Ana", links=LINKS)


def test_identifiers_must_be_uuids_before_entering_links() -> None:
    params = {**MATCH_PARAMS, "match_id": "../admin?x=1"}
    with pytest.raises(TemplateError):
        render_email(MATCH_PROPOSED, params, recipient_name="Ana", links=LINKS)


def test_unknown_template_and_empty_digest_are_refused() -> None:
    with pytest.raises(TemplateError):
        render_email("shortlist_updated", MATCH_PARAMS, recipient_name="Ana", links=LINKS)
    with pytest.raises(TemplateError):
        render_digest([], day=date(2026, 1, 1), recipient_name="Ana", links=LINKS)


def test_html_escapes_employer_text() -> None:
    params = {**MATCH_PARAMS, "vacancy_title": "<script>alert(1)</script>"}
    rendered = render_email(MATCH_PROPOSED, params, recipient_name="Ana", links=LINKS)
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html


def test_newlines_in_titles_cannot_break_the_subject() -> None:
    params = {**MATCH_PARAMS, "vacancy_title": "Técnico\r\nBcc: otro"}
    rendered = render_email(MATCH_PROPOSED, params, recipient_name="Ana", links=LINKS)
    assert "\r" not in rendered.subject and "\n" not in rendered.subject


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_spanish_date_keeps_day_and_year(day: date) -> None:
    written = spanish_date(day)
    number, _, rest = written.partition(" de ")
    assert int(number) == day.day
    assert rest.endswith(f" de {day.year}")


def _profile_links(rendered: RenderedEmail) -> list[str]:
    """Every link to the profile page in the text and HTML bodies."""
    pattern = re.compile(re.escape(BASE_URL) + r"/perfil\?t=[^\s\"<]+")
    return pattern.findall(rendered.text) + pattern.findall(rendered.html.replace("&amp;", "&"))


def _verified_subject(link: str, now: datetime = WRITTEN) -> str:
    [token] = parse_qs(urlsplit(link).query)["t"]
    return SIGNER.verify(token, purpose=LinkPurpose.PROFILE, now=now).subject


@pytest.mark.parametrize("template", NOTICES)
def test_every_notice_ends_with_the_line_to_the_recipients_own_profile(template: str) -> None:
    rendered = RENDERERS[template]("Ana López")
    [line] = [line for line in rendered.text.splitlines() if line.startswith(PROFILE_LINE)]
    # Notices are read days later and forwarded: they lead to the page that sends a fresh
    # sign-in link to the stored address, and carry no sign-in themselves.
    assert line == f"{PROFILE_LINE}: {BASE_URL}/perfil/enlace"
    assert PROFILE_LINE in rendered.html
    assert f'href="{BASE_URL}/perfil/enlace"' in rendered.html
    assert _profile_links(rendered) == []
    # The line comes after the message and before the signature that says why it arrived.
    assert rendered.text.index(PROFILE_LINE) < rendered.text.index("aceptaste recibir avisos")


def test_the_profile_link_asked_for_is_signed_for_the_profile_only_and_expires_in_an_hour() -> None:
    [link, _] = _profile_links(_render(PROFILE_ACCESS))
    [token] = parse_qs(urlsplit(link).query)["t"]
    with pytest.raises(LinkError, match="otra cosa"):
        SIGNER.verify(token, purpose=LinkPurpose.MATCH_ANSWER, now=WRITTEN)
    with pytest.raises(LinkError, match="venció"):
        _verified_subject(link, WRITTEN + timedelta(hours=1))


def test_each_recipient_gets_a_link_to_their_own_profile() -> None:
    other = "ab" * 32
    rendered = _render(PROFILE_ACCESS, links=Links(BASE_URL, SIGNER, WRITTEN, other))
    assert {_verified_subject(link) for link in _profile_links(rendered)} == {other}


def test_the_profile_link_asked_for_is_the_message_itself() -> None:
    rendered = _render(PROFILE_ACCESS)
    assert rendered.subject == "Tu enlace para entrar a tu perfil de Vincula"
    assert rendered.text.startswith("Hola, Ana López:\n\nPediste entrar a tu perfil de Vincula.")
    assert "durante una hora" in rendered.text
    assert "Si no lo pediste tú, ignora este correo" in rendered.text
    assert "Entrar a mi perfil" in rendered.html
    assert {_verified_subject(link) for link in _profile_links(rendered)} == {GRADUATE}
    # It was asked for: it claims no consent to notifications and lists no vacancy.
    assert "aceptaste recibir avisos" not in _all_text(rendered)
    assert "alguien pidió un enlace a tu perfil" in rendered.text
    assert "/coincidencias/" not in rendered.text and "/seguimientos/" not in rendered.text


def test_the_profile_link_asked_for_shows_no_parameter() -> None:
    rendered = render_email(PROFILE_ACCESS, MATCH_PARAMS, recipient_name="Ana", links=LINKS)
    assert rendered == _render(PROFILE_ACCESS, "Ana")
    assert MATCH_PARAMS["vacancy_title"] not in _all_text(rendered)


def test_a_profile_link_asked_for_never_goes_into_a_digest() -> None:
    with pytest.raises(TemplateError):
        render_digest(
            [DigestEntry(PROFILE_ACCESS, {})],
            day=date(2026, 3, 3),
            recipient_name="Ana",
            links=LINKS,
        )


@pytest.mark.parametrize("template", sorted(RENDERERS))
@given(raw=st.binary(min_size=32, max_size=32))
def test_no_profile_link_looks_like_a_phone_whatever_the_pseudonym(
    template: str, raw: bytes
) -> None:
    links = Links(BASE_URL, SIGNER, WRITTEN, raw.hex())
    renderers: dict[str, Callable[[], RenderedEmail]] = {
        MATCH_PROPOSED: lambda: _render(MATCH_PROPOSED, links=links),
        FOLLOW_UP: lambda: _render(FOLLOW_UP, links=links),
        "digest": lambda: _digest(links=links),
        PROFILE_ACCESS: lambda: _render(PROFILE_ACCESS, links=links),
    }
    text = _all_text(renderers[template]())
    assert not re.search(r"(?:\d[\s-]?){10,}", text)
    assert raw.hex() not in text
