"""Spanish names of the enumerations people see: sectors, statuses, kinds, purposes.

Codes stay English in events and tables; pages, e-mails, reports and CSV
files show these names. Every member of every enumeration listed here has a
name (a unit test checks it), so a new member cannot reach a page as a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from schemas.enums import (
    ConsentPurpose,
    CredentialKind,
    Issuer,
    MatchStatus,
    MexicanState,
    Modality,
    NotificationChannel,
    NotificationKind,
    NotificationStatus,
    OutcomeKind,
    Sector,
    Track,
    VacancyCloseReason,
    VacancyKind,
    VacancyStatus,
)
from schemas.regions import Country, DominicanProvince, SalvadoranDepartment

# Members of different enumerations may share a code ("other"), so names go by enumeration.
_NAMES: dict[type[StrEnum], dict[StrEnum, str]] = {
    Sector: {
        Sector.AEROSPACE: "Aeroespacial",
        Sector.AUTOMOTIVE: "Automotriz",
        Sector.PHARMA: "Farmacéutica",
        Sector.ELECTRONICS: "Electrónica",
        Sector.MEDICAL_DEVICES: "Dispositivos médicos",
        Sector.SOFTWARE: "Software",
        Sector.FINANCE: "Finanzas",
        Sector.LOGISTICS: "Logística",
        Sector.MANUFACTURING: "Manufactura",
        Sector.ENERGY: "Energía",
        Sector.PUBLIC_ADMINISTRATION: "Administración pública",
        Sector.OTHER: "Otro sector",
    },
    VacancyKind: {
        VacancyKind.JOB: "Empleo",
        VacancyKind.APPRENTICESHIP: "Aprendizaje (formación dual)",
        VacancyKind.INTERNSHIP: "Prácticas profesionales",
    },
    Modality: {
        Modality.ON_SITE: "Presencial",
        Modality.HYBRID: "Híbrida",
        Modality.REMOTE: "Remota",
    },
    MatchStatus: {
        MatchStatus.PROPOSED: "Propuesta",
        MatchStatus.WITHDRAWN: "Retirada",
        MatchStatus.APPLIED: "Le interesa",
        MatchStatus.INTERVIEWED: "Entrevistada",
        MatchStatus.OFFERED: "Con oferta",
        MatchStatus.HIRED: "Contratada",
        MatchStatus.REJECTED: "No seleccionada",
        MatchStatus.DECLINED: "No le interesa",
        MatchStatus.RETAINED_3M: "Sigue a los 3 meses",
        MatchStatus.RETAINED_6M: "Sigue a los 6 meses",
        MatchStatus.RETAINED_12M: "Sigue a los 12 meses",
        MatchStatus.LEFT: "Dejó el empleo",
    },
    OutcomeKind: {
        OutcomeKind.APPLIED: "Le interesa",
        OutcomeKind.INTERVIEWED: "Entrevistada",
        OutcomeKind.OFFERED: "Con oferta",
        OutcomeKind.HIRED: "Contratada",
        OutcomeKind.REJECTED: "No seleccionada",
        OutcomeKind.DECLINED: "No le interesa",
        OutcomeKind.RETAINED_3M: "Sigue a los 3 meses",
        OutcomeKind.RETAINED_6M: "Sigue a los 6 meses",
        OutcomeKind.RETAINED_12M: "Sigue a los 12 meses",
        OutcomeKind.LEFT: "Dejó el empleo",
    },
    VacancyStatus: {
        VacancyStatus.OPEN: "Abierta",
        VacancyStatus.CLOSED: "Cerrada",
    },
    VacancyCloseReason: {
        VacancyCloseReason.FILLED: "Cubierta",
        VacancyCloseReason.CANCELLED: "Cancelada",
        VacancyCloseReason.EXPIRED: "Vencida",
    },
    ConsentPurpose: {
        ConsentPurpose.MATCHING: "Vinculación automática con vacantes",
        ConsentPurpose.SHARE_WITH_EMPLOYERS: "Compartir mi perfil con empresas",
        ConsentPurpose.NOTIFICATIONS: "Recibir avisos por correo",
    },
    CredentialKind: {
        CredentialKind.CERTIFICATION: "Certificación",
        CredentialKind.BADGE: "Insignia digital",
        CredentialKind.COURSE_COMPLETION: "Curso concluido (sin validez oficial)",
        CredentialKind.TECHNICAL_DEGREE: "Título técnico",
        CredentialKind.MASTERS: "Maestría",
    },
    Track: {
        Track.AI: "Inteligencia artificial",
        Track.DATA: "Datos",
        Track.CLOUD: "Nube",
        Track.JAVA: "Java",
        Track.CYBERSECURITY: "Ciberseguridad",
        Track.OTHER: "Otra ruta",
    },
    Issuer: {
        Issuer.TECNM_INFOTEC: "TecNM / Infotec",
        Issuer.AWS: "AWS",
        Issuer.CONALEP: "CONALEP · Aprendices Digitales",
        Issuer.IBM: "IBM",
        Issuer.CISCO: "Cisco",
        Issuer.GOOGLE_CLOUD: "Google Cloud",
        Issuer.KYNDRYL: "Kyndryl",
        Issuer.MICROSOFT: "Microsoft",
        Issuer.ORACLE: "Oracle",
        Issuer.OTHER: "Otro emisor",
    },
    NotificationChannel: {
        NotificationChannel.EMAIL: "Correo",
        NotificationChannel.WEBHOOK: "Webhook",
        NotificationChannel.IN_APP: "En la aplicación",
    },
    NotificationKind: {
        NotificationKind.MATCH: "Vacante para ti",
        NotificationKind.DIGEST: "Resumen diario",
        NotificationKind.FOLLOW_UP: "Seguimiento",
        NotificationKind.ACCESS: "Enlace a tu perfil",
    },
    NotificationStatus: {
        NotificationStatus.REQUESTED: "Pendiente",
        NotificationStatus.DELIVERED: "Entregado",
        NotificationStatus.FAILED: "No entregado",
        NotificationStatus.DEFERRED: "En el resumen diario",
    },
}

# Countries and the subdivisions added with them; Mexican states are named by spanish() below.
_NAMES[Country] = {c: c.spanish_name for c in Country}
_NAMES[SalvadoranDepartment] = {d: d.spanish_name for d in SalvadoranDepartment}
_NAMES[DominicanProvince] = {p: p.spanish_name for p in DominicanProvince}

# Month names, as dates are written out in Spanish («3 de marzo de 2027»).
SPANISH_MONTHS: tuple[str, ...] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)

LABELLED: tuple[type[StrEnum], ...] = tuple(_NAMES)
NAMES: Mapping[type[StrEnum], Mapping[StrEnum, str]] = MappingProxyType(
    {enumeration: MappingProxyType(names) for enumeration, names in _NAMES.items()}
)


def spanish(value: StrEnum) -> str:
    """The Spanish name of an enumeration member (a state's official name for states)."""
    if isinstance(value, MexicanState):
        return value.spanish_name
    names = NAMES.get(type(value), {})
    return names.get(value, str(value))


def spanish_code(enumeration: type[StrEnum], code: str) -> str:
    """The Spanish name of ``code`` in ``enumeration``; the code itself if it is unknown."""
    try:
        return spanish(enumeration(code))
    except ValueError:
        return code
