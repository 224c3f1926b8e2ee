"""CURP validation and the RENAPO check digit."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.enums import MexicanState
from streams.ingest.curp import (
    CURP_STATE_CODES,
    birth_date_of,
    curp_check_digit,
    is_valid_curp,
    validate_curp,
)
from streams.ingest.errors import CurpError
from vincula.synthetic.people import build_curp

# The specimen RENAPO uses in its own documentation: its check digit was
# computed by RENAPO, not by this code.
SPECIMEN = "HEGG560427MVZRRL04"


@st.composite
def curps(draw: st.DrawFn) -> str:
    """Valid CURPs whose homonymy character agrees with the birth century."""
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2099, 12, 31)))
    homonymy = (
        draw(st.sampled_from("0123456789"))
        if born.year < 2000
        else draw(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    )
    return build_curp(
        draw(st.sampled_from(["María", "José", "Ñeri", "Uc", "Ángel"])),
        draw(st.sampled_from(["Hernández", "Núñez", "Ibarra", "Uc"])),
        draw(st.sampled_from(["García", "Yáñez", "López"])),
        born,
        draw(st.sampled_from("HMX")),
        draw(st.sampled_from(sorted(CURP_STATE_CODES))),
        homonymy,
    )


def test_specimen_is_valid() -> None:
    assert validate_curp(SPECIMEN) == SPECIMEN
    assert curp_check_digit(SPECIMEN[:17]) == "4"
    assert birth_date_of(SPECIMEN) == date(1956, 4, 27)


def test_is_trimmed_and_upper_cased() -> None:
    assert validate_curp(f"  {SPECIMEN.lower()} ") == SPECIMEN


@given(curps())
def test_generated_curps_validate(curp: str) -> None:
    assert validate_curp(curp) == curp
    assert is_valid_curp(curp)


@given(curps(), st.integers(min_value=1, max_value=9))
def test_any_other_check_digit_is_refused(curp: str, shift: int) -> None:
    wrong = curp[:17] + str((int(curp[17]) + shift) % 10)
    with pytest.raises(CurpError, match="verificador") as caught:
        validate_curp(wrong)
    assert caught.value.reason.startswith("el dígito verificador")


@given(curps())
def test_century_follows_homonymy_character(curp: str) -> None:
    born = birth_date_of(curp)
    assert (born.year >= 2000) == curp[16].isalpha()


def test_every_iso_state_has_a_renapo_code() -> None:
    from vincula.synthetic.people import RENAPO_CODE

    assert set(RENAPO_CODE) == set(MexicanState)
    assert set(RENAPO_CODE.values()) | {"NE"} == set(CURP_STATE_CODES)


def with_digit(first17: str) -> str:
    return first17 + curp_check_digit(first17)


@pytest.mark.parametrize(
    ("curp", "reason"),
    [
        ("HEGG560427MVZRRL0", "18 caracteres"),
        ("HEGG560427MVZRRL045", "18 caracteres"),
        (with_digit("HEG1560427MVZRRL0"), "letras"),
        (with_digit("HEGG56O427MVZRRL0"), "fecha de nacimiento AAMMDD"),
        (with_digit("HEGG560230MVZRRL0"), "no existe"),
        (with_digit("HEGG010229MVZRRLA"), "no existe"),  # 2001 is not a leap year
        (with_digit("HEGG560427QVZRRL0"), "sexo"),
        (with_digit("HEGG560427MXXRRL0"), "entidad"),
        (with_digit("HEGG560427MVZARL0"), "consonantes"),
        ("HEGG560427MVZRRL-4", "homonimia"),
        ("HEGG560427MVZRRL0A", "dígito verificador"),
        ("HEGG560427MVZRRL05", "debería ser 4"),
    ],
)
def test_reasons_name_the_problem(curp: str, reason: str) -> None:
    with pytest.raises(CurpError) as caught:
        validate_curp(curp)
    assert reason in caught.value.reason
    assert not is_valid_curp(curp)


def test_born_abroad_and_non_binary_are_valid() -> None:
    assert is_valid_curp(with_digit("HEGG000229XNERRLA"))  # 2000 was a leap year


def test_check_digit_needs_17_characters() -> None:
    with pytest.raises(CurpError):
        curp_check_digit("ABC")
