"""The back office keeps a hub's configuration to its hub leader (issue 17): desk staff
read their own hub's details, spaces, resources, hours, exceptions and notices; the hub
leader of that hub (and administrators) change them; a leader of another hub does not."""

from __future__ import annotations

from datetime import date

import pytest
from django.forms import MultiWidget
from django.urls import reverse

from torget.accounts.models import RoleKind
from torget.accounts.tests.factories import UserFactory
from torget.places.models import Notice, OpeningHoursRule, Resource
from torget.places.tests.factories import SpaceFactory


def change_url(row) -> str:
    opts = row._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])


def add_url(model) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_add")


def form_data(page) -> dict:
    """What the change page's form (and its inlines) would send back unchanged."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict = {}
    for form in forms:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field.widget, MultiWidget):
                for i, part in enumerate(field.widget.decompress(value)):
                    data[f"{key}_{i}"] = "" if part is None else str(part)
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)
    return data


@pytest.fixture
def leader_tofte(personas):
    return UserFactory.with_role("leder-tofte", RoleKind.HUB_LEADER, hub=personas.tofte)


@pytest.fixture
def rows(personas):
    """A space and a notice of Holmen: what the hub's configuration is made of."""
    holmen = personas.holmen
    return {
        "space": SpaceFactory(hub=holmen, name="Verkstedet"),
        "notice": Notice.objects.create(
            hub=holmen,
            title="Heisen er ute av drift",
            starts=date(2030, 3, 1),
            ends=date(2030, 3, 9),
        ),
    }


def rename(client, admin_user, row, field: str, value: str):
    """Open the row's page as an administrator (who may change it), then send the same
    form with one field changed as the client's user."""
    from django.test import Client

    reader = Client()
    reader.force_login(admin_user)
    data = form_data(reader.get(change_url(row)))
    data[field] = value
    data["_save"] = "Lagre"
    return client.post(change_url(row), data)


@pytest.mark.parametrize(("kind", "field"), [("space", "name"), ("notice", "title")])
def test_holmens_desk_staff_read_but_do_not_change_holmens_configuration(
    client, personas, rows, kind, field
):
    row = rows[kind]
    before = getattr(row, field)
    client.force_login(personas.desk_holmen)

    page = client.get(change_url(row))
    assert page.status_code == 200  # they read it …
    assert "_save" not in page.content.decode()  # … with no button to save

    assert rename(client, personas.admin, row, field, "Endret av skranken").status_code == 403
    assert (
        client.post(
            reverse(f"admin:places_{kind}_delete", args=[row.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get(add_url(type(row))).status_code == 403
    row.refresh_from_db()
    assert getattr(row, field) == before


@pytest.mark.parametrize(("kind", "field"), [("space", "name"), ("notice", "title")])
def test_holmens_hub_leader_changes_holmens_configuration(client, personas, rows, kind, field):
    row = rows[kind]
    client.force_login(personas.leader)

    answer = rename(client, personas.admin, row, field, "Endret av lederen")

    assert answer.status_code == 302, (
        answer.context["adminform"].form.errors if answer.context else ""
    )
    row.refresh_from_db()
    assert getattr(row, field) == "Endret av lederen"


@pytest.mark.parametrize(("kind", "field"), [("space", "name"), ("notice", "title")])
def test_toftes_hub_leader_cannot_change_holmens_configuration(
    client, personas, rows, leader_tofte, kind, field
):
    row = rows[kind]
    before = getattr(row, field)
    client.force_login(leader_tofte)

    assert client.get(change_url(row)).status_code == 403
    assert rename(client, personas.admin, row, field, "Endret av Tofte").status_code == 403
    row.refresh_from_db()
    assert getattr(row, field) == before


def test_desk_staff_cannot_change_the_hubs_details_or_hours(client, personas):
    holmen = personas.holmen
    client.force_login(personas.desk_holmen)

    assert rename(client, personas.admin, holmen, "description", "Endret").status_code == 403
    hours = OpeningHoursRule.objects.filter(hub=holmen).first()
    assert rename(client, personas.admin, hours, "opens", "06:00").status_code == 403
    holmen.refresh_from_db()
    assert holmen.description != "Endret"


def test_a_hub_leader_adds_resources_only_to_the_hubs_they_lead(client, personas):
    """A leader of Holmen who is desk staff at Tofte is offered Holmen alone."""
    from torget.accounts.models import Role

    Role.objects.create(user=personas.leader, kind=RoleKind.DESK_STAFF, hub=personas.tofte)
    client.force_login(personas.leader)

    page = client.get(add_url(Resource))
    assert list(page.context["adminform"].form.fields["hub"].queryset) == [personas.holmen]
    answer = client.post(
        add_url(Resource),
        {"hub": personas.tofte.pk, "name": "Projektor", "kind": "equipment", "quantity": 1},
    )
    assert answer.status_code == 200  # the form again, with the error
    assert not Resource.objects.filter(name="Projektor").exists()


def test_the_staff_home_links_the_hub_leader_alone_to_hours_and_notices(client, personas):
    links = ("Endre meldingene", "Endre åpningstidene")
    client.force_login(personas.leader)
    page = client.get(reverse("workday:hub", args=[personas.holmen.slug])).content.decode()
    assert all(link in page for link in links)
    client.force_login(personas.desk_holmen)
    page = client.get(reverse("workday:hub", args=[personas.holmen.slug])).content.decode()
    assert not any(link in page for link in links)
