"""Code lists: stable snake_case codes with labels in the request's language."""

from django.db.models import TextChoices
from django.http import HttpRequest
from ninja import Router

from torget.accounts.models import OrganisationKind
from torget.ledger.models import EntryKind, OrganiserType
from torget.places.codes import Feature, ModuleCode, ResourceKind, SpaceKind, Zone
from torget.places.schemas import CodeOut

router = Router(tags=["code lists"])

CODE_LISTS: dict[str, type[TextChoices]] = {
    "modules": ModuleCode,
    "features": Feature,
    "zones": Zone,
    "space-kinds": SpaceKind,
    "resource-kinds": ResourceKind,
    "organiser-types": OrganiserType,
    "organisation-kinds": OrganisationKind,
    "kinds": EntryKind,
}


def _codes(choices: type[TextChoices]) -> list[dict[str, str]]:
    return [{"code": value, "label": str(label)} for value, label in choices.choices]


def _make(name: str, choices: type[TextChoices]) -> None:
    def endpoint(request: HttpRequest) -> list[dict[str, str]]:
        return _codes(choices)

    endpoint.__name__ = f"codes_{name.replace('-', '_')}"
    router.get(f"/codes/{name}", response=list[CodeOut], summary=f"Code list: {name}")(endpoint)


for _name, _choices in CODE_LISTS.items():
    _make(_name, _choices)
