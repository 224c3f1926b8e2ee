"""A Salvadoran cohort through the real ingestion, broker, worker and database.

Its graduates are matched to a remote vacancy open to El Salvador, and to no on-site
vacancy in Querétaro, not even those who would move: that one takes Mexico's residents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from schemas.regions import Country
from streams.ingest.cohort import COLUMNS, COUNTRY_COLUMNS
from streams.ingest.pseudonym import pseudonymise_document
from streams.processing import Outgoing
from streams.producer import EventProducer
from tests.integration.factories import vacancy
from tests.integration.helpers import caught_up, eventually, query
from tests.integration.test_pipeline import all_partitions
from vincula.commands.ingest import run_cohort
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

DUIS = ("00016297-5", "048231962", "12345678-4")
REMOTE_REASON = "Vacante remota de México, abierta a quienes viven en El Salvador"


def salvadoran_row(dui: str, number: int, *, relocate: str = "no") -> dict[str, str]:
    return {
        "curp": "",
        "pais": "SV",
        "documento": dui,
        "nombre": f"Persona Salvadoreña {'ABC'[number]}",
        "correo": f"persona{number}@correo.example.sv",
        "telefono": "+503 7012 345" + str(number),
        "programa": "Programa regional de nube — San Salvador",
        "emisor": "aws",
        "plantel": "",
        "estado": "San Salvador",
        "credenciales": "certification|AWS-CCP|AWS Certified Cloud Practitioner|cloud|2026-10-02",
        "habilidades": "Python;SQL;análisis de datos",
        "idiomas": "es:C2;en:B2",
        "modalidades": "",
        "estados_preferidos": "QUE" if relocate == "sí" else "",
        "reubicacion": relocate,
        "consentimiento_vinculacion": "sí",
        "consentimiento_compartir": "sí",
        "consentimiento_notificaciones": "no",
        "anio_nacimiento": "",
        "fecha_evento": "2026-11-20T12:00:00-06:00",
    }


def write_cohort(path: Path, rows: list[dict[str, str]]) -> Path:
    # A file of El Salvador alone: no curp column at all.
    names = [c for c in COLUMNS if c != "curp"] + list(COUNTRY_COLUMNS)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_salvadoran_cohort_is_matched_to_a_remote_vacancy_open_to_el_salvador(
    settings: Settings, start_worker: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    openings = [
        vacancy("REMOTO-SV", modality="remote", accepted_countries=["MX", "SV"]),
        vacancy("QRO-PRESENCIAL", modality="on_site", state="QUE"),
    ]
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=v.vacancy_id, event=v) for v in openings])
    eventually(lambda: len(query(url, "SELECT 1 FROM vacancies")) == 2 or None)

    rows = [
        salvadoran_row(DUIS[0], 0),
        salvadoran_row(DUIS[1], 1, relocate="sí"),
        salvadoran_row(DUIS[2], 2),
        salvadoran_row("00016297-4", 0),  # wrong check digit: reported, not loaded
    ]
    report = run_cohort(
        write_cohort(tmp_path / "cohorte-sv.csv", rows), settings, progress=False, out=io.StringIO()
    )
    assert report.accepted == 3
    assert [(e.line, e.field) for e in report.errors] == [(5, "documento")]
    assert report.errors[0].reason.startswith("DUI inválido: el dígito verificador es 4")

    key = settings.pseudonym_key.get_secret_value().encode()
    expected = {pseudonymise_document(Country.SV, dui, key) for dui in DUIS}
    stored = eventually(
        lambda: (
            r
            if len(r := query(url, "SELECT graduate_id, country, state FROM graduates")) == 3
            else None
        )
    )
    assert {(str(g), c, s) for g, c, s in stored} == {(g, "SV", "SV-SS") for g in expected}
    assert query(
        url, "SELECT country, accepted_countries FROM vacancies WHERE vacancy_id = 'REMOTO-SV'"
    ) == [("MX", ["MX", "SV"])]

    matched = eventually(
        lambda: (
            r
            if len(
                r := query(
                    url,
                    "SELECT graduate_id, reasons FROM matches WHERE vacancy_id = 'REMOTO-SV'",
                )
            )
            == 3
            else None
        )
    )
    assert {str(g) for g, _ in matched} == expected
    assert all(REMOTE_REASON in reasons for _, reasons in matched)  # type: ignore[operator]
    eventually(lambda: caught_up(settings) or None)
    assert query(url, "SELECT count(*) FROM matches WHERE vacancy_id = 'QRO-PRESENCIAL'") == [(0,)]
