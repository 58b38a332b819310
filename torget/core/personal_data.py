"""The one registry of personal data: what Torget keeps about people, for how long, and how
it is erased when its period is over.

Each app registers its kinds in its AppConfig.ready() (from `<app>/personal_data.py`); a
new capability that keeps something about a person registers it here too. Everything
else reads this registry rather than a list of its own:

- `manage.py purge_personal_data` (daily) runs every kind's erasure (`purge_all`);
- the privacy notice lists the kinds: what, why and how long (`kinds`, `Kind.period_text`);
- export and erasure for one person (`export_person`, `erase_person`) ask each kind's own
  `export(user)` and `erase_person(user)`: what it holds about that person, and erasing it
  the way its period purge does (each app reuses its purge's rule, not a second one).

An app whose records need a person's account while something is still ahead (a booking
not yet held) registers a hold (`hold_accounts`), so the account purge leaves them be.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import ngettext

from torget.core.templatetags.torget import format_number

logger = logging.getLogger(__name__)

# The rows of a kind whose period is over, given the cutoff (now minus the period).
OldRows = Callable[[datetime], "models.QuerySet[Any]"]
# Erase what is past the period, given the period in days; returns how many rows.
Erase = Callable[[int], int]
# What a kind holds about one person: one dict per row, readable label → value (dates as
# date/datetime; the JSON download writes them in ISO, the page for people).
Export = Callable[[Any], list[dict[str, Any]]]
# Erase one person's rows on request, as the period purge would; returns how many rows.
ErasePerson = Callable[[Any], int]


@dataclass(frozen=True)
class Kind:
    name: str  # "booking.details": the app, then what
    model: str  # "booking.Booking"
    fields: tuple[str, ...]  # the personal fields (an export reads these)
    description: Promise  # what it is and why it is kept, for the privacy notice
    retention: str  # the setting holding the period in days
    erase: Erase
    purpose: Promise | None = None  # why it is kept, for the privacy notice
    # How the notice says the period when it is counted from an event, with "%(period)s"
    # for its length: "until %(period)s after the consultation closes". None: the length.
    period: Promise | None = None
    in_seconds: bool = False  # the setting counts seconds (Django's SESSION_COOKIE_AGE)
    export: Export | None = None  # None: the kind holds nothing to hand one person
    erase_person: ErasePerson | None = None  # None: nothing of one person to erase

    @property
    def retention_days(self) -> int:
        value = int(getattr(settings, self.retention))
        return math.ceil(value / 86400) if self.in_seconds else value

    def period_text(self) -> str:
        """The period in words for the privacy notice: "30 dager", "3 år", or the kind's
        own sentence around the length."""
        length = duration(self.retention_days)
        return str(self.period) % {"period": length} if self.period else length

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_KINDS: dict[str, Kind] = {}
_HOLDS: list[Callable[[datetime], Iterable[int | None]]] = []


def register(
    name: str,
    *,
    model: str,
    fields: Iterable[str],
    description: Promise,
    retention: str,
    erase: Erase,
    purpose: Promise | None = None,
    period: Promise | None = None,
    in_seconds: bool = False,
    export: Export | None = None,
    erase_person: ErasePerson | None = None,
) -> Kind:
    """Register a kind of personal data. Registering a name again replaces it (a reloaded
    app registers once more). `purpose` says why it is kept and `period` how its period is
    counted, for the privacy notice (see Kind). `export` and `erase_person` serve one
    person's request for their data and its erasure."""
    if not hasattr(settings, retention):
        raise LookupError(f"{name}: no setting {retention}")
    kind = Kind(
        name,
        model,
        tuple(fields),
        description,
        retention,
        erase,
        purpose,
        period,
        in_seconds,
        export,
        erase_person,
    )
    _KINDS[name] = kind
    return kind


def kinds() -> list[Kind]:
    """Every registered kind, by name: the privacy notice, export and erasure read these."""
    return [_KINDS[name] for name in sorted(_KINDS)]


def duration(days: int) -> str:
    """A number of days for people: whole years as years ("3 år"), else days ("90 dager")."""
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)s year", "%(count)s years", years) % {
            "count": format_number(years)
        }
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": format_number(days)}


def cutoff(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def blank(old: OldRows, fields: Iterable[str], **also: Any) -> Erase:
    """An erasure that blanks text `fields` of the rows past their period (the rows stay,
    for the figures); `also` sets other fields too (a user link to None, say). Rows already
    blank are not counted again."""
    names = tuple(fields)

    def erase(days: int) -> int:
        not_blank = models.Q()
        for name in names:
            not_blank |= ~models.Q(**{name: ""})
        values = dict.fromkeys(names, "") | also
        return old(cutoff(days)).filter(not_blank).update(**values)

    return erase


def delete(old: OldRows) -> Erase:
    """An erasure that deletes the rows past their period."""

    def erase(days: int) -> int:
        rows = old(cutoff(days))
        return rows.delete()[1].get(rows.model._meta.label, 0)

    return erase


def hold_accounts(users: Callable[[datetime], Iterable[int | None]]) -> None:
    """Register which accounts are still needed at `now` (the ids of people with something
    ahead of them); the account purge leaves them be."""
    _HOLDS.append(users)


def held_accounts(now: datetime) -> set[int]:
    held: set[int | None] = set()
    for users in _HOLDS:
        held.update(users(now))
    return {pk for pk in held if pk is not None}  # None: a nullable link left empty


def purge_all() -> list[tuple[Kind, int | None]]:
    """Erase what every kind keeps past its period: (kind, rows) for each kind, None for a
    kind that failed (logged). One transaction per kind, so one failure leaves the other
    kinds' work done."""
    done: list[tuple[Kind, int | None]] = []
    for kind in kinds():
        try:
            with transaction.atomic():
                done.append((kind, kind.erase(kind.retention_days)))
        except Exception:
            logger.exception("Purging %s failed", kind.name)
            done.append((kind, None))
    return done


# --- One person: export and erasure on request ------------------------------------------


def phone_forms(phone: str) -> set[str]:
    """The ways one phone number may be stored ("+47 400 00 000", "40000000", "400 00 000"),
    to find rows without a user link that keep only a number (callback requests, a booking
    made for someone). Empty for no number."""
    compact = re.sub(r"[\s().-]", "", phone or "")
    if not compact:
        return set()
    forms = {phone, compact}
    national = compact
    for prefix in ("+47", "0047"):
        if compact.startswith(prefix) and len(compact) == len(prefix) + 8:
            national = compact[len(prefix) :]
    if re.fullmatch(r"\d{8}", national):
        spaced = f"{national[:3]} {national[3:5]} {national[5:]}"
        forms |= {national, f"+47{national}", f"0047{national}", spaced, f"+47 {spaced}"}
    return forms


def contact_rows(user: Any, *, email: str | None = None, phone: str | None = None) -> models.Q:
    """Rows that name the person by their account's e-mail address (any case) or phone
    number (any of its forms), for kinds without a user link; matches nothing when the
    account has neither."""
    found = models.Q(pk__in=[])
    if email and user.email:
        found |= models.Q(**{f"{email}__iexact": user.email})
    if phone and (forms := phone_forms(user.phone)):
        found |= models.Q(**{f"{phone}__in": forms})
    return found


def row(values: dict[Any, Any]) -> dict[str, Any]:
    """One exported row: lazy labels made text, empty values left out."""
    return {str(label): value for label, value in values.items() if value not in ("", None)}


def export_person(user: Any) -> list[tuple[Kind, list[dict[str, Any]]]]:
    """Everything the registered kinds hold about `user`: (kind, rows) for each kind with
    rows, in the registry's order."""
    found = []
    for kind in kinds():
        if kind.export is not None and (rows := kind.export(user)):
            found.append((kind, rows))
    return found


def erase_person(user: Any) -> dict[str, int]:
    """Erase `user` across every kind, in one transaction (all or nothing): each kind as its
    period purge would, the account's own kinds last, since the others find the person by
    its e-mail address and phone. Returns rows per kind name. Who may ask, and the record
    of it, belong to the caller (torget.site.person)."""
    user_model = settings.AUTH_USER_MODEL
    ordered = sorted(
        (kind for kind in kinds() if kind.erase_person is not None),
        key=lambda kind: (kind.model == user_model, kind.name),
    )
    counts: dict[str, int] = {}
    with transaction.atomic():
        for kind in ordered:
            assert kind.erase_person is not None
            counts[kind.name] = kind.erase_person(user)
    return counts
