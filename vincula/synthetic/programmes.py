"""The programmes that certify synthetic graduates, and the credentials they issue.

Every credential is named by its code in the shipped crosswalk
(``matching/data/crosswalk.json``), which gives its real kind, name, issuer
and track: a course that carries no official validity is a course
completion, a vendor's exam a certification, a module a badge. TecNM/Infotec
AI centres issue their own diplomas plus joint certifications with
technology companies; AWS trains at scale with courses; CONALEP's Aprendices
Digitales (ages 15 to 40) add Cisco, Google Cloud and IBM modules to a
technical degree and seek work-based learning places; IBM and Kyndryl run
cybersecurity cohorts.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.crosswalk import CredentialEntry, default_crosswalk
from schemas.enums import Issuer, MexicanState, Track


@dataclass(frozen=True, slots=True)
class Programme:
    """A programme's track at one campus: what it issues and whom it serves.

    ``credential`` is the code every graduate holds; each of ``joint`` is held
    by part of the cohort (a joint certification with a technology company).
    ``students`` programmes serve enrolled students who seek work-based
    learning; ``ages`` bounds the age of its graduates at certification.
    """

    name: str
    issuer: Issuer
    campus: str | None
    state: MexicanState | None
    track: Track
    credential: str
    joint: tuple[str, ...] = ()
    ages: tuple[int, int] = (19, 38)
    students: bool = False
    records_sex: bool = False

    def credential_codes(self) -> tuple[str, ...]:
        """Every code this programme may issue, its own first."""
        return (self.credential, *self.joint)


def _tecnm(campus: str, state: MexicanState, track: Track, code: str, *joint: str) -> Programme:
    return Programme(
        f"Centro de IA TecNM {campus} — {_TRACK_TITLES[track]}",
        Issuer.TECNM_INFOTEC,
        campus,
        state,
        track,
        code,
        joint,
        ages=(20, 38),
        records_sex=True,
    )


def _conalep(
    title: str, campus: str, state: MexicanState, track: Track, code: str, *joint: str
) -> Programme:
    return Programme(
        f"CONALEP Aprendices Digitales — {title}",
        Issuer.CONALEP,
        campus,
        state,
        track,
        code,
        joint,
        ages=(15, 40),
        students=True,
        records_sex=True,
    )


_TRACK_TITLES = {
    Track.AI: "Inteligencia artificial",
    Track.DATA: "Ciencia de datos",
    Track.CLOUD: "Cómputo en la nube",
    Track.JAVA: "Desarrollo Java",
    Track.CYBERSECURITY: "Ciberseguridad",
}

PROGRAMMES: tuple[Programme, ...] = (
    _tecnm("Tláhuac", MexicanState.CMX, Track.DATA, "TECNM-IA-DATOS", "IBM-DATA-SCIENCE"),
    _tecnm("Mérida", MexicanState.YUC, Track.AI, "TECNM-MIA", "AWS-MLA"),
    _tecnm("Tijuana", MexicanState.BCN, Track.AI, "TECNM-IA-FUNDAMENTOS", "MS-AI-900"),
    _tecnm("Morelos", MexicanState.MOR, Track.CLOUD, "TECNM-IA-NUBE", "AWS-CCP"),
    _tecnm("Veracruz", MexicanState.VER, Track.JAVA, "TECNM-IA-JAVA", "ORACLE-JAVA-SE-FOUNDATIONS"),
    _tecnm("Puebla", MexicanState.PUE, Track.CYBERSECURITY, "TECNM-IA-CIBERSEGURIDAD", "MS-SC-900"),
    _tecnm("Morelia", MexicanState.MIC, Track.DATA, "TECNM-IA-DATOS", "MS-DP-900"),
    _tecnm("Oaxaca", MexicanState.OAX, Track.CLOUD, "TECNM-IA-NUBE", "GCP-CDL"),
    _tecnm("Tamaulipas", MexicanState.TAM, Track.JAVA, "TECNM-IA-JAVA", "ORACLE-JAVA-SE-OCP"),
    _tecnm("Nayarit", MexicanState.NAY, Track.CYBERSECURITY, "TECNM-IA-CIBERSEGURIDAD"),
    Programme(
        "Capacitación AWS — re/Start",
        Issuer.AWS,
        None,
        None,
        Track.CLOUD,
        "AWS-RESTART",
        ("AWS-CCP",),
        ages=(18, 40),
    ),
    Programme(
        "Capacitación AWS — Inteligencia artificial",
        Issuer.AWS,
        None,
        None,
        Track.AI,
        "AWS-AIF",
        ages=(18, 40),
    ),
    _conalep(
        "Ciberseguridad con Cisco",
        "Plantel Querétaro",
        MexicanState.QUE,
        Track.CYBERSECURITY,
        "CONALEP-AD-CIBERSEGURIDAD",
        "CISCO-INTRO-CYBER",
        "CONALEP-PTB-INFORMATICA",
    ),
    _conalep(
        "Nube con Google Cloud",
        "Plantel Monterrey II",
        MexicanState.NLE,
        Track.CLOUD,
        "CONALEP-AD-NUBE",
        "GCP-CDL",
        "CONALEP-PTB-TELECOMUNICACIONES",
    ),
    _conalep(
        "Inteligencia artificial con IBM",
        "Plantel Guadalajara",
        MexicanState.JAL,
        Track.AI,
        "CONALEP-AD-IA",
        "IBM-SB-AI-FUNDAMENTALS",
        "CONALEP-PTB-MECATRONICA",
    ),
    Programme(
        "IBM SkillsBuild — Ciberseguridad",
        Issuer.IBM,
        None,
        None,
        Track.CYBERSECURITY,
        "IBM-SB-CYBER-FUNDAMENTALS",
        ages=(18, 40),
    ),
    Programme(
        "Kyndryl — Ciberseguridad para la industria",
        Issuer.KYNDRYL,
        None,
        None,
        Track.CYBERSECURITY,
        "KYNDRYL-CYBER",
        ("CISCO-CYBEROPS",),
        ages=(20, 40),
    ),
)

# Codes employers ask for in vacancies of each track: what the programmes issue.
VACANCY_CREDENTIALS: dict[Track, tuple[str, ...]] = {
    Track.AI: ("TECNM-IA-FUNDAMENTOS", "TECNM-MIA", "AWS-AIF", "MS-AI-900"),
    Track.DATA: ("IBM-DATA-SCIENCE", "TECNM-IA-DATOS", "MS-DP-900"),
    Track.CLOUD: ("AWS-CCP", "GCP-CDL", "GCP-ACE", "TECNM-IA-NUBE"),
    Track.JAVA: ("ORACLE-JAVA-SE-FOUNDATIONS", "ORACLE-JAVA-SE-OCP", "TECNM-IA-JAVA"),
    Track.CYBERSECURITY: ("CISCO-INTRO-CYBER", "KYNDRYL-CYBER", "CISCO-CCNA", "CISCO-CYBEROPS"),
}


def credential_entry(code: str) -> CredentialEntry:
    """The crosswalk's entry for ``code``; a code it lacks is a programming error here."""
    entry = default_crosswalk().credential(code)
    if entry is None:
        raise KeyError(f"la credencial {code} no está en el crosswalk")
    return entry


def issued_codes() -> frozenset[str]:
    """Every credential code synthetic programmes issue or vacancies ask for."""
    codes = {code for programme in PROGRAMMES for code in programme.credential_codes()}
    codes.update(code for track in VACANCY_CREDENTIALS.values() for code in track)
    return frozenset(codes)
