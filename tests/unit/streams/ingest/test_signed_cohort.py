"""Cohort rows with signed credentials: only a verified signature makes a credential verified."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from schemas.enums import Issuer, Track
from streams.ingest.badge_signing import BadgeAchievement, IssuerKey, new_issuer_key, sign_badge
from streams.ingest.cohort import (
    ALL_COLUMNS,
    RowError,
    ValidRow,
    event_id_for,
    iter_cohort,
    parse_row,
)
from streams.ingest.issuers import IssuerRegistry, TrustedIssuer
from tests.unit.streams.ingest.test_cohort import KEY, row

IBM = "did:web:ibm.example"
NOW = datetime(2026, 12, 12, tzinfo=UTC)
KEY_PAIR = new_issuer_key()
REGISTRY = IssuerRegistry(
    issuers=(
        TrustedIssuer(issuer_id=IBM, name="IBM", issuer=Issuer.IBM, keys=(KEY_PAIR.public_jwk,)),
    )
)


def signed(code: str, name: str, *, key: IssuerKey = KEY_PAIR, track: Track | None = None) -> str:
    return sign_badge(
        key,
        issuer_id=IBM,
        achievement=BadgeAchievement(code=code, name=name, track=track),
        valid_from=datetime(2026, 10, 2, 18, tzinfo=UTC),
    )


def test_a_typed_yes_no_longer_verifies() -> None:
    result = parse_row(2, row(), key=KEY, issuers=REGISTRY, now=NOW)
    assert isinstance(result, ValidRow)
    # The file says "sí" for AWS-CCP: without a signature it is not trusted.
    assert [(c.verified, c.verified_by) for c in result.event.credentials] == [
        (False, None),
        (False, None),
    ]


def test_a_signed_credential_replaces_its_typed_twin_and_another_is_added() -> None:
    cell = ";".join(
        [
            signed("aws-ccp", "AWS Certified Cloud Practitioner"),
            signed("IBM-DS", "IBM Data Science", track=Track.DATA),
        ]
    )
    result = parse_row(2, row(credenciales_firmadas=cell), key=KEY, issuers=REGISTRY, now=NOW)
    assert isinstance(result, ValidRow)
    by_code = {c.vendor_code: c for c in result.event.credentials}
    assert list(by_code) == ["TECNM-IA-DATOS", "AWS-CCP", "IBM-DS"]
    assert (by_code["TECNM-IA-DATOS"].verified, by_code["TECNM-IA-DATOS"].verified_by) == (
        False,
        None,
    )
    assert (by_code["AWS-CCP"].verified, by_code["AWS-CCP"].verified_by) == (True, "IBM")
    # The badge names no track: the typed credential's stays.
    assert by_code["AWS-CCP"].track is Track.CLOUD
    assert by_code["IBM-DS"].track is Track.DATA


def test_a_row_may_carry_only_signed_credentials() -> None:
    cell = signed("IBM-DS", "IBM Data Science")
    result = parse_row(
        2, row(credenciales="", credenciales_firmadas=cell), key=KEY, issuers=REGISTRY, now=NOW
    )
    assert isinstance(result, ValidRow)
    assert [(c.vendor_code, c.verified_by) for c in result.event.credentials] == [("IBM-DS", "IBM")]
    empty = parse_row(2, row(credenciales=""), key=KEY, issuers=REGISTRY, now=NOW)
    assert empty == [
        RowError(
            2,
            "credenciales",
            "se requiere al menos una credencial (en credenciales o credenciales_firmadas)",
        )
    ]


def test_a_token_that_does_not_verify_rejects_the_row_naming_its_position() -> None:
    forged = signed("IBM-DS", "IBM Data Science", key=new_issuer_key(kid=KEY_PAIR.kid))
    cell = f"{signed('IBM-X', 'IBM X')};{forged}"
    result = parse_row(2, row(credenciales_firmadas=cell), key=KEY, issuers=REGISTRY, now=NOW)
    assert isinstance(result, list) and len(result) == 1
    assert result[0].field == "credenciales_firmadas"
    assert result[0].reason.startswith("credencial firmada 2: la firma no corresponde")
    # Without the registry no issuer is known.
    unknown = parse_row(2, row(credenciales_firmadas=forged), key=KEY, now=NOW)
    assert isinstance(unknown, list) and "emisor desconocido" in unknown[0].reason


def test_unsigned_rows_keep_their_event_ids_and_jsonl_takes_a_list(tmp_path: Path) -> None:
    plain = parse_row(2, row(), key=KEY, issuers=REGISTRY, now=NOW)
    assert isinstance(plain, ValidRow)
    # verified_by left out of the hash when absent, as every field added after the first files.
    content = plain.event.model_dump(mode="json", exclude={"event_id"})
    assert all("verified_by" in c for c in content["credentials"])
    assert event_id_for(plain.event) == plain.event.event_id

    path = tmp_path / "c.jsonl"
    native = dict(row(), credenciales_firmadas=[signed("IBM-DS", "IBM Data Science")])
    path.write_text(json.dumps(native) + "\n", encoding="utf-8")
    [result] = list(iter_cohort(path, key=KEY, issuers=REGISTRY, now=NOW))
    assert isinstance(result, ValidRow)
    assert result.event.credentials[-1].verified_by == "IBM"


def test_the_clock_of_the_load_decides_expiry(tmp_path: Path) -> None:
    token = sign_badge(
        KEY_PAIR,
        issuer_id=IBM,
        achievement=BadgeAchievement(code="IBM-DS", name="IBM Data Science"),
        valid_from=NOW - timedelta(days=400),
        valid_until=NOW - timedelta(days=35),
    )
    path = tmp_path / "c.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ALL_COLUMNS, restval="")
        writer.writeheader()
        writer.writerow(row(credenciales_firmadas=token))
    [error] = list(iter_cohort(path, key=KEY, issuers=REGISTRY, now=NOW))
    assert isinstance(error, RowError) and "venció el 2026-11-07" in error.reason
    earlier = list(iter_cohort(path, key=KEY, issuers=REGISTRY, now=NOW - timedelta(days=60)))
    assert isinstance(earlier[0], ValidRow)
