"""The back office: a round's staff see and change it; others do not; new rounds get
Asker's rules."""

from datetime import date

from django.urls import reverse

from torget.accounts.models import RoleKind
from torget.accounts.tests.factories import UserFactory
from torget.places.tests.factories import HubFactory, SpaceFactory
from torget.seasons.models import Round


def test_round_staff_see_the_round_others_do_not(client, season):
    changelist = reverse("admin:seasons_round_changelist")
    change = reverse("admin:seasons_round_change", args=[season.round.pk])
    client.force_login(season.p.desk_holmen)
    assert season.round.name in client.get(changelist).text
    page = client.get(change)
    assert page.status_code == 200 and 'name="hubs"' not in page.text  # administrators choose
    assert 'name="deadline_0"' in page.text and 'name="rules-0-rule"' in page.text
    assert client.get(reverse("admin:seasons_round_add")).status_code == 403
    elsewhere = UserFactory.with_role(
        "desk-sætre", RoleKind.DESK_STAFF, hub=HubFactory(name="Sætre")
    )
    client.force_login(elsewhere)
    assert season.round.name not in client.get(changelist).text
    assert client.get(change).status_code == 403


def test_a_new_round_gets_askers_rules_in_order(client, personas):
    room = SpaceFactory.meeting_room(personas.holmen)
    client.force_login(personas.admin)
    response = client.post(
        reverse("admin:seasons_round_add"),
        {
            "name": "Sesongen 2028–2029",
            "season_start": "23.06.2028",
            "season_end": "21.06.2029",
            "opens_at_0": "01.12.2027",
            "opens_at_1": "00:00",
            "deadline_0": "01.04.2028",
            "deadline_1": "23:59",
            "hubs": [personas.holmen.pk],
            "spaces": [room.pk],
            "no_private_parties": "on",
            "applicant_text": "",
            "rules-TOTAL_FORMS": "0",
            "rules-INITIAL_FORMS": "0",
            "rules-MIN_NUM_FORMS": "0",
            "rules-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, [
        line for line in response.text.splitlines() if "errorlist" in line or "errornote" in line
    ]
    round_ = Round.objects.get(name="Sesongen 2028–2029")
    assert round_.season_start == date(2028, 6, 23)
    assert round_.rule_codes() == ["voluntary", "municipal", "business", "free"]
