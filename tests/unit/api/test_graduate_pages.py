"""The graduate's pages as rendered HTML: Spanish, escaped, labelled, headings in order.

The routes are exercised against the real database in
``tests/integration/test_profile_pages.py`` and in a browser in
``tests/integration/browser/test_graduate_pages.py``; here the templates are
rendered from fixed rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from models.personal_data import ConsentRow, ContactRow, MatchRow, NotificationRow, PersonalData
from schemas.enums import ConsentPurpose, MatchStatus, NotificationChannel
from vincula.api.profile_view import CHANNELS, MATCH_STATUSES, PURPOSES, profile_context
from vincula.api.routes.answers import MATCH_CHOICES
from vincula.web.render import render

WHEN = datetime(2026, 3, 3, 15, 5, tzinfo=UTC)  # 09:05 in Mexico City
TOKEN = "profile.abc.ff.firma"
CSRF = "valor-csrf"


@dataclass
class Outline(HTMLParser):
    """What accessibility checks need of a page: headings, controls, labels, ids, buttons."""

    headings: list[int] = field(default_factory=list)
    controls: list[dict[str, str]] = field(default_factory=list)
    labelled: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    buttons: list[str] = field(default_factory=list)
    forms: list[list[tuple[str, str]]] = field(default_factory=list)
    _button: list[str] | None = None
    _button_label: str | None = None

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag in {"h1", "h2", "h3", "h4"}:
            self.headings.append(int(tag[1]))
        elif tag == "label":
            self.labelled.add(attributes.get("for", ""))
        elif tag == "form":
            self.forms.append([])
        elif tag in {"input", "select", "textarea"}:
            self.controls.append(attributes)
            if self.forms:
                self.forms[-1].append((attributes.get("name", ""), attributes.get("value", "")))
        elif tag == "button":
            self._button = []
            if "aria-label" in attributes:
                # The accessible name; it must start with the visible label (WCAG 2.5.3).
                self._button_label = attributes["aria-label"]

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None:
            visible = " ".join("".join(self._button).split())
            name = self._button_label or visible
            assert name.startswith(visible), (name, visible)
            self.buttons.append(name)
            self._button, self._button_label = None, None


def outline(html: str) -> Outline:
    parsed = Outline()
    parsed.feed(html)
    return parsed


def assert_accessible(html: str) -> Outline:
    """Every visible control labelled, headings never skip a level, references resolve."""
    parsed = outline(html)
    visible = [c for c in parsed.controls if c.get("type") != "hidden"]
    assert [c["id"] for c in visible if c.get("id") not in parsed.labelled] == []
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parsed.headings, parsed.headings[1:], strict=False))
    described = {c["aria-describedby"] for c in parsed.controls if "aria-describedby" in c}
    assert described <= parsed.ids
    assert 'lang="es"' in html
    return parsed


def data(*, title: str = "Analista de datos", status: str = "proposed") -> PersonalData:
    return PersonalData(
        profile=None,
        credentials=[],
        consents=[
            ConsentRow("matching", True, WHEN),
            ConsentRow("share_with_employers", False, WHEN),
        ],
        matches=[
            MatchRow(
                uuid.UUID(int=1),
                "V-1",
                title,
                "Aeropartes del Bajío",
                0.81,
                ["Cubre 2 de 2 habilidades requeridas: Python, SQL"],
                status,
                WHEN,
            )
        ],
        notifications=[
            NotificationRow("match", "email", "delivered", WHEN),
            NotificationRow("access", "email", "requested", WHEN),
        ],
        outcomes=[],
        contact=ContactRow("Ana Ruiz", "ana.ruiz@example.mx", "5512345678"),
    )


def profile(personal: PersonalData, **extra: object) -> str:
    context = profile_context(
        personal, token=TOKEN, csrf=CSRF, expires_at=WHEN, choices=MATCH_CHOICES, **extra
    )
    return render("perfil.html", context).body.decode()


def test_every_code_the_profile_shows_has_a_second_person_spanish_name() -> None:
    assert set(MATCH_STATUSES) == set(MatchStatus)
    assert set(PURPOSES) == set(ConsentPurpose)
    assert set(CHANNELS) == set(NotificationChannel)


def test_the_profile_is_spanish_accessible_and_dated_the_mexican_way() -> None:
    html = profile(data())
    parsed = assert_accessible(html)
    assert "Hola, Ana Ruiz:" in html
    assert "Este enlace sirve hasta el 03/03/2026 09:05 (hora del centro de México)" in html
    assert "Estado: propuesta, espera tu respuesta. Propuesta el 03/03/2026." in html
    assert "lo aceptaste el 03/03/2026" in html and "lo retiraste el 03/03/2026" in html
    assert "sin respuesta (no lo hacemos)" in html  # notifications: never answered
    # The history, newest first, in Spanish.
    assert html.index("Enlace a tu perfil") < html.index("Vacante para ti")
    assert "proposed" not in html and "delivered" not in html
    assert {"Guardar correcciones", "Me opongo a la vinculación automática"} <= set(parsed.buttons)


def test_each_consent_has_its_own_form_and_a_button_that_names_the_purpose() -> None:
    parsed = outline(profile(data()))
    consent_forms = [dict(form) for form in parsed.forms if "purpose" in dict(form)]
    assert [(form["purpose"], form["granted"]) for form in consent_forms] == [
        ("matching", "false"),
        ("share_with_employers", "true"),
        ("notifications", "true"),
    ]
    assert all(form["t"] == TOKEN and form["csrf"] == CSRF for form in consent_forms)
    names = [b for b in parsed.buttons if "consentimiento" in b]
    assert names == [
        "Retirar consentimiento: Proponerte vacantes con la vinculación automática",
        "Dar consentimiento: Compartir tu perfil con las empresas de tus vacantes",
        "Dar consentimiento: Enviarte avisos por correo",
    ]
    assert len(set(parsed.buttons)) == len(parsed.buttons)


@pytest.mark.parametrize(
    ("status", "chosen"), [("proposed", None), ("applied", "me-interesa"), ("hired", "none")]
)
def test_a_match_is_answerable_only_before_the_employer_answers(
    status: str, chosen: str | None
) -> None:
    html = profile(data(status=status))
    buttons = outline(html).buttons
    if chosen == "none":
        assert not [b for b in buttons if b.startswith("Me interesa")]
        assert "Estado: contratación." in html
        return
    # The accessible name starts with the visible label and says which vacancy it answers.
    assert "Me interesa: Analista de datos" in buttons
    assert "No me interesa: Analista de datos" in buttons
    chosen_button = 'aria-label="Me interesa: Analista de datos" class="principal"'
    assert (chosen_button in html) is (chosen == "me-interesa")


def test_what_a_page_shows_is_escaped() -> None:
    html = profile(data(title='<script>alert("x")</script>'))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_bad_correction_marks_its_field_and_keeps_what_was_typed() -> None:
    errors = {"email": "El correo 'sin-arroba' no tiene la forma usuario@dominio.mx"}
    html = profile(data(), errors=errors, submitted={"email": "sin-arroba", "phone": ""})
    parsed = assert_accessible(html)
    [email] = [c for c in parsed.controls if c.get("name") == "email"]
    assert email["aria-invalid"] == "true" and email["aria-describedby"] == "email-error"
    assert email["value"] == "sin-arroba"
    [phone] = [c for c in parsed.controls if c.get("name") == "phone"]
    assert phone["value"] == "5512345678" and "aria-invalid" not in phone
    assert (email["autocomplete"], phone["autocomplete"]) == ("email", "tel")
    assert 'role="alert"' in html and "No guardamos los cambios" in html
    assert 'href="#email"' in html


def test_the_link_request_the_answer_and_the_confirmation_pages_are_accessible() -> None:
    link = render(
        "perfil_enlace.html",
        {"title": "Entra a tu perfil", "csrf": CSRF, "correo": "", "errors": {}},
    ).body.decode()
    [address] = [c for c in assert_accessible(link).controls if c.get("name") == "correo"]
    assert address["type"] == "email" and "required" in address
    assert address["autocomplete"] == "email"
    answer = render(
        "respuesta.html",
        {
            "title": "Vacante propuesta",
            "question": "¿Te interesa la vacante que te propusimos?",
            "action": "/coincidencias/x",
            "token": TOKEN,
            "csrf": CSRF,
            "choices": MATCH_CHOICES,
            "chosen": None,
            "chosen_label": None,
        },
    ).body.decode()
    assert outline(answer).buttons == ["Me interesa", "No me interesa"]
    assert "<legend>¿Te interesa la vacante que te propusimos?</legend>" in answer
    erase = render(
        "perfil_borrar.html", {"title": "¿Borrar todos tus datos?", "token": TOKEN, "csrf": CSRF}
    ).body.decode()
    assert_accessible(erase)
    assert f'href="/perfil?t={TOKEN}"' in erase
