"""The graduate's profile page as HTML: their matches, consents, contact, data and history.

Pure functions of what ``models.personal_data`` read, so the page shows exactly
what the JSON export holds. Every value is escaped by the builders of
``vincula.api.pages``; the only personal data shown are the graduate's own.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from models.personal_data import ConsentRow, ContactRow, MatchRow, NotificationRow, PersonalData
from schemas.enums import ConsentPurpose
from streams.notify.policy import MEXICO_CITY
from streams.notify.templates import greeting, spanish_date
from vincula.api.pages import (
    answer_form,
    bullet_list,
    button_form,
    paragraphs,
    section,
    text_input,
)

PROFILE = "/perfil"
NEW_LINK = ("/perfil/enlace", "Pide un enlace nuevo a tu correo")

PURPOSES = {
    ConsentPurpose.MATCHING: "Proponerte vacantes con la vinculación automática",
    ConsentPurpose.SHARE_WITH_EMPLOYERS: "Compartir tu perfil con las empresas de tus vacantes",
    ConsentPurpose.NOTIFICATIONS: "Enviarte avisos por correo",
}
MATCH_STATUSES = {
    "proposed": "propuesta, espera tu respuesta",
    "withdrawn": "retirada (la vacante cerró o ya no se propone)",
    "applied": "te interesa; avisamos a la empresa",
    "interviewed": "entrevista",
    "offered": "oferta de trabajo",
    "hired": "contratación",
    "rejected": "la empresa eligió a otra persona",
    "declined": "no te interesa",
    "retained_3m": "sigues en el empleo a los 3 meses",
    "retained_6m": "sigues en el empleo a los 6 meses",
    "retained_12m": "sigues en el empleo al año",
    "left": "ya no trabajas ahí",
}
# Only before the employer answers may the graduate still say (or change) whether it interests them.
ANSWERABLE = {"proposed": None, "applied": "me-interesa", "declined": "no-me-interesa"}
NOTIFICATION_KINDS = {
    "match": "Vacante propuesta",
    "follow_up": "Seguimiento de tu empleo",
    "digest": "Resumen diario",
    "access": "Enlace a tu perfil",
}
CHANNELS = {
    "email": "por correo",
    "webhook": "a la empresa, con tu perfil",
    "in_app": "en Vincula",
}
NOTIFICATION_STATUSES = {
    "requested": "pendiente",
    "delivered": "entregado",
    "failed": "no enviado",
    "deferred": "irá en el resumen del día",
}


def when(moment: datetime) -> str:
    """A moment in Mexico City time, the Mexican way: "3 de marzo de 2026, 09:05"."""
    local = moment.astimezone(MEXICO_CITY)
    return f"{spanish_date(local.date())}, {local:%H:%M}"


def back_link(token: str) -> str:
    """The way back to the profile page (the link's token rides in the query, as in the e-mail)."""
    return button_form(PROFILE, {"t": token}, "Volver a mi perfil", method="get")


def _matches(
    matches: Sequence[MatchRow], token: str, csrf: str, choices: Sequence[tuple[str, str]]
) -> str:
    if not matches:
        return paragraphs(["Aún no te hemos propuesto vacantes."])
    items = []
    for match in matches:
        status = MATCH_STATUSES.get(match.status, match.status)
        reasons = bullet_list([html.escape(reason) for reason in match.reasons])
        answer = ""
        if match.status in ANSWERABLE:
            action = f"{PROFILE}/coincidencias/{match.match_id}"
            answer = answer_form(action, token, csrf, choices, ANSWERABLE[match.status])
        items.append(
            f"<strong>{html.escape(match.title)}</strong> en {html.escape(match.employer)}"
            + paragraphs([f"Estado: {status}. Propuesta el {when(match.proposed_at)}."])
            + paragraphs(["Por qué te la propusimos:"])
            + reasons
            + answer
        )
    return bullet_list(items)


def _consents(consents: Sequence[ConsentRow], token: str, csrf: str) -> str:
    answers = {row.purpose: row for row in consents}
    items = []
    for purpose, label in PURPOSES.items():
        row = answers.get(purpose.value)
        if row is None:
            state, granted = "sin respuesta (no lo hacemos)", False
        elif row.granted:
            state, granted = f"lo aceptaste el {when(row.changed_at)}", True
        else:
            state, granted = f"lo retiraste el {when(row.changed_at)}", False
        fields = {
            "t": token,
            "csrf": csrf,
            "purpose": purpose.value,
            "granted": "false" if granted else "true",
        }
        button = "Retirar mi consentimiento" if granted else "Dar mi consentimiento"
        form = button_form(f"{PROFILE}/consentimientos", fields, button, danger=granted)
        items.append(f"{html.escape(label)}: {html.escape(state)}.{form}")
    return bullet_list(items)


def _contact(contact: ContactRow | None, token: str, csrf: str) -> str:
    if contact is None:
        return paragraphs(["No tenemos datos de contacto tuyos."])
    inputs = (
        text_input("full_name", "Nombre completo", contact.full_name)
        + text_input("email", "Correo electrónico", contact.email, kind="email")
        + text_input("phone", "Teléfono (10 dígitos)", contact.phone or "", kind="tel")
    )
    fields = {"t": token, "csrf": csrf}
    return paragraphs(
        ["Solo tú ves estos datos; las empresas nunca los reciben de Vincula."]
    ) + button_form(f"{PROFILE}/contacto", fields, "Guardar correcciones", inputs=inputs)


def _notifications(notifications: Sequence[NotificationRow]) -> str:
    if not notifications:
        return paragraphs(["Todavía no te hemos enviado avisos."])
    lines = [
        html.escape(
            f"{when(row.requested_at)} · {NOTIFICATION_KINDS.get(row.kind, row.kind)} "
            f"{CHANNELS.get(row.channel, row.channel)} · "
            f"{NOTIFICATION_STATUSES.get(row.status, row.status)}"
        )
        for row in reversed(notifications)
    ]
    return bullet_list(lines)


def profile_content(
    data: PersonalData,
    *,
    token: str,
    csrf: str,
    expires_at: datetime,
    choices: Sequence[tuple[str, str]],
) -> tuple[list[str], str]:
    """The opening paragraphs and the sections of the profile page."""
    name = data.contact.full_name if data.contact is not None else ""
    opening = [
        greeting(name),
        "Aquí ves lo que Vincula guarda sobre ti y decides qué hacemos con ello.",
        f"Este enlace sirve hasta el {when(expires_at)} (hora del centro de México).",
    ]
    signed = {"t": token}
    posted = {"t": token, "csrf": csrf}
    sections = [
        section("Vacantes que te propusimos", _matches(data.matches, token, csrf, choices)),
        section("Tus consentimientos", _consents(data.consents, token, csrf)),
        section("Tus datos de contacto", _contact(data.contact, token, csrf)),
        section(
            "Descargar tus datos",
            paragraphs(["Todo lo que guardamos sobre ti, en un archivo JSON."])
            + button_form(f"{PROFILE}/datos", signed, "Descargar mis datos", method="get"),
        ),
        section(
            "Oponerte a la vinculación automática",
            paragraphs(
                [
                    "Dejaremos de proponerte vacantes con la vinculación automática y "
                    "retiraremos las propuestas abiertas."
                ]
            )
            + button_form(
                f"{PROFILE}/oposicion", posted, "Me opongo a la vinculación automática", danger=True
            ),
        ),
        section("Avisos que te enviamos", _notifications(data.notifications)),
        section(
            "Borrar tus datos",
            paragraphs(["Te pediremos confirmarlo antes de borrar nada."])
            + button_form(
                f"{PROFILE}/borrar", signed, "Borrar mis datos…", method="get", danger=True
            ),
        ),
    ]
    return opening, "".join(sections)
