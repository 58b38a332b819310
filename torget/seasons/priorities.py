"""The round's priority rules as applicants read them: one order, not a list of claims.

Each rule puts the applications it favours before the others, and a later rule only decides
between applications the earlier ones rank equal (`allocation.rank_key`). Read one by one,
"Voluntary organisations first", "Municipal services first", "Businesses first" sound like
three contradicting promises; rules about the kind of organisation that follow each other
are one ranking of kinds, so they are said as one: "in this order: 1. voluntary
organisations, 2. municipal services, 3. businesses".
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.accounts.models import OrganisationKind
from torget.seasons.explain import rule_label
from torget.seasons.models import Rule

KINDS = {
    Rule.VOLUNTARY.value: gettext_lazy("voluntary organisations"),
    Rule.MUNICIPAL.value: gettext_lazy("municipal services"),
    Rule.BUSINESS.value: gettext_lazy("businesses"),
}
OTHERS = {
    Rule.FREE.value: gettext_lazy("Free activities before paid ones"),
    Rule.CHILDREN_YOUTH.value: gettext_lazy(
        "Activities for children and young people before the others"
    ),
}


def steps(rules: Sequence[str]) -> list[str]:
    """The ranking in the round's order, one sentence per step, the last being the time of
    application (as the allocation breaks ties)."""
    out: list[str] = []
    kinds: list[str] = []

    def flush() -> None:
        if not kinds:
            return
        names = [str(KINDS[k]) for k in kinds]
        if len(kinds) < len(OrganisationKind.values):
            names.append(_("the others"))
        order = ", ".join(f"{n}. {name}" for n, name in enumerate(names, start=1))
        out.append(_("By who applies, in this order: %(order)s") % {"order": order})
        kinds.clear()

    for rule in rules:
        if rule in KINDS:
            kinds.append(rule)
            continue
        flush()
        out.append(str(OTHERS.get(rule) or rule_label(rule)))
    flush()
    out.append(_("Then the earliest application"))
    return out
