"""Spanish reasons say what the score components say."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from matching.domain import Candidate, Opening
from matching.explain import explain, list_labels
from matching.scoring import NEUTRAL_COVERAGE, LocationFit, assess_pair
from matching.skills import SkillResolver
from schemas.enums import CefrLevel, CredentialKind, Issuer, MexicanState, Modality
from tests.unit.matching.matching_engine_factories import (
    candidate,
    candidates,
    credential,
    opening,
    openings,
)


def test_reasons_for_a_typical_pair() -> None:
    c = candidate(
        skills=("Python", "SQL", "AWS", "Linux"),
        credentials=(
            credential(
                "AWS-CCP",
                name="AWS Certified Cloud Practitioner",
                issuer=Issuer.TECNM_INFOTEC,
                verified_by="AWS",
            ),
        ),
        english=CefrLevel.B2,
    )
    o = opening(
        required=("Python", "SQL", "AWS", "Linux", "Kubernetes"),
        credentials=("AWS-CCP",),
        english=CefrLevel.B1,
    )
    a = assess_pair(c, o, semantic_cos=0.5, lexical_cos=0.2, resolver=SkillResolver())
    reasons = explain(a, c, o)
    assert reasons[0] == "Cubre 4 de 5 habilidades requeridas: Python, SQL, AWS, Linux"
    assert "Le falta: Kubernetes" in reasons
    assert "Vive en Querétaro, mismo estado que la vacante" in reasons
    # The issuer whose signature verified it, never the programme that loaded it.
    assert "Certificación verificada por AWS: AWS Certified Cloud Practitioner" in reasons
    assert not any("TecNM" in reason for reason in reasons)
    assert "Nivel de inglés B2 (se pide B1)" in reasons
    assert "Afinidad del perfil con la vacante: 75 %" in reasons


def test_remote_and_unverified_degree() -> None:
    c = candidate(
        credentials=(
            credential(
                "PTB",
                kind=CredentialKind.TECHNICAL_DEGREE,
                verified=False,
                issuer=Issuer.CONALEP,
            ),
        ),
        english=None,
    )
    o = opening(state=MexicanState.JAL, modality=Modality.REMOTE, required=())
    reasons = explain(
        assess_pair(c, o, semantic_cos=0, lexical_cos=0, resolver=SkillResolver()), c, o
    )
    assert "Vacante remota" in reasons
    assert "La vacante no detalla habilidades requeridas reconocidas" in reasons
    assert any(r.startswith("Título técnico sin verificar: Credencial PTB") for r in reasons)
    assert not any(r.startswith("Nivel de inglés") for r in reasons)


def test_relocation_reason_is_gender_neutral() -> None:
    c = candidate(state=MexicanState.JAL, relocate=True)
    o = opening(state=MexicanState.NLE, modality=Modality.ON_SITE)
    a = assess_pair(c, o, semantic_cos=0, lexical_cos=0, resolver=SkillResolver())
    assert a.location is LocationFit.RELOCATION
    reasons = explain(a, c, o)
    assert "Vive en Jalisco, con disposición a mudarse a Nuevo León" in reasons
    # No reason may assume the graduate's gender.
    gendered = re.compile(r"\b(dispuest|interesad|calificad|capacitad)[oa]s?\b")
    assert not any(gendered.search(r) for r in reasons)


def test_long_lists_are_cut() -> None:
    assert list_labels(["a", "b", "c"], limit=2) == "a, b, …"
    assert list_labels(["a", "b"], limit=2) == "a, b"


@given(candidates(), openings(), st.floats(-1, 1), st.floats(0, 1))
def test_reasons_agree_with_components(c: Candidate, o: Opening, sem: float, lex: float) -> None:
    a = assess_pair(c, o, semantic_cos=sem, lexical_cos=lex, resolver=SkillResolver())
    comps = a.components()
    reasons = explain(a, c, o)
    cover = next((r for r in reasons if r.startswith("Cubre ")), None)
    if cover is None:
        # Unknown coverage is neutral, never full marks.
        assert a.required_total == 0
        assert comps["required_coverage"] == NEUTRAL_COVERAGE < 1.0
        assert "La vacante no detalla habilidades requeridas reconocidas" in reasons
    else:
        m = re.match(r"Cubre (\d+) de (\d+) habilidades requeridas", cover)
        assert m is not None
        assert int(m.group(1)) / int(m.group(2)) == comps["required_coverage"]
    missing = [r for r in reasons if r.startswith("Le falta: ")]
    assert bool(missing) == (a.required_total > 0 and comps["required_coverage"] < 1.0)
    same = any("mismo estado que la vacante" in r for r in reasons)
    remote = "Vacante remota" in reasons
    assert same == (a.location is LocationFit.SAME_STATE)
    assert remote == (a.location is LocationFit.REMOTE)
    if same or remote:
        assert comps["location"] == 1.0
    else:
        assert comps["location"] < 1.0
    verified = any(" verificad" in r and "sin verificar" not in r for r in reasons)
    assert verified == (comps["verification"] > 0)
    assert f"Afinidad del perfil con la vacante: {round(100 * comps['semantic'])} %" in reasons


def test_a_credential_verified_before_signatures_names_no_signer() -> None:
    # Stored events from before signatures: the programme's own yes/no, said as such.
    c = candidate(credentials=(credential("AWS-CCP", issuer=Issuer.CONALEP),))
    o = opening(credentials=("AWS-CCP",))
    reasons = explain(
        assess_pair(c, o, semantic_cos=0, lexical_cos=0, resolver=SkillResolver()), c, o
    )
    assert "Certificación verificada según CONALEP, sin firma: Credencial AWS-CCP" in reasons
    assert not any("verificada por" in reason for reason in reasons)
