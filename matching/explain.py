"""Spanish reasons for a match, derived from the same assessment as its score."""

from __future__ import annotations

from collections.abc import Sequence

from matching.domain import Candidate, HeldCredential, Opening
from matching.scoring import LocationFit, PairAssessment
from schemas.enums import CredentialKind, Issuer
from schemas.regions import (
    SUBDIVISION_NOUNS,
    Country,
    Subdivision,
    country_of,
    subdivision_name,
)

MAX_LISTED = 5

_KIND_ES: dict[CredentialKind, tuple[str, bool]] = {
    # (noun, feminine) so the participle agrees: "verificada" / "verificado".
    CredentialKind.CERTIFICATION: ("Certificación", True),
    CredentialKind.BADGE: ("Insignia", True),
    CredentialKind.COURSE_COMPLETION: ("Constancia de curso", True),
    CredentialKind.TECHNICAL_DEGREE: ("Título técnico", False),
    CredentialKind.MASTERS: ("Maestría", True),
}

ISSUER_ES: dict[Issuer, str] = {
    Issuer.TECNM_INFOTEC: "TecNM/Infotec",
    Issuer.AWS: "AWS",
    Issuer.CONALEP: "CONALEP",
    Issuer.IBM: "IBM",
    Issuer.CISCO: "Cisco",
    Issuer.GOOGLE_CLOUD: "Google Cloud",
    Issuer.KYNDRYL: "Kyndryl",
    Issuer.MICROSOFT: "Microsoft",
    Issuer.ORACLE: "Oracle",
    Issuer.OTHER: "otro emisor",
}


def list_labels(labels: Sequence[str], limit: int = MAX_LISTED) -> str:
    """Comma-separated labels, cut with an ellipsis after `limit`."""
    shown = ", ".join(labels[:limit])
    return shown + ", …" if len(labels) > limit else shown


def skills_reasons(a: PairAssessment) -> list[str]:
    """Coverage of required and nice-to-have skills."""
    out: list[str] = []
    if a.required_total == 0:
        out.append("La vacante no detalla habilidades requeridas reconocidas")
    else:
        line = f"Cubre {len(a.covered)} de {a.required_total} habilidades requeridas"
        if a.covered:
            line += ": " + list_labels(a.covered)
        out.append(line)
    if a.missing:
        out.append("Le falta: " + list_labels(a.missing))
    if a.nice_total and a.nice_covered:
        out.append(
            f"Tiene {len(a.nice_covered)} de {a.nice_total} habilidades deseables: "
            + list_labels(a.nice_covered)
        )
    return out


def _place(state: Subdivision, with_country: bool) -> str:
    name = subdivision_name(state)
    return f"{name}, {country_of(state).spanish_name}" if with_country else name


def location_reason(a: PairAssessment, candidate: Candidate, opening: Opening) -> str:
    """Where the candidate lives or would work, relative to the opening.

    Places are named with their country as soon as either side is outside Mexico.
    """
    abroad = candidate.country is not Country.MX or opening.country is not Country.MX
    lives, there = _place(candidate.state, abroad), _place(opening.state, abroad)
    if a.location is LocationFit.REMOTE:
        if not abroad:
            return "Vacante remota"
        if candidate.country is opening.country:
            return f"Vacante remota en {opening.country.spanish_name}, donde vive"
        return (
            f"Vacante remota de {opening.country.spanish_name}, abierta a quienes viven en "
            f"{candidate.country.spanish_name}"
        )
    if a.location is LocationFit.SAME_STATE:
        noun, feminine = SUBDIVISION_NOUNS[opening.country]
        return f"Vive en {lives}, {'misma' if feminine else 'mismo'} {noun} que la vacante"
    if a.location is LocationFit.PREFERRED_STATE:
        return f"Vive en {lives} y prefiere trabajar en {there}, donde está la vacante"
    if a.location is LocationFit.RELOCATION:
        return f"Vive en {lives}, con disposición a mudarse a {there}"
    return f"Vive en {lives}; la vacante está en {there}"


def credential_reason(cred: HeldCredential, relevant: bool) -> str:
    """Kind and verification of the credential that weighed most, naming who signed it.

    ``cred.issuer`` is the programme that loaded the credential, so it is never named as
    its verifier: only the registered issuer whose signature verified it is.
    """
    noun, feminine = _KIND_ES[cred.kind]
    participle = "verificada" if feminine else "verificado"
    if cred.verified and cred.verified_by:
        state = f"{participle} por {cred.verified_by}"
    elif cred.verified:
        # Stored before signatures were checked: the loading programme's own yes/no.
        state = f"{participle} según {ISSUER_ES[cred.issuer]}, sin firma"
    else:
        state = "sin verificar"
    line = f"{noun} {state}: {cred.name}"
    return line if relevant else line + " (sin relación directa con la vacante)"


def english_reason(candidate: Candidate, opening: Opening) -> str | None:
    """English level held and asked, when either is known."""
    if opening.english_level is None:
        if candidate.english_level is None:
            return None
        return f"Nivel de inglés {candidate.english_level.value}"
    held = candidate.english_level.value if candidate.english_level else "sin acreditar"
    return f"Nivel de inglés {held} (se pide {opening.english_level.value})"


def placement_reasons(opening: Opening) -> list[str]:
    """What kind of place the opening is, when it is a hard filter: dual training, minors.

    Nothing here says a candidate's age: the opening's conditions are the employer's
    attestation and hold for whoever takes the place.
    """
    out: list[str] = []
    if opening.work_based_learning:
        out.append("Plaza de formación dual para estudiantes inscritos")
    if opening.admits_minors:
        out.append(
            "Admite personas de 15 a 17 años: jornada diurna de hasta 6 horas, "
            "sin trabajo peligroso"
        )
    return out


def explain(a: PairAssessment, candidate: Candidate, opening: Opening) -> tuple[str, ...]:
    """All reasons for a pair, most decisive first."""
    reasons = skills_reasons(a)
    reasons.append(location_reason(a, candidate, opening))
    if a.best_credential is not None:
        reasons.append(credential_reason(a.best_credential, a.credential_relevant))
    english = english_reason(candidate, opening)
    if english is not None:
        reasons.append(english)
    reasons.extend(placement_reasons(opening))
    semantic = round(100 * a.components()["semantic"])
    reasons.append(f"Afinidad del perfil con la vacante: {semantic} %")
    return tuple(reasons)
