"""The season's only way in: Vincula's public HTTP API and the pages graduates open.

Programmes upload cohort files, employers post vacancies, read shortlists and
report outcomes with their bearer credentials, and graduates answer from the
links in their e-mails exactly as a browser does (open the page, send its
form with the page's CSRF value). Nothing here touches the broker or the
database.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from vincula.errors import ServiceUnavailableError

_HIDDEN = re.compile(r'<input type="hidden" name="(t|csrf)" value="([^"]*)">')
TIMEOUT_SECONDS = 120.0
HTTP_TOO_MANY_REQUESTS = 429
MAX_WAIT_SECONDS = 30.0


class SeasonRequestError(ServiceUnavailableError):
    """The platform refused or failed a request the season needed."""


@dataclass(frozen=True, slots=True)
class CohortUpload:
    """What the API answered to one cohort file."""

    accepted: int
    rejected: int


@dataclass(frozen=True, slots=True)
class ShortlistPlace:
    """One candidate on an employer's shortlist, as the API shows it."""

    match_id: UUID
    rank: int
    status: str


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class PlatformClient:
    """HTTP calls to one running platform, with its base address."""

    def __init__(self, base_url: str, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()

    def __enter__(self) -> PlatformClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _send(call: Callable[[], httpx.Response], attempts: int = 5) -> httpx.Response:
        """``call``, again after the wait a 429 names (a polite client's back-off)."""
        response = call()
        for _ in range(attempts - 1):
            if response.status_code != HTTP_TOO_MANY_REQUESTS:
                break
            time.sleep(min(MAX_WAIT_SECONDS, float(response.headers.get("Retry-After", "1"))))
            response = call()
        return response

    def _check(self, response: httpx.Response, what: str) -> httpx.Response:
        if response.is_success:
            return response
        detail = response.text[:300]
        raise SeasonRequestError(f"{what}: la API respondió {response.status_code}: {detail}")

    def upload_cohort(self, token: str, path: Path) -> CohortUpload:
        """A programme uploads one cohort file (``POST /v1/cohorts``)."""
        with path.open("rb") as handle:
            content = handle.read()
        response = self._send(
            lambda: self._http.post(
                "/v1/cohorts",
                headers=_bearer(token),
                files={"file": (path.name, content, "text/csv")},
            )
        )
        body = self._check(response, f"cargar {path.name}").json()
        return CohortUpload(int(body["accepted"]), int(body["rejected"]))

    def post_vacancy(self, token: str, vacancy: dict[str, Any]) -> None:
        """An employer publishes a vacancy (``POST /v1/vacancies``)."""
        response = self._send(
            lambda: self._http.post("/v1/vacancies", headers=_bearer(token), json=vacancy)
        )
        self._check(response, f"publicar la vacante {vacancy.get('vacancy_id')}")

    def post_job_posting(self, token: str, document: dict[str, Any]) -> list[str]:
        """An employer's ATS publishes JSON-LD (``POST /v1/vacancies/jsonld``); the ids given."""
        content = json.dumps(document, ensure_ascii=False).encode()
        headers = _bearer(token) | {"Content-Type": "application/ld+json"}
        response = self._send(
            lambda: self._http.post("/v1/vacancies/jsonld", headers=headers, content=content)
        )
        body = self._check(response, "publicar una vacante en JSON-LD").json()
        return [str(item["vacancy_id"]) for item in body["vacancies"]]

    def shortlist(self, token: str, vacancy_id: str) -> list[ShortlistPlace]:
        """The employer's shortlist of one vacancy."""
        response = self._send(
            lambda: self._http.get(f"/v1/vacancies/{vacancy_id}/shortlist", headers=_bearer(token))
        )
        body = self._check(response, f"leer la lista corta de {vacancy_id}").json()
        items = body["candidates"] if isinstance(body, dict) else body
        return [
            ShortlistPlace(UUID(str(item["match_id"])), int(item["rank"]), str(item["status"]))
            for item in items
        ]

    def report_outcome(
        self, token: str, match_id: UUID, outcome: str, occurred_at: datetime
    ) -> None:
        """An employer reports what happened with a match (``POST /v1/outcomes``)."""
        body = {
            "match_id": str(match_id),
            "outcome": outcome,
            "occurred_at": occurred_at.isoformat(),
        }
        response = self._send(
            lambda: self._http.post("/v1/outcomes", headers=_bearer(token), json=body)
        )
        self._check(response, f"reportar {outcome} de {match_id}")

    def answer(self, link: str, answer: str) -> None:
        """A graduate opens an e-mail's link and sends the page's form with ``answer``.

        Each answer uses its own cookie jar, as a graduate's own browser would.
        """
        with httpx.Client(timeout=self._http.timeout) as browser:
            page = self._send(lambda: browser.get(link))
            self._check(page, "abrir el enlace del correo")
            hidden = dict(_HIDDEN.findall(page.text))
            if "csrf" not in hidden or "t" not in hidden:
                raise SeasonRequestError("la página del enlace no trae su formulario")
            target = str(page.url.copy_with(query=None))
            form = {"t": hidden["t"], "csrf": hidden["csrf"], "respuesta": answer}
            sent = self._send(lambda: browser.post(target, data=form))
            self._check(sent, "enviar la respuesta")

    def health(self) -> dict[str, Any]:
        """The platform's health summary (``GET /health``)."""
        response = self._http.get("/health")
        body: dict[str, Any] = response.json()
        return body
