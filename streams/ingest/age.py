"""The one age fact an event carries: from which day a minor is surely of age.

The CURP holds the full birth date, but only the ingestion edge ever sees it. The
matcher needs one thing from it: whether, on the day it matches, a graduate is still
under 18 (Mexico's Ley Federal del Trabajo restricts minors' work, so a minor is
matched only with vacancies whose employer attested those conditions). So the event
carries ``adult_from``, and only for people who are minors when certified: the first
of the month after their 18th birthday (the birthday itself when it falls on a 1st).
Rounding up hides the day of birth and errs one way only: a person stays a minor for
the matcher at most a month longer than the law says, never a day shorter. Adults
carry nothing beyond the birth year that events carried before.
"""

from __future__ import annotations

from datetime import date

from schemas.graduates import ADULT_AGE


def adult_from(birth_date: date, *, certified_on: date) -> date | None:
    """The first of the month from which someone born on ``birth_date`` is surely 18.

    None if they are already of age on ``certified_on``.
    """
    year = birth_date.year + ADULT_AGE
    if birth_date.day == 1:
        of_age = date(year, birth_date.month, 1)
    elif birth_date.month == 12:
        of_age = date(year + 1, 1, 1)
    else:
        of_age = date(year, birth_date.month + 1, 1)
    return of_age if of_age > certified_on else None
