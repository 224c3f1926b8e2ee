"""Closed vocabularies shared by every event contract.

Values are stable snake_case strings: they travel in events and are stored in
the database, so a value is never renamed, only added.
"""

from __future__ import annotations

from enum import StrEnum


class Issuer(StrEnum):
    """Who trained the graduate or issued the credential."""

    TECNM_INFOTEC = "tecnm_infotec"
    AWS = "aws"
    CONALEP = "conalep"  # "Aprendices Digitales" with Cisco, Google Cloud and IBM modules
    IBM = "ibm"
    CISCO = "cisco"
    GOOGLE_CLOUD = "google_cloud"
    KYNDRYL = "kyndryl"
    MICROSOFT = "microsoft"
    ORACLE = "oracle"
    OTHER = "other"


class CredentialKind(StrEnum):
    """What a credential is worth: from a formal certification to a course completion."""

    CERTIFICATION = "certification"
    BADGE = "badge"
    COURSE_COMPLETION = "course_completion"  # no official validity
    TECHNICAL_DEGREE = "technical_degree"  # e.g. CONALEP "Profesional Técnico Bachiller"
    MASTERS = "masters"


class Track(StrEnum):
    """Programme tracks in demand by nearshoring employers."""

    AI = "ai"
    DATA = "data"
    CLOUD = "cloud"
    JAVA = "java"
    CYBERSECURITY = "cybersecurity"
    OTHER = "other"


class CefrLevel(StrEnum):
    """Common European Framework of Reference language levels, in ascending order."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        """Ordinal position, so levels can be compared (A1 = 1 … C2 = 6)."""
        return list(CefrLevel).index(self) + 1


class Modality(StrEnum):
    """Where the work happens."""

    ON_SITE = "on_site"
    HYBRID = "hybrid"
    REMOTE = "remote"


class ConsentPurpose(StrEnum):
    """Purposes a graduate consents to separately (LFPDPPP: purpose limitation)."""

    MATCHING = "matching"
    SHARE_WITH_EMPLOYERS = "share_with_employers"
    NOTIFICATIONS = "notifications"


class VacancyKind(StrEnum):
    """Job, work-based learning place or internship."""

    JOB = "job"
    APPRENTICESHIP = "apprenticeship"
    INTERNSHIP = "internship"


class Sector(StrEnum):
    """Employer sectors, nearshoring first."""

    AEROSPACE = "aerospace"
    AUTOMOTIVE = "automotive"
    PHARMA = "pharma"
    ELECTRONICS = "electronics"
    MEDICAL_DEVICES = "medical_devices"
    SOFTWARE = "software"
    FINANCE = "finance"
    LOGISTICS = "logistics"
    MANUFACTURING = "manufacturing"
    ENERGY = "energy"
    PUBLIC_ADMINISTRATION = "public_administration"
    OTHER = "other"


class VacancyCloseReason(StrEnum):
    """Why a vacancy stopped taking candidates."""

    FILLED = "filled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class OutcomeKind(StrEnum):
    """Steps of a placement, from application to retention."""

    APPLIED = "applied"
    INTERVIEWED = "interviewed"
    OFFERED = "offered"
    HIRED = "hired"
    REJECTED = "rejected"
    DECLINED = "declined"
    RETAINED_3M = "retained_3m"
    RETAINED_6M = "retained_6m"
    RETAINED_12M = "retained_12m"
    LEFT = "left"


class Reporter(StrEnum):
    """Who reported an outcome."""

    GRADUATE = "graduate"
    EMPLOYER = "employer"
    PROGRAMME = "programme"
    SYSTEM = "system"


class NotificationChannel(StrEnum):
    """How a notification reaches a graduate or an employer."""

    EMAIL = "email"
    WEBHOOK = "webhook"
    IN_APP = "in_app"


class NotificationKind(StrEnum):
    """What a notification is about."""

    MATCH = "match"
    DIGEST = "digest"
    FOLLOW_UP = "follow_up"
    ACCESS = "access"  # a link to their profile the graduate asked for; never capped


class DeliveryStatus(StrEnum):
    """Final state of a delivery attempt sequence."""

    DELIVERED = "delivered"
    FAILED = "failed"
    DEFERRED = "deferred"  # held back by the daily cap, goes into the digest


class NotificationStatus(StrEnum):
    """Where a stored notification stands: requested, then one final delivery status."""

    REQUESTED = "requested"
    DELIVERED = "delivered"
    FAILED = "failed"
    DEFERRED = "deferred"


class MatchStatus(StrEnum):
    """Where a match stands: proposed, withdrawn, or the latest outcome of the placement."""

    PROPOSED = "proposed"
    WITHDRAWN = "withdrawn"
    APPLIED = "applied"
    INTERVIEWED = "interviewed"
    OFFERED = "offered"
    HIRED = "hired"
    REJECTED = "rejected"
    DECLINED = "declined"
    RETAINED_3M = "retained_3m"
    RETAINED_6M = "retained_6m"
    RETAINED_12M = "retained_12m"
    LEFT = "left"


class VacancyStatus(StrEnum):
    """Whether a vacancy still takes candidates."""

    OPEN = "open"
    CLOSED = "closed"


class WithdrawalReason(StrEnum):
    """Why a proposed match was withdrawn."""

    VACANCY_CLOSED = "vacancy_closed"
    VACANCY_FILLED = "vacancy_filled"
    VACANCY_CHANGED = "vacancy_changed"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    GRADUATE_PLACED = "graduate_placed"
    GRADUATE_ERASED = "graduate_erased"


class MexicanState(StrEnum):
    """The 32 federal entities, by ISO 3166-2:MX code."""

    AGU = "AGU"
    BCN = "BCN"
    BCS = "BCS"
    CAM = "CAM"
    CHP = "CHP"
    CHH = "CHH"
    CMX = "CMX"
    COA = "COA"
    COL = "COL"
    DUR = "DUR"
    GUA = "GUA"
    GRO = "GRO"
    HID = "HID"
    JAL = "JAL"
    MEX = "MEX"
    MIC = "MIC"
    MOR = "MOR"
    NAY = "NAY"
    NLE = "NLE"
    OAX = "OAX"
    PUE = "PUE"
    QUE = "QUE"
    ROO = "ROO"
    SLP = "SLP"
    SIN = "SIN"
    SON = "SON"
    TAB = "TAB"
    TAM = "TAM"
    TLA = "TLA"
    VER = "VER"
    YUC = "YUC"
    ZAC = "ZAC"

    @property
    def spanish_name(self) -> str:
        """The state's name as people in Mexico write it."""
        return STATE_NAMES[self]


STATE_NAMES: dict[MexicanState, str] = {
    MexicanState.AGU: "Aguascalientes",
    MexicanState.BCN: "Baja California",
    MexicanState.BCS: "Baja California Sur",
    MexicanState.CAM: "Campeche",
    MexicanState.CHP: "Chiapas",
    MexicanState.CHH: "Chihuahua",
    MexicanState.CMX: "Ciudad de México",
    MexicanState.COA: "Coahuila",
    MexicanState.COL: "Colima",
    MexicanState.DUR: "Durango",
    MexicanState.GUA: "Guanajuato",
    MexicanState.GRO: "Guerrero",
    MexicanState.HID: "Hidalgo",
    MexicanState.JAL: "Jalisco",
    MexicanState.MEX: "Estado de México",
    MexicanState.MIC: "Michoacán",
    MexicanState.MOR: "Morelos",
    MexicanState.NAY: "Nayarit",
    MexicanState.NLE: "Nuevo León",
    MexicanState.OAX: "Oaxaca",
    MexicanState.PUE: "Puebla",
    MexicanState.QUE: "Querétaro",
    MexicanState.ROO: "Quintana Roo",
    MexicanState.SLP: "San Luis Potosí",
    MexicanState.SIN: "Sinaloa",
    MexicanState.SON: "Sonora",
    MexicanState.TAB: "Tabasco",
    MexicanState.TAM: "Tamaulipas",
    MexicanState.TLA: "Tlaxcala",
    MexicanState.VER: "Veracruz",
    MexicanState.YUC: "Yucatán",
    MexicanState.ZAC: "Zacatecas",
}
