"""Code lists: stable snake_case codes with labels in the request's language."""

from dataclasses import dataclass

from django.db.models import TextChoices
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Router

from torget.accounts.models import OrganisationKind
from torget.core.schemas import CodeListOut, CodeOut
from torget.events.codes import Audience, Category
from torget.ledger.models import EntryKind, OrganiserType
from torget.places.codes import Feature, HoursKind, ModuleCode, ResourceKind, SpaceKind, Zone

router = Router(tags=["code lists"])


@dataclass(frozen=True)
class CodeList:
    choices: type[TextChoices]
    label: str | Promise


# The lists, by the name in their address. Add new ones here (a list is never renamed).
CODE_LISTS: dict[str, CodeList] = {
    "modules": CodeList(ModuleCode, _("Modules of a hub")),
    "features": CodeList(Feature, _("Features and equipment of a space")),
    "zones": CodeList(Zone, _("Zones of a hub")),
    "space-kinds": CodeList(SpaceKind, _("Kinds of space")),
    "hours-kinds": CodeList(HoursKind, _("Kinds of opening hours")),
    "resource-kinds": CodeList(ResourceKind, _("Kinds of bookable resource")),
    "organiser-types": CodeList(OrganiserType, _("Types of organiser")),
    "organisation-kinds": CodeList(OrganisationKind, _("Kinds of organisation")),
    "kinds": CodeList(EntryKind, _("Kinds of activity in the ledger")),
    "audiences": CodeList(Audience, _("Audiences of events")),
    "event-categories": CodeList(Category, _("Categories of events")),
}


def codes(choices: type[TextChoices]) -> list[dict[str, str]]:
    return [{"code": value, "label": str(label)} for value, label in choices.choices]


def _operation_id(name: str) -> str:
    return f"codes_{name.replace('-', '_')}"


@router.get("/codes", response=list[CodeListOut], summary="The code lists", operation_id="codes")
def code_lists(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"code": name, "label": str(entry.label), "url": reverse(f"api:{_operation_id(name)}")}
        for name, entry in CODE_LISTS.items()
    ]


def _make(name: str, entry: CodeList) -> None:
    def endpoint(request: HttpRequest) -> list[dict[str, str]]:
        return codes(entry.choices)

    endpoint.__name__ = _operation_id(name)
    router.get(
        f"/codes/{name}",
        response=list[CodeOut],
        summary=f"Code list: {name}",
        operation_id=_operation_id(name),
        url_name=_operation_id(name),
    )(endpoint)


for _name, _entry in CODE_LISTS.items():
    _make(_name, _entry)
