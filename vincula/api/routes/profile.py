"""A graduate's own data and rights, from their signed link: access, rectification,
cancellation, opposition (ARCO) and consent per purpose.

Consent changes and deletions are events (``consents.v1``, ``erasures.v1``),
so they take effect in every worker at once and survive any rebuild; contact
corrections go straight to the contact table, which no topic carries. The
functions below are the one code path of each right: these JSON routes and
the graduate's profile page (``profile_pages``) both call them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException

from models.personal_data import (
    Connection,
    ContactRow,
    PersonalData,
    correct_contact,
    personal_data,
)
from schemas.enums import ConsentPurpose
from schemas.graduates import ConsentChanged, GraduateErased
from streams.producer import EventProducer
from vincula.api.bodies import UNAVAILABLE, Accepted, problem
from vincula.api.deps import ConnectionDep, ProducerDep
from vincula.api.events import consent_change, erasure, publish
from vincula.api.profile_bodies import ConsentRequest, ContactCorrection
from vincula.api.security import GraduateDep

router = APIRouter(prefix="/v1/perfil", tags=["egresados"])
LINK_ERRORS = problem(401, "Falta el enlace firmado, o venció.")


def change_consent_of(
    producer: EventProducer, graduate_id: str, purpose: ConsentPurpose, granted: bool
) -> ConsentChanged:
    """Publish the graduate's answer for one purpose; a withdrawal takes effect at once."""
    event = consent_change(graduate_id, purpose, granted, datetime.now(UTC))
    publish(producer, graduate_id, event)
    return event


def object_of(producer: EventProducer, graduate_id: str) -> ConsentChanged:
    """Publish an objection to automated matching: the matching consent, withdrawn."""
    return change_consent_of(producer, graduate_id, ConsentPurpose.MATCHING, False)


def correct_contact_of(
    connection: Connection, graduate_id: str, body: ContactCorrection
) -> ContactRow | None:
    """Apply the graduate's corrections; the contact after, or None when none is stored."""
    return correct_contact(
        connection,
        graduate_id=graduate_id,
        full_name=body.full_name,
        email=body.email,
        phone=body.phone,
    )


def erase_of(producer: EventProducer, graduate_id: str) -> GraduateErased:
    """Publish the graduate's deletion; asking twice is one event."""
    event = erasure(graduate_id, datetime.now(UTC))
    publish(producer, graduate_id, event)
    return event


@router.get("", responses=LINK_ERRORS | UNAVAILABLE)
def export(graduate: GraduateDep, connection: ConnectionDep) -> PersonalData:
    """Everything Vincula holds about the graduate, as JSON (right of access and portability)."""
    return personal_data(connection, graduate_id=graduate)


@router.put("/consentimientos", status_code=202, responses=LINK_ERRORS | UNAVAILABLE)
def change_consent(body: ConsentRequest, graduate: GraduateDep, producer: ProducerDep) -> Accepted:
    """Grant or withdraw consent for one purpose; a withdrawal takes effect at once."""
    event = change_consent_of(producer, graduate, body.purpose, body.granted)
    return Accepted(event_id=event.event_id)


@router.post("/oposicion", status_code=202, responses=LINK_ERRORS | UNAVAILABLE)
def object_to_matching(graduate: GraduateDep, producer: ProducerDep) -> Accepted:
    """Object to automated matching: no proposal is made any more, and open ones are withdrawn."""
    return Accepted(event_id=object_of(producer, graduate).event_id)


@router.patch(
    "/contacto",
    responses=LINK_ERRORS | problem(404, "No hay un contacto guardado.") | UNAVAILABLE,
)
def correct(
    body: ContactCorrection, graduate: GraduateDep, connection: ConnectionDep
) -> ContactRow:
    """Correct the graduate's name, e-mail or phone (right of rectification)."""
    corrected = correct_contact_of(connection, graduate, body)
    if corrected is None:
        raise HTTPException(status_code=404, detail="no hay un contacto guardado")
    return corrected


@router.delete("", status_code=202, responses=LINK_ERRORS | UNAVAILABLE)
def delete(graduate: GraduateDep, producer: ProducerDep) -> Accepted:
    """Delete every datum of the graduate (right of cancellation); it survives any rebuild."""
    return Accepted(event_id=erase_of(producer, graduate).event_id)
