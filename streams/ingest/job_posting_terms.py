"""A JobPosting's vocabularies as Vincula's: states, country, kind of vacancy, sector, language.

Publishers write these in Spanish or English, as codes or names, with or
without accents; each reader folds the text (``matching.text.fold``) and
raises ``PropertyError`` with a Spanish reason when it cannot decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matching.text import fold, stem_token
from schemas.enums import MexicanState, Sector, VacancyKind
from schemas.regions import COUNTRY_NAMES, Country, Subdivision, country_of, subdivisions_of
from streams.ingest.jsonld import PropertyError

_STATE_ALIASES = {
    "cdmx": MexicanState.CMX,
    "df": MexicanState.CMX,
    "distrito federal": MexicanState.CMX,
    "mexico city": MexicanState.CMX,
    "cd de mexico": MexicanState.CMX,
    "mexico": MexicanState.MEX,  # the state's own official name
    "edomex": MexicanState.MEX,
    "edo mex": MexicanState.MEX,
    "edo de mexico": MexicanState.MEX,
    "state of mexico": MexicanState.MEX,
    "ags": MexicanState.AGU,
    "bc": MexicanState.BCN,
    "baja california norte": MexicanState.BCN,
    "camp": MexicanState.CAM,
    "chis": MexicanState.CHP,
    "chih": MexicanState.CHH,
    "coah": MexicanState.COA,
    "coahuila de zaragoza": MexicanState.COA,
    "dgo": MexicanState.DUR,
    "gto": MexicanState.GUA,
    "hgo": MexicanState.HID,
    "mich": MexicanState.MIC,
    "michoacan de ocampo": MexicanState.MIC,
    "nl": MexicanState.NLE,
    "qro": MexicanState.QUE,
    "queretaro de arteaga": MexicanState.QUE,
    "q roo": MexicanState.ROO,
    "qroo": MexicanState.ROO,
    "tamps": MexicanState.TAM,
    "tlax": MexicanState.TLA,
    "veracruz de ignacio de la llave": MexicanState.VER,
}
_STATES = {fold(state.spanish_name): state for state in MexicanState} | _STATE_ALIASES
_MEXICO = frozenset({"mx", "mex", "mexico", "estados unidos mexicanos", "united mexican states"})
_COUNTRIES = {name: Country.MX for name in _MEXICO} | {
    "sv": Country.SV,
    "slv": Country.SV,
    "el salvador": Country.SV,
    "do": Country.DO,
    "dom": Country.DO,
    "republica dominicana": Country.DO,
    "dominican republic": Country.DO,
}
_NAMES = [COUNTRY_NAMES[country] for country in Country]
SERVED = " y ".join([", ".join(_NAMES[:-1]), _NAMES[-1]]) if len(_NAMES) > 1 else _NAMES[0]

# employmentType values (Google's, and how ATSs and Spanish boards spell them) that are not jobs.
_INTERNSHIP_TYPES = frozenset({"intern", "internship", "practicas", "practicante", "becario"})
_APPRENTICESHIP_TYPES = frozenset({"apprentice", "apprenticeship", "aprendiz", "aprendizaje"})
_JOB_TYPES = frozenset(
    {
        "full time",
        "part time",
        "contractor",
        "contract",
        "temporary",
        "per diem",
        "volunteer",
        "other",
        "tiempo completo",
        "medio tiempo",
        "tiempo parcial",
        "temporal",
        "por proyecto",
        "freelance",
    }
)
# Words of a title that make a vacancy a work-based learning place or an internship.
_APPRENTICESHIP_TITLE = ("aprendiz", "apprentice", "aprendizaje dual", "formacion dual", "dual")
_INTERNSHIP_TITLE = ("becario", "becaria", "practicante", "practicas profesionales", "intern")

# Industry words, most specific first: "automotive manufacturing" is automotive.
_SECTOR_WORDS: tuple[tuple[Sector, tuple[str, ...]], ...] = (
    (
        Sector.MEDICAL_DEVICES,
        ("dispositivos medicos", "medical device", "equipo medico", "medical equipment", "medtech"),
    ),
    (
        Sector.AEROSPACE,
        ("aeroespacial", "aerospace", "aeronautica", "aeronautical", "aviation", "aviacion"),
    ),
    (Sector.AUTOMOTIVE, ("automotriz", "automotive", "autopartes", "auto parts", "automobile")),
    (
        Sector.PHARMA,
        ("farmaceutica", "pharmaceutical", "pharma", "biotecnologia", "biotechnology"),
    ),
    (
        Sector.ELECTRONICS,
        ("electronica", "electronics", "electronic", "semiconductor", "semiconductores"),
    ),
    (Sector.ENERGY, ("energia", "energy", "petroleo", "oil and gas", "renovable", "renewable")),
    (
        Sector.FINANCE,
        (
            "finanzas",
            "finance",
            "financial",
            "servicios financieros",
            "banca",
            "banking",
            "seguros",
            "insurance",
            "fintech",
        ),
    ),
    (
        Sector.LOGISTICS,
        (
            "logistica",
            "logistics",
            "transporte",
            "transportation",
            "supply chain",
            "cadena de suministro",
        ),
    ),
    (
        Sector.PUBLIC_ADMINISTRATION,
        (
            "administracion publica",
            "public administration",
            "gobierno",
            "government",
            "sector publico",
        ),
    ),
    (
        Sector.SOFTWARE,
        (
            "software",
            "tecnologias de la informacion",
            "information technology",
            "it services",
            "ti",
            "it",
            "tecnologia",
            "technology",
            "informatica",
            "internet",
            "saas",
        ),
    ),
    (Sector.MANUFACTURING, ("manufactura", "manufacturing", "industrial", "maquiladora")),
)

_SPANISH = frozenset({"es", "spa", "spanish", "espanol", "castellano"})
_ENGLISH = frozenset({"en", "eng", "english", "ingles"})
_SPANISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "de la que el en y los del las un por con una para es se al como mas sus su "
        "experiencia conocimientos trabajo empresa puesto ofrecemos requisitos buscamos",
    )
)
_ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the and of to in with for you is are our we will be your this on as "
        "experience skills work team job offer requirements looking",
    )
)


def _stemmed(text: str) -> str:
    return " ".join(stem_token(token) for token in fold(text).split())


def _has_phrase(text: str, phrases: Iterable[str]) -> bool:
    padded = f" {_stemmed(text)} "
    return any(f" {_stemmed(phrase)} " in padded for phrase in phrases)


def mexican_state(value: str, where: str) -> MexicanState:
    """A state by ISO 3166-2:MX code (``QUE``, ``MX-QUE``), name or common abbreviation."""
    code = value.strip().upper().removeprefix("MX-").rstrip(".")
    if code in MexicanState.__members__:
        return MexicanState[code]
    found = _STATES.get(fold(value))
    if found is None:
        raise PropertyError(
            where,
            f"«{value}» no es un estado de México (use su nombre o su clave, p. ej. "
            "Querétaro o QUE)",
        )
    return found


def served_country(value: str) -> Country | None:
    """The country Vincula serves that a name or ISO code (alpha-2 or alpha-3) names, if any."""
    return _COUNTRIES.get(fold(value))


def subdivision_in(value: str, country: Country, where: str) -> Subdivision:
    """A state (Mexico), department or province of ``country`` by ISO 3166-2 code or name."""
    if country is Country.MX:
        return mexican_state(value, where)
    code = value.strip().upper()
    for member in subdivisions_of(country):
        if code in (member.value, member.value.removeprefix(f"{country.value}-")) or fold(
            value
        ) == fold(member.spanish_name):
            assert country_of(member) is country
            return member
    raise PropertyError(where, f"«{value}» no es una subdivisión de {COUNTRY_NAMES[country]}")


def employment_kind(value: str, where: str) -> VacancyKind | None:
    """The kind an ``employmentType`` value says (None for a job type); unknown values fail."""
    key = fold(value.replace("_", " ").replace("-", " "))
    if key in _INTERNSHIP_TYPES:
        return VacancyKind.INTERNSHIP
    if key in _APPRENTICESHIP_TYPES:
        return VacancyKind.APPRENTICESHIP
    if key in _JOB_TYPES:
        return None
    raise PropertyError(
        where,
        f"«{value}» no es un tipo de empleo conocido (FULL_TIME, PART_TIME, CONTRACTOR, "
        "TEMPORARY, INTERN, VOLUNTEER, PER_DIEM u OTHER)",
    )


def kind_of(title: str, kinds: Iterable[VacancyKind | None]) -> VacancyKind:
    """The vacancy's kind: an apprenticeship if its title or type says so, then an internship."""
    said = set(kinds)
    if VacancyKind.APPRENTICESHIP in said or _has_phrase(title, _APPRENTICESHIP_TITLE):
        return VacancyKind.APPRENTICESHIP
    if VacancyKind.INTERNSHIP in said or _has_phrase(title, _INTERNSHIP_TITLE):
        return VacancyKind.INTERNSHIP
    return VacancyKind.JOB


def sector_of(industry: str) -> Sector | None:
    """The sector an industry name says, in Spanish or English; None when none fits."""
    for sector, words in _SECTOR_WORDS:
        if _has_phrase(industry, words):
            return sector
    return None


def language_code(value: str, where: str) -> str:
    """``es`` or ``en`` from a BCP 47 tag (``es-MX``) or a language name; others fail."""
    key = fold(value)
    primary = key.split(" ")[0] if key else key
    if key in _SPANISH or primary == "es":
        return "es"
    if key in _ENGLISH or primary == "en":
        return "en"
    raise PropertyError(where, f"«{value}»: Vincula publica vacantes en español (es) o inglés (en)")


def guess_language(text: str) -> str:
    """``en`` when a text has more common English words than Spanish ones, else ``es``."""
    words = fold(text).split()
    spanish = sum(word in _SPANISH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return "en" if english > spanish else "es"
