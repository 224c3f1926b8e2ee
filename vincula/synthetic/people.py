"""Fictitious people for synthetic cohorts: common names and CURPs that validate."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from matching.text import fold
from schemas.enums import MexicanState
from streams.ingest.curp import curp_check_digit

GIVEN_NAMES_F = (
    "María",
    "Guadalupe",
    "Fernanda",
    "Ximena",
    "Valeria",
    "Daniela",
    "Sofía",
    "Andrea",
    "Itzel",
    "Camila",
    "Paola",
    "Alejandra",
    "Karla",
    "Abril",
)
GIVEN_NAMES_M = (
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jesús",
    "Miguel",
    "Diego",
    "Ángel",
    "Emiliano",
    "Santiago",
    "Brandon",
    "Iván",
    "Óscar",
    "Ulises",
)
SURNAMES = (
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Castillo",
    "Núñez",
    "Chávez",
    "Ibarra",
    "Ávila",
    "Yáñez",
    "Uc",
)

# ISO 3166-2:MX -> RENAPO birth-state code used inside the CURP.
RENAPO_CODE = {
    MexicanState.AGU: "AS",
    MexicanState.BCN: "BC",
    MexicanState.BCS: "BS",
    MexicanState.CAM: "CC",
    MexicanState.CHP: "CS",
    MexicanState.CHH: "CH",
    MexicanState.CMX: "DF",
    MexicanState.COA: "CL",
    MexicanState.COL: "CM",
    MexicanState.DUR: "DG",
    MexicanState.GUA: "GT",
    MexicanState.GRO: "GR",
    MexicanState.HID: "HG",
    MexicanState.JAL: "JC",
    MexicanState.MEX: "MC",
    MexicanState.MIC: "MN",
    MexicanState.MOR: "MS",
    MexicanState.NAY: "NT",
    MexicanState.NLE: "NL",
    MexicanState.OAX: "OC",
    MexicanState.PUE: "PL",
    MexicanState.QUE: "QT",
    MexicanState.ROO: "QR",
    MexicanState.SLP: "SP",
    MexicanState.SIN: "SL",
    MexicanState.SON: "SR",
    MexicanState.TAB: "TC",
    MexicanState.TAM: "TS",
    MexicanState.TLA: "TL",
    MexicanState.VER: "VZ",
    MexicanState.YUC: "YN",
    MexicanState.ZAC: "ZS",
}
_VOWELS = "AEIOU"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class Person:
    """A fictitious graduate: name, CURP and birth date agree with each other."""

    given_name: str
    surname1: str
    surname2: str
    birth_date: date
    curp: str

    @property
    def sex_letter(self) -> str:
        """The CURP's sex letter (H or M), as a programme's form would record it."""
        return self.curp[10]

    @property
    def email_local_part(self) -> str:
        """An ASCII mailbox name built from the given name and first surname."""
        return f"{_plain(self.given_name)}.{_plain(self.surname1)}".lower()

    @property
    def full_name(self) -> str:
        """Name as written on a certificate."""
        return f"{self.given_name} {self.surname1} {self.surname2}"


def _plain(word: str) -> str:
    # RENAPO drops accents and writes Ñ as X; the shared fold keeps the ñ, so swap it here.
    folded = fold(word).replace("ñ", "x")
    return "".join(ch for ch in folded if ch.isascii() and ch.isalpha()).upper()


def _first_inner(word: str, pool: str, *, vowels: bool) -> str:
    for ch in word[1:]:
        if (ch in pool) == vowels:
            return ch
    return "X"


def build_curp(
    given: str, surname1: str, surname2: str, born: date, sex: str, birth_state: str, homonymy: str
) -> str:
    """Assemble a CURP from its parts and append the correct check digit."""
    g, s1, s2 = _plain(given), _plain(surname1), _plain(surname2)
    first17 = (
        s1[0]
        + _first_inner(s1, _VOWELS, vowels=True)
        + s2[0]
        + g[0]
        + born.strftime("%y%m%d")
        + sex
        + birth_state
        + _first_inner(s1, _VOWELS, vowels=False)
        + _first_inner(s2, _VOWELS, vowels=False)
        + _first_inner(g, _VOWELS, vowels=False)
        + homonymy
    )
    return first17 + curp_check_digit(first17)


def random_person(rng: random.Random, birth_year: int, birth_state: MexicanState) -> Person:
    """Draw a fictitious person born in ``birth_year`` in ``birth_state``."""
    female = rng.random() < 0.5
    given = rng.choice(GIVEN_NAMES_F if female else GIVEN_NAMES_M)
    surname1, surname2 = rng.choice(SURNAMES), rng.choice(SURNAMES)
    born = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    homonymy = str(rng.randint(0, 9)) if birth_year < 2000 else rng.choice(_LETTERS)
    curp = build_curp(
        given, surname1, surname2, born, "M" if female else "H", RENAPO_CODE[birth_state], homonymy
    )
    return Person(given, surname1, surname2, born, curp)
