"""DUI and cédula validation, their generators, and pseudonyms kept apart per country."""

from __future__ import annotations

import hashlib
import hmac
import random

import pytest

from schemas.regions import Country
from streams.ingest.errors import CedulaError, CurpError, DuiError
from streams.ingest.national_ids import (
    dui_check_digit,
    luhn_check_digit,
    random_cedula,
    random_dui,
    validate_cedula,
    validate_document,
    validate_dui,
)
from streams.ingest.pseudonym import pseudonymise_curp, pseudonymise_document

KEY = b"clave-de-prueba-de-32-bytes-0001"
CURP = "HEGG560427MVZRRL04"


def test_dui_check_digit_is_the_weighted_sum_from_nine_to_two() -> None:
    # 0·9 + 0·8 + 0·7 + 1·6 + 6·5 + 2·4 + 9·3 + 7·2 = 85, and (10 - 5) mod 10 = 5.
    assert dui_check_digit("00016297") == 5
    # A multiple of ten gives 0, not 10.
    assert dui_check_digit("00000005") == 0  # 5·2 = 10


@pytest.mark.parametrize("spelling", ["00016297-5", "000162975", " 00016297-5 ", "0001 6297-5"])
def test_dui_spellings_normalise_to_the_written_form(spelling: str) -> None:
    assert validate_dui(spelling) == "00016297-5"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("00016297-4", "el dígito verificador es 4 pero debería ser 5"),
        ("0001629-75", "el guion va antes del último dígito"),
        ("1234", "debe tener 9 dígitos y tiene 4"),
        ("00016297-5-1", "debe tener 9 dígitos y tiene 10"),
        ("0001629A-5", "solo dígitos"),
        ("00000000-0", "solo ceros"),
        ("", "falta el número"),
    ],
)
def test_bad_duis_say_why_naming_the_document(raw: str, reason: str) -> None:
    with pytest.raises(DuiError) as caught:
        validate_dui(raw)
    assert reason in caught.value.reason
    assert str(caught.value).startswith("DUI inválido: ")


def test_cedula_check_digit_is_luhn() -> None:
    assert luhn_check_digit("0011391820") == 5
    assert luhn_check_digit("7992739871") == 3  # the textbook Luhn example


@pytest.mark.parametrize("spelling", ["00113918205", "001-1391820-5", " 001 1391820 5 "])
def test_cedula_spellings_normalise_to_the_written_form(spelling: str) -> None:
    assert validate_cedula(spelling) == "001-1391820-5"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("001-1391820-4", "el dígito verificador es 4 pero debería ser 5"),
        ("0011-391820-5", "los guiones van tras el 3.º y el 10.º dígito"),
        ("001-139182-5", "debe tener 11 dígitos y tiene 10"),
        ("001-13918X0-5", "solo dígitos"),
        ("000-0000000-0", "solo ceros"),
    ],
)
def test_bad_cedulas_say_why_naming_the_document(raw: str, reason: str) -> None:
    with pytest.raises(CedulaError) as caught:
        validate_cedula(raw)
    assert reason in caught.value.reason
    assert str(caught.value).startswith("cédula inválida: ")


def test_each_country_validates_its_own_document() -> None:
    assert validate_document(Country.SV, "000162975") == "00016297-5"
    assert validate_document(Country.DO, "00113918205") == "001-1391820-5"
    assert validate_document(Country.MX, CURP.lower()) == CURP
    with pytest.raises(CurpError):
        validate_document(Country.MX, "000162975")
    with pytest.raises(DuiError):
        validate_document(Country.SV, "00113918205")


def test_generated_documents_validate_and_vary() -> None:
    rng = random.Random(20270101)
    duis = [random_dui(rng) for _ in range(200)]
    cedulas = [random_cedula(rng) for _ in range(200)]
    assert all(validate_dui(d) == d for d in duis)
    assert all(validate_cedula(c) == c for c in cedulas)
    assert len(set(duis)) == 200 and len(set(cedulas)) == 200
    # A wrong check digit is refused: the generator is not simply accepted by everything.
    broken = duis[0][:-1] + str((int(duis[0][-1]) + 1) % 10)
    with pytest.raises(DuiError):
        validate_dui(broken)


def test_generators_are_deterministic_per_seed() -> None:
    assert random_dui(random.Random(7)) == random_dui(random.Random(7))
    assert random_cedula(random.Random(7)) == random_cedula(random.Random(7))


def test_mexican_pseudonyms_are_exactly_what_they_were() -> None:
    # Pinned from the code before Central America (git HEAD's pseudonymise_curp): stored
    # pseudonyms depend on it.
    pinned = "e0874eed5ba564d84a582ac7138aa9361fb41f3f4333dc713b1bb2187ccc1b3f"
    assert pseudonymise_curp(CURP, KEY) == pinned
    assert pseudonymise_document(Country.MX, CURP, KEY) == pinned
    assert pseudonymise_document(Country.MX, f" {CURP.lower()} ", KEY) == pinned
    assert hmac.new(KEY, CURP.encode(), hashlib.sha256).hexdigest() == pinned


def test_equal_digits_in_two_countries_get_different_pseudonyms() -> None:
    digits = "00113918205"  # eleven digits: a valid cédula, and the digit string of nothing else
    salvadoran = pseudonymise_document(Country.SV, "00016297-5", KEY)
    dominican = pseudonymise_document(Country.DO, digits, KEY)
    same_digits_sv = pseudonymise_document(Country.SV, digits, KEY)
    assert dominican != same_digits_sv
    assert salvadoran != pseudonymise_curp("000162975", KEY)
    # Spelling does not matter, only the digits and the country.
    assert pseudonymise_document(Country.SV, "000162975", KEY) == salvadoran
    assert pseudonymise_document(Country.DO, "001-1391820-5", KEY) == dominican
    assert len({salvadoran, dominican, pseudonymise_curp(CURP, KEY)}) == 3
