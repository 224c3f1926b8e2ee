"""The shipped crosswalk: every id is real, lookups are total and case-insensitive."""

from __future__ import annotations

from matching.crosswalk import (
    Crosswalk,
    credential_skills,
    default_crosswalk,
    track_skills,
)
from matching.normaliser import default_aliases
from matching.taxonomy import default_reference_data_dir, load_taxonomy
from schemas.enums import CredentialKind, Issuer, Track

REAL = default_reference_data_dir()
ML = "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"
JAVA = "http://data.europa.eu/esco/skill/19a8293b-8e95-4de3-983f-77484079c389"


def test_every_crosswalk_and_alias_id_exists_in_the_taxonomy() -> None:
    taxonomy = load_taxonomy(REAL)
    missing = sorted(i for i in default_crosswalk().concept_ids() if i not in taxonomy.skills)
    assert missing == []
    missing_aliases = sorted(
        alias for alias, i in default_aliases().items() if i not in taxonomy.skills
    )
    assert missing_aliases == []


def test_programme_tracks_and_required_vendors_are_covered() -> None:
    crosswalk = default_crosswalk()
    for track in Track:
        if track is not Track.OTHER:
            assert len(track_skills(track)) >= 5, track
    assert track_skills(Track.OTHER) == frozenset()
    issuers = {entry.issuer for entry in crosswalk.credentials.values()}
    assert issuers >= {
        Issuer.AWS,
        Issuer.CISCO,
        Issuer.GOOGLE_CLOUD,
        Issuer.IBM,
        Issuer.KYNDRYL,
        Issuer.MICROSOFT,
        Issuer.ORACLE,
        Issuer.TECNM_INFOTEC,
        Issuer.CONALEP,
    }
    masters = crosswalk.credential("TECNM-MIA")
    assert masters is not None
    assert masters.kind is CredentialKind.MASTERS
    assert ML in masters.skills


def test_lookup_is_case_insensitive_and_unknown_codes_are_empty() -> None:
    assert JAVA in credential_skills("oracle-java-se-ocp")
    assert credential_skills(" AWS-MLA ") == credential_skills("aws-mla")
    assert ML in credential_skills("AWS-MLA")
    assert credential_skills("NO-SUCH-CODE") == frozenset()


def test_from_payload_builds_entries() -> None:
    crosswalk = Crosswalk.from_payload(
        {
            "tracks": {"java": ["x"]},
            "credentials": [
                {
                    "code": "Abc-1",
                    "issuer": "other",
                    "kind": "badge",
                    "name": "Abc",
                    "track": "java",
                    "skills": ["x", "y"],
                }
            ],
        }
    )
    assert crosswalk.credential_skills("ABC-1") == frozenset({"x", "y"})
    assert crosswalk.track_skills(Track.JAVA) == frozenset({"x"})
    assert crosswalk.track_skills(Track.AI) == frozenset()
    assert crosswalk.concept_ids() == frozenset({"x", "y"})
