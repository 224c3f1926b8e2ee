"""Run a planned season against a running platform, through its public interfaces only.

Employers post vacancies and programmes upload cohort files with their own
credentials; graduates answer from the links in the e-mails the platform
sent them; employers read their shortlists and report interviews, hires and
rejections; graduates answer the follow-ups that came due. The database is
only read, to know when the workers have caught up and for the summary.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import TextIO
from uuid import UUID

import psycopg

from models.outcomes import FOLLOW_UP_MONTHS, add_months, follow_up_id
from models.reports import counts
from schemas.enums import Issuer
from schemas.vacancies import VacancyPosted
from vincula.season.client import PlatformClient
from vincula.season.job_postings import as_job_posting, can_export
from vincula.season.ledger import Hire, Ledger
from vincula.season.plan import Season
from vincula.synthetic.cohorts import BadgeIssuer, CohortOptions, write_cohort_csv
from vincula.synthetic.vacancies import generate_vacancies

_MATCH_LINK = re.compile(r"https?://\S+?/coincidencias/([0-9a-f-]{36})\?t=[^\s&<>\"]+")
_FOLLOW_UP_LINK = re.compile(r"https?://\S+?/seguimientos/([0-9a-f-]{36})\?t=[^\s&<>\"]+")
_ENVELOPE = {"event_id", "event_time", "schema_version", "event_type"}
SETTLE_QUIET_SECONDS = 6.0


@dataclass(frozen=True, slots=True)
class Credentials:
    """The bearer credentials of every programme (by issuer) and employer of the season."""

    programmes: dict[str, str]
    employers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Throughput:
    """Graduation events from the first upload until the workers settled."""

    events: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Events per second (0 when no time passed)."""
        return self.events / self.seconds if self.seconds > 0 else 0.0


class Inbox:
    """The graduates' e-mails as the platform's mail server received them."""

    def __init__(self, read: Callable[[], list[EmailMessage]]) -> None:
        self._read = read

    def links(self, pattern: re.Pattern[str]) -> dict[UUID, tuple[str, str]]:
        """Each match or follow-up id found, with its first link and its addressee."""
        found: dict[UUID, tuple[str, str]] = {}
        for message in self._read():
            body = message.get_body(preferencelist=("plain",))
            text = body.get_content() if body is not None else ""
            addressee = parseaddr(str(message.get("To", "")))[1].strip().lower()
            for match in pattern.finditer(text):
                found.setdefault(UUID(match.group(1)), (match.group(0), addressee))
        return found


class SeasonRunner:
    """One season, one platform; ``run`` goes through every step and fills ``ledger``."""

    def __init__(
        self,
        season: Season,
        *,
        client: PlatformClient,
        credentials: Credentials,
        inbox: Inbox,
        database_url: str,
        work_dir: Path,
        reference_data_dir: Path,
        out: TextIO,
        signers: Mapping[Issuer, BadgeIssuer] | None = None,
        timeout: float = 900.0,
    ) -> None:
        self.season = season
        self.client = client
        self.credentials = credentials
        self.inbox = inbox
        self.database_url = database_url
        self.work_dir = work_dir
        self.reference_data_dir = reference_data_dir
        self.out = out
        self.timeout = timeout
        self.signers = dict(signers or {})
        # Each vacancy with the id the platform gave it (JSON-LD ids carry the employer).
        self.posted: list[tuple[VacancyPosted, str]] = []
        self.ledger = Ledger()
        self.throughput = Throughput(0, 0.0)

    def _say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def vacancies(self) -> list[VacancyPosted]:
        """The season's vacancies, closing one to three months after the season's last day."""
        generated = generate_vacancies(
            self.season.vacancies,
            seed=self.season.seed,
            reference_data_dir=self.reference_data_dir,
        )
        last_day = self.season.ends.date()
        return [
            vacancy.model_copy(
                update={"closes_on": last_day + timedelta(days=30 + (index * 7) % 60)}
            )
            for index, vacancy in enumerate(generated)
        ]

    def run(self) -> None:
        """Every step in order; each waits for the workers before the next."""
        self._post_vacancies(self.vacancies())
        self._publish_cohorts()
        self._answer_matches()
        self._employers_decide()
        self._answer_follow_ups()

    # Steps ------------------------------------------------------------------------------

    def _post_vacancies(self, vacancies: list[VacancyPosted]) -> None:
        self._say(f"Empresas: publicando {len(vacancies)} vacantes…")
        as_json_ld = 0
        posted_on = datetime.now(UTC)
        for index, vacancy in enumerate(vacancies, start=1):
            token = self.credentials.employers[vacancy.employer_id]
            from_ats = (
                vacancy.language == "en" or self.season.chance("ats", vacancy.vacancy_id) < 0.3
            )
            if from_ats and can_export(vacancy):
                # Foreign firms, and some others, publish from their ATS as schema.org JobPosting.
                document = as_job_posting(vacancy, posted=posted_on)
                (vacancy_id,) = self.client.post_job_posting(token, document)
                as_json_ld += 1
            else:
                body = vacancy.model_dump(mode="json", exclude=_ENVELOPE)
                self.client.post_vacancy(token, body)
                vacancy_id = vacancy.vacancy_id
            self.posted.append((vacancy, vacancy_id))
            if index % 25 == 0 or index == len(vacancies):
                self._say(
                    f"  {index}/{len(vacancies)} vacantes publicadas ({as_json_ld} en JSON-LD)"
                )
        self.ledger.vacancies_posted = len(vacancies)
        self._settle("vacantes")

    def _publish_cohorts(self) -> None:
        releases = self.season.cohorts
        self._say(
            f"Programas: publicando {len(releases)} cohortes ({self.season.graduates} filas)…"
        )
        started = time.monotonic()
        for index, release in enumerate(releases, start=1):
            path = self.work_dir / release.file_name
            write_cohort_csv(
                path,
                release.size,
                seed=release.seed,
                reference_data_dir=self.reference_data_dir,
                options=CohortOptions(
                    programmes=(release.programme,),
                    published=release.published,
                    signers=self.signers,
                ),
            )
            for address in _addresses(path):
                self.ledger.cohort_of_address[address] = release
            token = self.credentials.programmes[release.programme.issuer.value]
            upload = self.client.upload_cohort(token, path)
            name = release.programme.name
            self.ledger.published[name] += release.size
            self.ledger.accepted[name] += upload.accepted
            self.ledger.rejected[name] += upload.rejected
            self._say(
                f"  {index}/{len(releases)} {release.published:%Y-%m} {name}: "
                f"{upload.accepted} aceptadas"
                + (f", {upload.rejected} rechazadas" if upload.rejected else "")
            )
        self._settle("vinculación de las cohortes")
        accepted = sum(self.ledger.accepted.values())
        self.throughput = Throughput(accepted, time.monotonic() - started)
        self._say(
            f"  {accepted} certificaciones vinculadas en {self.throughput.seconds:.0f} s "
            f"({self.throughput.per_second:.1f} por segundo)"
        )

    def _answer_matches(self, rounds: int = 3) -> None:
        """Graduates answer their match e-mails; a refusal frees a place for someone else,
        whose e-mail the next round answers."""
        answered: set[UUID] = set()
        behaviour = self.season.behaviour
        for _ in range(rounds):
            links = {
                match_id: found
                for match_id, found in self.inbox.links(_MATCH_LINK).items()
                if match_id not in answered
            }
            if not links:
                return
            self._say(f"Personas egresadas: {len(links)} propuestas nuevas por correo; responden…")
            for match_id, (link, addressee) in sorted(links.items()):
                answered.add(match_id)
                release = self.ledger.cohort_of_address.get(addressee)
                if release is None:
                    continue
                self.ledger.cohort_of_match[match_id] = release
                if self.season.chance("answers", match_id) >= behaviour.answers:
                    continue
                interested = self.season.chance("interested", match_id) < behaviour.interested
                answer = "me-interesa" if interested else "no-me-interesa"
                self.client.answer(_without_answer(link), answer)
                name = release.programme.name
                self.ledger.answered[name] += 1
                if interested:
                    self.ledger.interested[name] += 1
            self._settle("respuestas")

    def _employers_decide(self) -> None:
        self._say("Empresas: entrevistas y contrataciones…")
        behaviour = self.season.behaviour
        for vacancy, vacancy_id in self.posted:
            token = self.credentials.employers[vacancy.employer_id]
            seats = vacancy.seats
            for place in sorted(
                self.client.shortlist(token, vacancy_id), key=lambda place: place.rank
            ):
                release = self.ledger.cohort_of_match.get(place.match_id)
                if place.status != "applied" or release is None:
                    continue
                name = release.programme.name
                match_id = place.match_id
                if self.season.chance("interview", match_id) >= behaviour.interviewed:
                    continue
                interview = self.season.interview_date(match_id, release.published)
                self.client.report_outcome(token, match_id, "interviewed", interview)
                self.ledger.interviewed[name] += 1
                hire_at = self.season.hire_date(match_id, release.published)
                if seats > 0 and self.season.chance("hire", match_id) < behaviour.hired:
                    self.client.report_outcome(token, match_id, "hired", hire_at)
                    self.ledger.hired[name] += 1
                    self.ledger.hires.append(Hire(match_id, name, hire_at))
                    seats -= 1
                else:
                    self.client.report_outcome(token, match_id, "rejected", hire_at)
        self._say(f"  {len(self.ledger.hires)} contrataciones reportadas")
        self._settle("contrataciones")

    def _answer_follow_ups(self) -> None:
        now = datetime.now(UTC)
        due = [
            (hire, months)
            for hire in self.ledger.hires
            for months in FOLLOW_UP_MONTHS
            if add_months(hire.hired_at, months) <= now
        ]
        self._say(f"Seguimientos: {len(due)} vencidos a 3, 6 y 12 meses; esperando sus correos…")
        wanted = {follow_up_id(hire.match_id, months) for hire, months in due}
        links = self._wait_for_links(_FOLLOW_UP_LINK, wanted)
        gone: set[UUID] = set()
        behaviour = self.season.behaviour
        for hire, months in sorted(due, key=lambda item: item[1]):
            found = links.get(follow_up_id(hire.match_id, months))
            if found is None or hire.match_id in gone:
                continue
            if self.season.chance("stays", hire.match_id, months) < behaviour.stays:
                self.client.answer(_without_answer(found[0]), "sigo-trabajando-ahi")
                self.ledger.stayed_at(months)[hire.programme] += 1
            else:
                self.client.answer(_without_answer(found[0]), "no-estoy-trabajando")
                self.ledger.left[hire.programme] += 1
                gone.add(hire.match_id)
        self._settle("seguimientos")

    # Waiting ----------------------------------------------------------------------------

    def _wait_for_links(
        self, pattern: re.Pattern[str], wanted: set[UUID]
    ) -> dict[UUID, tuple[str, str]]:
        deadline = time.monotonic() + self.timeout
        found = self.inbox.links(pattern)
        while not wanted <= found.keys() and time.monotonic() < deadline:
            time.sleep(1.0)
            found = self.inbox.links(pattern)
        missing = len(wanted - found.keys())
        if missing:
            self._say(f"  Aviso: {missing} correos de seguimiento no llegaron a tiempo")
        return found

    def _lag(self) -> int | None:
        """The worker group's lag as ``/health`` reports it (None when unknown)."""
        workers = self.client.health().get("workers") or {}
        lag = workers.get("lag")
        return lag if isinstance(lag, int) else None

    def _settle(self, what: str) -> None:
        """Wait until the workers have caught up: no lag, and the counts still for a while."""
        deadline = time.monotonic() + self.timeout
        last: tuple[int, ...] = ()
        since = time.monotonic()
        shown = 0.0
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while time.monotonic() < deadline:
                snapshot = counts(connection)
                now = (
                    snapshot.processed,
                    snapshot.matches,
                    snapshot.delivered,
                    snapshot.follow_ups,
                )
                if now != last:
                    last, since = now, time.monotonic()
                elif time.monotonic() - since >= SETTLE_QUIET_SECONDS and self._lag() == 0:
                    return
                if time.monotonic() - shown >= 10.0:
                    shown = time.monotonic()
                    self._say(
                        f"  … {what}: {snapshot.processed} eventos aplicados, "
                        f"{snapshot.matches} vinculaciones, {snapshot.delivered} correos"
                    )
                time.sleep(1.0)
        self._say(f"  Aviso: los workers no terminaron «{what}» en {self.timeout:.0f} s")


def _without_answer(link: str) -> str:
    """The page of a link, without a preselected answer (the form sends it)."""
    return re.sub(r"&respuesta=[^&\s]*", "", link)


def _addresses(path: Path) -> Iterable[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            address = (row.get("correo") or "").strip().lower()
            if address:
                yield address
