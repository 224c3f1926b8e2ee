"""A signed credential goes from a cohort file, through the broker and a worker, to a match
explanation naming the issuer that signed it; the unsigned one beside it stays unverified."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas.enums import Issuer, Track
from streams.flows import CONSUMED_TOPICS
from streams.ingest.badge_signing import BadgeAchievement, new_issuer_key, sign_badge
from streams.ingest.cohort import ALL_COLUMNS
from streams.ingest.issuers import register_issuer
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.topics import Topics
from tests.integration.factories import vacancy
from tests.integration.helpers import eventually, query
from vincula.commands.ingest import run_cohort
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

IBM = "did:web:skillsbuild.ibm.example"


def cohort_row(signed: str) -> dict[str, str]:
    return {
        "curp": "HEGG560427MVZRRL04",
        "nombre": "Gloria Hernández García",
        "correo": "gloria.hernandez@correo.example.mx",
        "programa": "IBM SkillsBuild — Ciencia de datos",
        "emisor": "ibm",
        "estado": "QUE",
        # Typed "sí": no longer enough to be verified.
        "credenciales": "certification|AWS-CCP|AWS Certified Cloud Practitioner|cloud|"
        "2026-10-02|sí",
        "credenciales_firmadas": signed,
        "habilidades": "Python;SQL;análisis de datos",
        "idiomas": "es:C2;en:B1",
        "consentimiento_vinculacion": "sí",
        "consentimiento_compartir": "sí",
        "consentimiento_notificaciones": "no",
        "fecha_evento": "2026-12-01T10:30:00",
    }


def test_a_signed_credential_is_verified_by_its_issuer_and_named_in_the_match(
    settings: Settings, tmp_path: Path, start_worker: Callable[..., WorkerProcess]
) -> None:
    configured = settings.model_copy(update={"issuer_keys_file": tmp_path / "emisores.json"})
    key = new_issuer_key("ES256")
    register_issuer(
        configured.issuer_registry_path,
        issuer_id=IBM,
        name="IBM",
        keys=[key.public_jwk],
        issuer=Issuer.IBM,
    )
    now = datetime.now(UTC)
    token = sign_badge(
        key,
        issuer_id=IBM,
        achievement=BadgeAchievement(code="IBM-DS", name="IBM Data Science", track=Track.DATA),
        valid_from=now - timedelta(days=60),
        valid_until=now + timedelta(days=365),
    )
    path = tmp_path / "cohorte.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ALL_COLUMNS, restval="")
        writer.writeheader()
        writer.writerow(cohort_row(token))

    topics = Topics(settings.topic_namespace)
    wait_for_assignment(
        [start_worker()],
        {
            f"{topics.name(spec)}:{p}"
            for spec in CONSUMED_TOPICS
            for p in range(settings.topic_partitions)
        },
    )
    url = settings.database_url.get_secret_value() if settings.database_url else ""
    posted = vacancy(
        "DATOS-IBM-1",
        required_credentials=["IBM-DS"],
        nice_to_have_credentials=[],
        english_level=None,
    )
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=posted.vacancy_id, event=posted)])
    eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'DATOS-IBM-1'"))

    report = run_cohort(path, configured, progress=False, out=io.StringIO())
    assert (report.accepted, report.errors) == (1, [])

    stored = "SELECT vendor_code, verified, verified_by FROM credentials ORDER BY vendor_code"
    eventually(lambda: len(query(url, stored)) == 2, timeout=60)
    assert query(url, stored) == [("AWS-CCP", False, None), ("IBM-DS", True, "IBM")]

    reasons = "SELECT reasons FROM matches WHERE vacancy_id = 'DATOS-IBM-1'"
    eventually(lambda: query(url, reasons), timeout=90)
    [(explained,)] = query(url, reasons)
    assert "Certificación verificada por IBM: IBM Data Science" in explained
    assert not any("AWS Certified" in reason and "verificada" in reason for reason in explained)
