"""Countries in the hard location filter, its vectorised masks and the Spanish reason."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from matching.domain import Candidate, Opening
from matching.explain import location_reason
from matching.index import CandidateIndex, OpeningIndex
from matching.retrieval import eligible_candidates, eligible_openings, is_eligible, location_ok
from matching.scoring import LocationFit, assess_pair, location_fit
from matching.skills import SkillResolver
from schemas.enums import MexicanState, Modality
from schemas.regions import Country, DominicanProvince, SalvadoranDepartment
from tests.unit.matching.matching_engine_factories import candidate, opening

SV = frozenset({Country.MX, Country.SV})


def salvadoran(**changes: object) -> Candidate:
    return replace(candidate("sv"), state=SalvadoranDepartment.SS, **changes)  # type: ignore[arg-type]


def test_country_follows_the_state() -> None:
    assert candidate().country is Country.MX
    assert salvadoran().country is Country.SV
    assert replace(opening(), state=DominicanProvince.SANTIAGO).country is Country.DO


def test_remote_opening_takes_only_its_own_country_unless_it_lists_more() -> None:
    remote = opening(modality=Modality.REMOTE)
    assert remote.accepts == {Country.MX}
    assert not location_ok(salvadoran(), remote)
    assert location_ok(candidate(), remote)
    open_to_sv = replace(remote, accepted_countries=SV)
    assert location_ok(salvadoran(), open_to_sv)
    assert location_fit(salvadoran(), open_to_sv) is LocationFit.REMOTE
    assert location_fit(salvadoran(), remote) is LocationFit.NONE
    # Listing only El Salvador closes it to Mexicans.
    only_sv = replace(remote, accepted_countries=frozenset({Country.SV}))
    assert not location_ok(candidate(), only_sv)


def test_on_site_in_queretaro_refuses_a_salvadoran_even_one_who_would_move() -> None:
    on_site = opening(state=MexicanState.QUE)
    assert not location_ok(salvadoran(), on_site)
    assert not location_ok(salvadoran(willing_to_relocate=True), on_site)
    named = salvadoran(preferred_states=frozenset({MexicanState.QUE}))
    assert not location_ok(named, on_site)
    assert not is_eligible(salvadoran(willing_to_relocate=True), on_site)


def test_on_site_open_to_el_salvador_takes_those_who_would_move_or_named_the_state() -> None:
    on_site = replace(opening(state=MexicanState.QUE), accepted_countries=SV)
    assert not location_ok(salvadoran(), on_site)
    movers = salvadoran(willing_to_relocate=True)
    assert location_fit(movers, on_site) is LocationFit.RELOCATION
    named = salvadoran(preferred_states=frozenset({MexicanState.QUE}))
    assert location_fit(named, on_site) is LocationFit.PREFERRED_STATE


def test_same_department_in_el_salvador() -> None:
    here = replace(opening(), state=SalvadoranDepartment.SS)
    assert location_fit(salvadoran(), here) is LocationFit.SAME_STATE
    # A Mexican who would move anywhere still needs El Salvador to accept Mexico.
    assert not location_ok(candidate(relocate=True), here)
    assert location_ok(candidate(relocate=True), replace(here, accepted_countries=SV))


def _people() -> list[Candidate]:
    return [
        candidate("mx-que"),
        candidate("mx-nle", state=MexicanState.NLE),
        candidate("mx-move", state=MexicanState.NLE, relocate=True),
        salvadoran(),
        replace(salvadoran(), graduate_id="sv-move", willing_to_relocate=True),
        replace(
            salvadoran(),
            graduate_id="sv-que",
            preferred_states=frozenset({MexicanState.QUE, SalvadoranDepartment.LI}),
        ),
        replace(candidate("do"), state=DominicanProvince.DISTRITO_NACIONAL),
        replace(
            candidate("do-pref"),
            state=DominicanProvince.SANTIAGO,
            preferred_states=frozenset({DominicanProvince.SANTO_DOMINGO}),
        ),
    ]


def _openings() -> list[Opening]:
    que, ss = opening(state=MexicanState.QUE), replace(opening(), state=SalvadoranDepartment.SS)
    sd = replace(opening(), state=DominicanProvince.SANTO_DOMINGO)
    every = frozenset(Country)
    return [
        replace(que, vacancy_id="que"),
        replace(que, vacancy_id="que-sv", accepted_countries=SV),
        replace(que, vacancy_id="remote", modality=Modality.REMOTE),
        replace(que, vacancy_id="remote-sv", modality=Modality.REMOTE, accepted_countries=SV),
        replace(ss, vacancy_id="ss"),
        replace(ss, vacancy_id="ss-all", accepted_countries=every),
        replace(sd, vacancy_id="sd"),
        replace(sd, vacancy_id="sd-remote-all", modality=Modality.REMOTE, accepted_countries=every),
    ]


@pytest.mark.parametrize("direction", ["openings", "candidates"])
def test_vectorised_masks_agree_with_location_ok_for_every_pair(direction: str) -> None:
    people, places = _people(), _openings()
    rng = np.random.default_rng(0)
    expected = {
        (c.graduate_id, o.vacancy_id)
        for c in people
        for o in places
        if location_ok(c, o) and is_eligible(c, o)
    }
    found: set[tuple[str, str]] = set()
    if direction == "openings":
        index = OpeningIndex()
        for o in places:
            index.upsert(o, rng.normal(size=4))
        for c in people:
            mask = eligible_openings(c, index)
            found |= {(c.graduate_id, index.ids[r]) for r in np.flatnonzero(mask)}
    else:
        candidates = CandidateIndex()
        for c in people:
            candidates.upsert(c, rng.normal(size=4))
        for o in places:
            mask = eligible_candidates(o, candidates)
            found |= {(candidates.ids[r], o.vacancy_id) for r in np.flatnonzero(mask)}
    assert found == expected
    assert ("sv-move", "que-sv") in found and ("sv-move", "que") not in found
    assert ("sv", "remote-sv") in found and ("sv", "remote") not in found
    assert ("sv-que", "que-sv") in found and ("do-pref", "sd") in found


def test_preferences_beyond_the_sixty_fourth_state_are_read() -> None:
    # Dominican provinces sit past bit 64 of the preference set.
    last = DominicanProvince.SANTO_DOMINGO
    person = replace(
        candidate("do-far"), state=DominicanProvince.AZUA, preferred_states=frozenset({last})
    )
    index = CandidateIndex()
    index.upsert(person, np.ones(4))
    assert index.preferring(last).tolist() == [True]
    assert index.preferring(DominicanProvince.SANTIAGO).tolist() == [False]


def _reason(c: Candidate, o: Opening) -> str:
    assessment = assess_pair(c, o, semantic_cos=0, lexical_cos=0, resolver=SkillResolver())
    return location_reason(assessment, c, o)


def test_reasons_name_the_country_outside_mexico() -> None:
    remote_sv = replace(opening(modality=Modality.REMOTE), accepted_countries=SV)
    assert _reason(candidate(), remote_sv) == "Vacante remota"
    assert _reason(salvadoran(), remote_sv) == (
        "Vacante remota de México, abierta a quienes viven en El Salvador"
    )
    on_site = replace(opening(state=MexicanState.QUE), accepted_countries=SV)
    assert _reason(salvadoran(willing_to_relocate=True), on_site) == (
        "Vive en San Salvador, El Salvador, con disposición a mudarse a Querétaro, México"
    )
    ss = replace(opening(), state=SalvadoranDepartment.SS)
    assert _reason(salvadoran(), ss) == (
        "Vive en San Salvador, El Salvador, mismo departamento que la vacante"
    )
    dn = replace(opening(), state=DominicanProvince.DISTRITO_NACIONAL)
    dominican = replace(candidate(), state=DominicanProvince.DISTRITO_NACIONAL)
    assert "misma provincia" in _reason(dominican, dn)
    # Mexican pairs keep their wording.
    assert _reason(candidate(), opening()) == "Vive en Querétaro, mismo estado que la vacante"
