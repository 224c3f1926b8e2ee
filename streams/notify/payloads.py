"""The JSON an employer's webhook receives: a shortlist change, or a candidate's answer.

Built from a whitelist of the request's parameters, so no contact data can
reach an employer. The candidate is known only by the match id: the
platform's own pseudonym is not shared, so an employer cannot link one
person across its vacancies or with another employer.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Mapping
from typing import Any

from streams.notify.errors import TemplateError
from streams.notify.templates import reasons_of

PAYLOAD_VERSION = 1

_SUMMARY = {
    "es": "Nuevo candidato en la lista corta de la vacante {vacancy_id} (lugar {rank}).",
    "en": "New candidate on the shortlist for vacancy {vacancy_id} (rank {rank}).",
}
ANSWERS = ("interested", "not_interested")
_ANSWER_SUMMARY = {
    ("es", "interested"): "Una persona candidata de la vacante {vacancy_id} dijo «me interesa».",
    ("es", "not_interested"): (
        "Una persona candidata de la vacante {vacancy_id} dijo «no me interesa»."
    ),
    ("en", "interested"): "A candidate for vacancy {vacancy_id} answered “I'm interested”.",
    ("en", "not_interested"): "A candidate for vacancy {vacancy_id} answered “not interested”.",
}
SHORTLIST_TEMPLATE = "shortlist_updated"
ANSWER_TEMPLATE = "candidate_answered"


def payload_language(params: Mapping[str, str]) -> str:
    """English for a vacancy written in English, Spanish otherwise."""
    return "en" if params.get("language", "").strip().lower() == "en" else "es"


def shortlist_payload(params: Mapping[str, str], *, notification_id: uuid.UUID) -> dict[str, Any]:
    """The shortlist update for one consented candidate: vacancy, match, score, rank, reasons."""
    vacancy_id = params.get("vacancy_id", "").strip()
    if not vacancy_id:
        raise TemplateError("falta el parámetro vacancy_id")
    try:
        match_id = uuid.UUID(params.get("match_id", ""))
        score = float(params.get("score", ""))
        rank = int(params.get("rank", "0") or "0")
    except ValueError as error:
        raise TemplateError("parámetros de la lista corta mal formados") from error
    if not math.isfinite(score) or not 0.0 <= score <= 1.0:
        raise TemplateError("la puntuación debe estar entre 0 y 1")
    language = payload_language(params)
    return {
        "type": "shortlist.updated",
        "version": PAYLOAD_VERSION,
        "language": language,
        "notification_id": str(notification_id),
        "vacancy_id": vacancy_id,
        "match_id": str(match_id),
        "score": round(score, 4),
        "rank": rank,
        "reasons": reasons_of(params),
        "summary": _SUMMARY[language].format(vacancy_id=vacancy_id, rank=rank or "-"),
    }


def answer_payload(params: Mapping[str, str], *, notification_id: uuid.UUID) -> dict[str, Any]:
    """A candidate's answer to a proposal, for the employer's ATS: vacancy, match, answer."""
    vacancy_id = params.get("vacancy_id", "").strip()
    answer = params.get("answer", "")
    if not vacancy_id or answer not in ANSWERS:
        raise TemplateError("parámetros de la respuesta mal formados")
    try:
        match_id = uuid.UUID(params.get("match_id", ""))
    except ValueError as error:
        raise TemplateError("parámetros de la respuesta mal formados") from error
    language = payload_language(params)
    return {
        "type": "candidate.answered",
        "version": PAYLOAD_VERSION,
        "language": language,
        "notification_id": str(notification_id),
        "vacancy_id": vacancy_id,
        "match_id": str(match_id),
        "answer": answer,
        "summary": _ANSWER_SUMMARY[language, answer].format(vacancy_id=vacancy_id),
    }


def webhook_payload(
    template: str, params: Mapping[str, str], *, notification_id: uuid.UUID
) -> dict[str, Any]:
    """The payload a webhook notification's template names."""
    if template == SHORTLIST_TEMPLATE:
        return shortlist_payload(params, notification_id=notification_id)
    if template == ANSWER_TEMPLATE:
        return answer_payload(params, notification_id=notification_id)
    raise TemplateError(f"plantilla de webhook desconocida: {template}")


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    """Canonical bytes of a payload: the exact body that is signed and sent."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
