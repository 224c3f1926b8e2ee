"""Countries Vincula serves and their first-level subdivisions (ISO 3166-1 and 3166-2).

Mexico's 32 federal entities keep the bare codes every stored event carries
(``QUE``); the subdivisions added later carry the full ISO 3166-2 code
(``SV-SS``, ``DO-01``), so no code of one country can be read as another's.
A field holding "a state" is typed :data:`Subdivision`, the union of the three
enumerations, and :func:`country_of` tells which country a subdivision is in.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from schemas.enums import STATE_NAMES, MexicanState


class Country(StrEnum):
    """Countries Vincula serves, by ISO 3166-1 alpha-2 code."""

    MX = "MX"
    SV = "SV"
    DO = "DO"

    @property
    def spanish_name(self) -> str:
        """The country's name in Spanish («República Dominicana»)."""
        return COUNTRY_NAMES[self]


COUNTRY_NAMES: Mapping[Country, str] = MappingProxyType(
    {Country.MX: "México", Country.SV: "El Salvador", Country.DO: "República Dominicana"}
)


class SalvadoranDepartment(StrEnum):
    """El Salvador's 14 departments, by ISO 3166-2:SV code."""

    AH = "SV-AH"
    CA = "SV-CA"
    CH = "SV-CH"
    CU = "SV-CU"
    LI = "SV-LI"
    PA = "SV-PA"
    UN = "SV-UN"
    MO = "SV-MO"
    SM = "SV-SM"
    SS = "SV-SS"
    SV = "SV-SV"
    SA = "SV-SA"
    SO = "SV-SO"
    US = "SV-US"

    @property
    def spanish_name(self) -> str:
        """The department's name («San Salvador»)."""
        return _NAMES[self]


class DominicanProvince(StrEnum):
    """The Dominican Republic's 31 provinces and its Distrito Nacional, by ISO 3166-2:DO code."""

    DISTRITO_NACIONAL = "DO-01"
    AZUA = "DO-02"
    BAORUCO = "DO-03"
    BARAHONA = "DO-04"
    DAJABON = "DO-05"
    DUARTE = "DO-06"
    ELIAS_PINA = "DO-07"
    EL_SEIBO = "DO-08"
    ESPAILLAT = "DO-09"
    INDEPENDENCIA = "DO-10"
    LA_ALTAGRACIA = "DO-11"
    LA_ROMANA = "DO-12"
    LA_VEGA = "DO-13"
    MARIA_TRINIDAD_SANCHEZ = "DO-14"
    MONTE_CRISTI = "DO-15"
    PEDERNALES = "DO-16"
    PERAVIA = "DO-17"
    PUERTO_PLATA = "DO-18"
    HERMANAS_MIRABAL = "DO-19"
    SAMANA = "DO-20"
    SAN_CRISTOBAL = "DO-21"
    SAN_JUAN = "DO-22"
    SAN_PEDRO_DE_MACORIS = "DO-23"
    SANCHEZ_RAMIREZ = "DO-24"
    SANTIAGO = "DO-25"
    SANTIAGO_RODRIGUEZ = "DO-26"
    VALVERDE = "DO-27"
    MONSENOR_NOUEL = "DO-28"
    MONTE_PLATA = "DO-29"
    HATO_MAYOR = "DO-30"
    SAN_JOSE_DE_OCOA = "DO-31"
    SANTO_DOMINGO = "DO-32"

    @property
    def spanish_name(self) -> str:
        """The province's name («Santo Domingo»)."""
        return _NAMES[self]


Subdivision = MexicanState | SalvadoranDepartment | DominicanProvince
"""A state (Mexico), department (El Salvador) or province (Dominican Republic)."""

_NAMES: Mapping[StrEnum, str] = MappingProxyType(
    {
        SalvadoranDepartment.AH: "Ahuachapán",
        SalvadoranDepartment.CA: "Cabañas",
        SalvadoranDepartment.CH: "Chalatenango",
        SalvadoranDepartment.CU: "Cuscatlán",
        SalvadoranDepartment.LI: "La Libertad",
        SalvadoranDepartment.PA: "La Paz",
        SalvadoranDepartment.UN: "La Unión",
        SalvadoranDepartment.MO: "Morazán",
        SalvadoranDepartment.SM: "San Miguel",
        SalvadoranDepartment.SS: "San Salvador",
        SalvadoranDepartment.SV: "San Vicente",
        SalvadoranDepartment.SA: "Santa Ana",
        SalvadoranDepartment.SO: "Sonsonate",
        SalvadoranDepartment.US: "Usulután",
        DominicanProvince.DISTRITO_NACIONAL: "Distrito Nacional",
        DominicanProvince.AZUA: "Azua",
        DominicanProvince.BAORUCO: "Baoruco",
        DominicanProvince.BARAHONA: "Barahona",
        DominicanProvince.DAJABON: "Dajabón",
        DominicanProvince.DUARTE: "Duarte",
        DominicanProvince.ELIAS_PINA: "Elías Piña",
        DominicanProvince.EL_SEIBO: "El Seibo",
        DominicanProvince.ESPAILLAT: "Espaillat",
        DominicanProvince.INDEPENDENCIA: "Independencia",
        DominicanProvince.LA_ALTAGRACIA: "La Altagracia",
        DominicanProvince.LA_ROMANA: "La Romana",
        DominicanProvince.LA_VEGA: "La Vega",
        DominicanProvince.MARIA_TRINIDAD_SANCHEZ: "María Trinidad Sánchez",
        DominicanProvince.MONTE_CRISTI: "Monte Cristi",
        DominicanProvince.PEDERNALES: "Pedernales",
        DominicanProvince.PERAVIA: "Peravia",
        DominicanProvince.PUERTO_PLATA: "Puerto Plata",
        DominicanProvince.HERMANAS_MIRABAL: "Hermanas Mirabal",
        DominicanProvince.SAMANA: "Samaná",
        DominicanProvince.SAN_CRISTOBAL: "San Cristóbal",
        DominicanProvince.SAN_JUAN: "San Juan",
        DominicanProvince.SAN_PEDRO_DE_MACORIS: "San Pedro de Macorís",
        DominicanProvince.SANCHEZ_RAMIREZ: "Sánchez Ramírez",
        DominicanProvince.SANTIAGO: "Santiago",
        DominicanProvince.SANTIAGO_RODRIGUEZ: "Santiago Rodríguez",
        DominicanProvince.VALVERDE: "Valverde",
        DominicanProvince.MONSENOR_NOUEL: "Monseñor Nouel",
        DominicanProvince.MONTE_PLATA: "Monte Plata",
        DominicanProvince.HATO_MAYOR: "Hato Mayor",
        DominicanProvince.SAN_JOSE_DE_OCOA: "San José de Ocoa",
        DominicanProvince.SANTO_DOMINGO: "Santo Domingo",
    }
)

SUBDIVISION_TYPES: Mapping[Country, type[StrEnum]] = MappingProxyType(
    {Country.MX: MexicanState, Country.SV: SalvadoranDepartment, Country.DO: DominicanProvince}
)

# Every subdivision in a fixed order: Mexico's first, so their positions never move.
SUBDIVISIONS: tuple[Subdivision, ...] = (
    *MexicanState,
    *SalvadoranDepartment,
    *DominicanProvince,
)

# What a subdivision is called in each country, and whether the noun is feminine.
SUBDIVISION_NOUNS: Mapping[Country, tuple[str, bool]] = MappingProxyType(
    {
        Country.MX: ("estado", False),
        Country.SV: ("departamento", False),
        Country.DO: ("provincia", True),
    }
)

_BY_CODE: Mapping[str, Subdivision] = MappingProxyType({s.value: s for s in SUBDIVISIONS})


def country_of(subdivision: Subdivision) -> Country:
    """The country a subdivision belongs to."""
    if isinstance(subdivision, SalvadoranDepartment):
        return Country.SV
    if isinstance(subdivision, DominicanProvince):
        return Country.DO
    return Country.MX


def subdivisions_of(country: Country) -> tuple[Subdivision, ...]:
    """The subdivisions of one country, in code order."""
    return tuple(s for s in SUBDIVISIONS if country_of(s) is country)


def subdivision(code: str) -> Subdivision:
    """The subdivision stored under ``code`` (``QUE``, ``SV-SS``); ValueError if none."""
    try:
        return _BY_CODE[code]
    except KeyError:
        msg = f"'{code}' no es la clave de un estado, departamento o provincia"
        raise ValueError(msg) from None


def subdivision_name(value: Subdivision) -> str:
    """The subdivision's Spanish name («Querétaro», «San Salvador»)."""
    if isinstance(value, MexicanState):
        return STATE_NAMES[value]
    return _NAMES[value]


def place_name(value: Subdivision) -> str:
    """Where a subdivision is, for people: Mexican states alone, others with their country."""
    country = country_of(value)
    name = subdivision_name(value)
    return name if country is Country.MX else f"{name}, {country.spanish_name}"


def subdivision_belongs(value: Subdivision, country: Country) -> None:
    """Raise ValueError, in Spanish, unless ``value`` is a subdivision of ``country``."""
    if country_of(value) is not country:
        noun, feminine = SUBDIVISION_NOUNS[country_of(value)]
        msg = (
            f"{subdivision_name(value)} ({value.value}) es {'una' if feminine else 'un'} {noun} de "
            f"{country_of(value).spanish_name}, no de {country.spanish_name} ({country.value})"
        )
        raise ValueError(msg)
