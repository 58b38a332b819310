"""Words for the proposal's reasons (codes with parameters), in the reader's language.

The same sentences go to the staff page, the decision letter and the archive export.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from torget.places.codes import Weekday
from torget.seasons.models import Rule


def rule_label(code: str) -> str:
    try:
        return str(Rule(code).label)
    except ValueError:
        return code


def decided_by_text(code: str) -> str:
    if code.startswith("rule:"):
        return _("the priority rule “%(rule)s”") % {"rule": rule_label(code[5:])}
    if code == "earlier":
        return _("the earlier application (the rules do not tell them apart)")
    return _("the lower application number (submitted at the same moment)")


def slot_text(space_name: str, weekday: int | None, start: time | None, end: time | None) -> str:
    if weekday is None or start is None or end is None:
        return "–"
    return _("%(weekday)s %(start)s–%(end)s in %(space)s") % {
        # Norwegian writes weekdays in lower case inside a sentence; English does not.
        "weekday": _weekday(weekday),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "space": space_name,
    }


def _weekday(weekday: int) -> str:
    label = str(Weekday(weekday).label)
    return label.lower() if (get_language() or "").startswith("nb") else label


def _day(iso: str) -> str:
    return date_format(date.fromisoformat(iso), "d.m.Y")


KIND_TEXT = {
    "wish": lambda n: _("Got wish %(n)s.") % {"n": n},
    "other_time": lambda n: (
        _("Got another time on the day of wish %(n)s (an accepted alternative).") % {"n": n}
    ),
    "other_space": lambda n: (
        _("Got another space at the hub of wish %(n)s (an accepted alternative).") % {"n": n}
    ),
    "other_hub": lambda n: _("Got a space at another hub (an accepted alternative).") % {"n": n},
}


def reason_text(reason: Mapping, names: Mapping[int, str], *, public: bool = False) -> str:
    """One reason as a sentence. `names`: application number → "organisation – activity".
    `public`: for the applicant's letter, other applicants are not named."""
    code = reason.get("code")
    wish = reason.get("wish")
    if code == "ranked":
        rules = ", ".join(rule_label(r) for r in reason.get("rules", []))
        text = _("Ranked %(rank)s of %(of)s.") % {"rank": reason["rank"], "of": reason["of"]}
        if rules:
            text += " " + _("Favoured by: %(rules)s.") % {"rules": rules}
        return text
    if code == "granted":
        return KIND_TEXT.get(reason.get("kind", "wish"), KIND_TEXT["wish"])(wish)
    if code == "dates_skipped":
        return _("Left out because the space is already taken (%(what)s): %(dates)s.") % {
            "what": "; ".join(reason.get("labels", [])),
            "dates": ", ".join(_day(d) for d in reason.get("dates", [])),
        }
    if code == "taken":
        other = _("another application") if public else names.get(reason["by"], f"#{reason['by']}")
        return _("Wish %(n)s went to %(other)s, decided by %(why)s.") % {
            "n": wish,
            "other": other,
            "why": decided_by_text(reason.get("decided_by", "")),
        }
    if code == "existing":
        return _(
            "Wish %(n)s is taken by an existing booking or closure in %(weeks)s weeks (%(what)s)."
        ) % {"n": wish, "weeks": reason.get("weeks"), "what": reason.get("label", "")}
    if code == "over_capacity":
        return _("Wish %(n)s: the space holds %(capacity)s people, fewer than expected.") % {
            "n": wish,
            "capacity": reason.get("capacity"),
        }
    if code == "outside_hours":
        return _("Wish %(n)s is outside the hub's opening hours.") % {"n": wish}
    if code == "not_in_round":
        return _("Wish %(n)s names a space that is not part of this round.") % {"n": wish}
    if code == "no_weeks":
        return _("Wish %(n)s: no such weekday between the first and last date.") % {"n": wish}
    if code == "private_party":
        return _("Private gatherings are not given slots in this round.")
    if code == "no_free_alternative":
        return _("None of the accepted alternatives was free either.")
    if code == "no_slot":
        return _("No wish was free, and no alternatives were accepted.")
    if code == "staff":
        return _("Changed by staff: %(reason)s") % {"reason": reason.get("reason", "")}
    return str(code)


def reasons_text(reasons: list, names: Mapping[int, str], *, public: bool = False) -> list[str]:
    return [reason_text(r, names, public=public) for r in reasons]
