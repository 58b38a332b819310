"""The memo (issue 18.6–8): what residents said about the affected hubs, staffed hours and
their cost before and after, the page with its charts and tables, the comparison of up to
three scenarios, and the PDF and xlsx — with no resident's name, e-mail or phone in any."""

import io
import json
import re
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import holidays
import pytest
from django.utils import translation
from openpyxl import load_workbook

from torget.booking.models import Booking
from torget.booking.services import BookingRequest, booking_series_create
from torget.consultations import services as consult
from torget.consultations.models import Status
from torget.core.timeutil import OSLO, make_local, today
from torget.events.services import EventDetails, event_create
from torget.events.services.registrations import registration_create
from torget.places.tests.factories import SpaceFactory
from torget.scenarios import memo, selectors
from torget.scenarios.costs import SELF_SERVICE, STAFFED
from torget.scenarios.models import ChangeKind, Scenario
from torget.scenarios.services import ChangeSpec, create_scenario

pytestmark = pytest.mark.django_db

PAGE = "/ansatt/scenarioer/"
# The demo resident's name and contact (torget/site/demo.py), given to the test persona.
FIRST, LAST = "Ingrid", "Innbygger"
EMAIL, PHONE = "innbygger@demo.example", "+47 912 34 567"


def _scenario(personas, changes, *, cost=None, name="Scenario", starts=None) -> Scenario:
    return create_scenario(
        actor=personas.management,
        name=name,
        starts=starts or today() + timedelta(days=7),
        assumptions="",
        changes=changes,
        cost_per_staffed_hour=cost,
    )


# --- Staffed hours and cost ------------------------------------------------------------------


def _brute_force_year(starts: date, opens: int, closes: int, weekdays: range) -> float:
    """The hours of a hub open `opens`–`closes` on `weekdays`, over the 364 days from the
    date, public holidays left out — counted day by day, apart from the places calendar."""
    norway = holidays.NO(years=[starts.year, starts.year + 1])
    total = 0.0
    for n in range(364):
        day = starts + timedelta(days=n)
        if day.weekday() in weekdays and day not in norway:
            span = make_local(day, time(closes), OSLO) - make_local(day, time(opens), OSLO)
            total += span.total_seconds() / 3600
    return total


def test_hours_before_and_after_and_the_yearly_saving(personas):
    # Staffed weekdays 09–15 (30 h), self-service every day 07–22 (105 h): the factory's hub.
    cut = _scenario(
        personas,
        [
            ChangeSpec(
                kind=ChangeKind.HOURS, hub=personas.holmen, staffed_days=2, self_service_days=7
            )
        ],
        cost=Decimal("650"),
    )
    hours = selectors.report(cut).hours
    (holmen,) = hours.hubs
    assert holmen.week_before == {STAFFED: 30.0, SELF_SERVICE: 105.0}
    assert holmen.week_after == {STAFFED: 12.0, SELF_SERVICE: 105.0}  # two days of six hours
    year = _brute_force_year(cut.starts, 9, 15, range(5))
    assert holmen.year_before[STAFFED] == pytest.approx(year)
    assert year < 52 * 30  # the holidays are out: the hub's actual year, not 52 weeks
    # The displaced activity's rule: Monday and Tuesday stay staffed, with today's times.
    kept = _brute_force_year(cut.starts, 9, 15, range(2))
    assert holmen.year_after[STAFFED] == pytest.approx(kept)
    assert holmen.days_after[STAFFED] == 2
    saved = year - kept
    assert hours.staffed_hours_saved == pytest.approx(saved)
    assert hours.yearly_saving == round(Decimal(str(round(saved, 4))) * 650)

    closed = _scenario(personas, [ChangeSpec(kind=ChangeKind.CLOSE, hub=personas.tofte)])
    hours = selectors.report(closed).hours
    assert hours.staffed_week_after == 0 and hours.self_service_week_after == 0
    assert hours.staffed_hours_saved == pytest.approx(
        _brute_force_year(closed.starts, 9, 15, range(5))
    )
    assert hours.yearly_saving is None  # no cost given: hours only


def test_the_page_and_api_set_the_saving_beside_what_is_displaced(client, personas):
    room = SpaceFactory.meeting_room(personas.tofte)
    starts = today() + timedelta(days=7)
    Booking.objects.create(
        space=room,
        start=make_local(starts, time(10), OSLO),
        end=make_local(starts, time(12), OSLO),
        title="Sjakktrening",
        organiser_type="voluntary",
        organisation=personas.organisation,
        kind="activity",
        booked_by=personas.org_contact,
    )
    scenario = _scenario(
        personas, [ChangeSpec(kind=ChangeKind.CLOSE, hub=personas.tofte)], cost=Decimal("700.50")
    )
    client.force_login(personas.management)
    page = client.get(f"{PAGE}{scenario.pk}/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    body = client.get(f"/api/v1/scenarios/{scenario.pk}").json()
    saving = body["hours"]["yearly_saving"]
    assert saving == round(body["hours"]["staffed_hours_saved_per_year"] * 700.5)
    assert body["cost_per_staffed_hour"] == 700.5
    assert body["hours"]["hubs"][0]["staffed_per_week_after"] == 0
    assert f"{saving:,}".replace(",", "\u202f") in page  # kr 1 017 126, as the page writes it
    assert "Side om side" in page or "Side by side" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="sc-chart" role="img"' in page
    assert "style=" not in page.split("<main", 1)[1]  # the CSP: no style attributes


# (bokmål, English): the bokmål once the lead has compiled the catalogue.
NEGATIVE = (
    "Kostnaden per betjent time kan ikke være negativ.",
    "The cost per staffed hour cannot be negative.",
)
NOT_A_NUMBER = (
    "Skriv kostnaden per betjent time som et antall kroner, for eksempel 650.",
    "Write the cost per staffed hour as a number of kroner, such as 650.",
)


@pytest.mark.parametrize(
    ("value", "message"), [("-5", NEGATIVE), ("seks hundre", NOT_A_NUMBER), ("1e9", None)]
)
def test_the_form_refuses_a_bad_cost_with_a_clear_message(client, personas, value, message):
    client.force_login(personas.management)
    response = client.post(PAGE + "ny/", _form(personas, cost=value), HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 422
    text = response.content.decode()
    assert 'href="#id_cost_per_staffed_hour"' in text  # the summary links to the field
    if message:
        assert message[0] in text or message[1] in text
    assert not Scenario.objects.exists()


def test_the_form_saves_a_cost_with_a_decimal_comma(client, personas):
    client.force_login(personas.management)
    response = client.post(PAGE + "ny/", _form(personas, cost="650,50"), HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 302
    assert Scenario.objects.get().cost_per_staffed_hour == Decimal("650.50")


def _form(personas, *, cost: str) -> dict:
    return {
        "name": "Tofte stenger",
        "starts": (today() + timedelta(days=7)).isoformat(),
        "assumptions": "",
        "cost_per_staffed_hour": cost,
        "changes-TOTAL_FORMS": "3",
        "changes-INITIAL_FORMS": "0",
        "changes-0-kind": "close",
        "changes-0-hub": str(personas.tofte.pk),
    }


# --- What residents said ---------------------------------------------------------------------


@pytest.fixture
def said(personas):
    """An open consultation: answers about Tofte (one approved for quoting, one pending, one
    hidden, one from a resident who left a name and contact), one about Holmen; and a draft
    whose answer is not counted."""
    user = personas.management
    autumn = consult.consultation_set_status(
        consult.consultation_from_template(hubs=[personas.holmen, personas.tofte]), Status.OPEN
    )
    first = autumn.questions.order_by("order", "pk").first()

    def answer(text, **identity):
        response, _token = consult.response_submit(autumn, {first.pk: text}, **identity)
        return response.answers.get()

    approved = answer("Tofte er et fyrtårn for hele lokalsamfunnet.")
    consult.answer_moderate(approved, action="approve", user=user)
    pending = answer("Tofte betyr alt for meg, hemmelig utkast.")
    hidden = answer("Tofte er dårlig drevet av Per Hansen.")
    consult.answer_moderate(hidden, action="hide", user=user, reason="Navn")
    named = answer(
        f"Jeg, {FIRST} {LAST}, bruker Tofte hver uke. Ring {PHONE}.",
        name=f"{FIRST} {LAST}",
        contact=EMAIL,
    )
    consult.answer_moderate(
        named, action="approve", user=user, text="Jeg, [fjernet], bruker Tofte hver uke."
    )
    answer("Holmen er nær.")
    for a in (approved, pending, named):
        consult.coding_set(a, autumn.codes.get(key="naerhet"), user=user, confirmed=True)
    consult.coding_set(approved, autumn.codes.get(key="senior"), user=user, confirmed=True)
    draft = consult.consultation_from_template(hubs=[personas.tofte], title="Utkast")
    draft_first = draft.questions.order_by("order", "pk").first()
    from torget.consultations.models import Answer, Response

    response = Response.objects.create(
        consultation=draft, channel="web", submitted=datetime.now(OSLO)
    )
    Answer.objects.create(response=response, question=draft_first, text="Tofte, fra utkastet.")
    return autumn


def test_what_residents_said_counts_themes_and_quotes_moderated_text_only(personas, said):
    scenario = _scenario(personas, [ChangeSpec(kind=ChangeKind.CLOSE, hub=personas.tofte)])
    (tofte,) = selectors.report(scenario).words
    assert tofte.respondents == 4  # the draft's answer and Holmen's are not counted
    assert tofte.consultations == 1
    themes = dict(tofte.themes)
    assert themes[said.codes.get(key="naerhet").label] == 3
    assert themes[said.codes.get(key="senior").label] == 1
    quotes = [q.text for q in tofte.quotes]
    # Only approved answers, as moderated, fewest hidden parts first.
    assert quotes == [
        "Tofte er et fyrtårn for hele lokalsamfunnet.",
        "Jeg, [fjernet], bruker Tofte hver uke.",
    ]


def test_a_hub_nobody_mentions_has_nothing_said(personas):
    scenario = _scenario(personas, [ChangeSpec(kind=ChangeKind.CLOSE, hub=personas.holmen)])
    (holmen,) = selectors.report(scenario).words
    assert holmen.nothing and holmen.quotes == [] and holmen.themes == []


# --- No personal data -----------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    """Every stream of the PDF inflated, as Latin-1 text (fpdf2's built-in font).

    The end-of-line before `endstream` is left in the match: a compressed stream may itself
    end in a carriage return, and a decompressor object stops at the stream's end anyway."""
    text = content.decode("latin-1")
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            text += zlib.decompressobj().decompress(stream).decode("latin-1")
        except zlib.error:
            text += stream.decode("latin-1")
    return text


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    )


def test_no_resident_is_named_in_the_memo_its_pdf_its_xlsx_or_the_api(client, personas, said):
    resident = personas.resident
    resident.first_name, resident.last_name = FIRST, LAST
    resident.email, resident.phone = EMAIL, PHONE
    resident.save()
    room = SpaceFactory.meeting_room(personas.tofte)
    starts = today() + timedelta(days=7)
    Booking.objects.create(
        space=room,
        start=make_local(starts, time(17), OSLO),
        end=make_local(starts, time(19), OSLO),
        title=f"Bursdag for {FIRST}",
        organiser_type="resident",
        kind="meeting",
        booked_by=resident,
        on_behalf_name=f"{FIRST} {LAST}",
        on_behalf_phone=PHONE,
    )
    event = event_create(
        actor=personas.desk_tofte,
        details=EventDetails(
            title="Digital hjelp for seniorer",
            category="digital_help",
            organiser_type="municipal",
            capacity=10,
            registration="required",
        ),
        space=room,
        start=make_local(starts + timedelta(days=1), time(12), OSLO),
        end=make_local(starts + timedelta(days=1), time(14), OSLO),
    )
    registration_create(
        actor=resident,
        occurrence_id=event.occurrences.get().pk,
        name=f"{FIRST} {LAST}",
        email=EMAIL,
        phone=PHONE,
    )
    # Room elsewhere: the resident's own weekly activity (counted only) and a club's, with a
    # room at Holmen to go to; who would have further to go: a small grid around the hubs.
    SpaceFactory.meeting_room(personas.holmen)
    for title, organiser, hour in (
        (f"Strikking hos {FIRST} {LAST}", "resident", 10),
        ("Sjakkgruppa", "voluntary", 17),
    ):
        day = starts + timedelta(days=2)
        booking_series_create(
            actor=personas.admin,
            request=BookingRequest(
                space=room,
                start=make_local(day, time(hour), OSLO),
                end=make_local(day, time(hour + 1), OSLO),
                title=title,
                organiser_type=organiser,
                organisation=personas.organisation if organiser == "voluntary" else None,
                kind="activity",
                on_behalf_name=f"{FIRST} {LAST}" if organiser == "resident" else "",
                on_behalf_phone=PHONE if organiser == "resident" else "",
                override_reason="Prøve",
            ),
            until=day + timedelta(weeks=3),
            on_conflict="skip",
        )
    _small_grid(personas)
    # Users by postcode: the resident's own past booking from Filtvet, alone in its area (held
    # back, never named), and six from Tofte's own area (listed).
    _postcode_list()
    for n, code in enumerate(["3480"] + ["3482"] * 6, start=1):
        past = today() - timedelta(days=n * 3)
        Booking.objects.create(
            space=room,
            start=make_local(past, time(17), OSLO),
            end=make_local(past, time(18), OSLO),
            title="Møte",
            organiser_type="resident",
            kind="meeting",
            status="confirmed",
            booked_by=resident,
            postcode=code,
        )
    scenario = _scenario(
        personas, [ChangeSpec(kind=ChangeKind.CLOSE, hub=personas.tofte)], cost=Decimal(600)
    )
    report = selectors.report(scenario)
    assert report.distance is not None and sum(report.room_elsewhere.residents) == 1
    assert report.postcodes is not None and report.postcodes.users == 7
    client.force_login(personas.management)
    page = client.get(f"{PAGE}{scenario.pk}/").content.decode()
    pdf = client.get(f"{PAGE}{scenario.pk}/notat.pdf")
    xlsx = client.get(f"{PAGE}{scenario.pk}/notat.xlsx")
    api = client.get(f"/api/v1/scenarios/{scenario.pk}").content.decode()
    compare = client.get(f"{PAGE}sammenlign/?scenario={scenario.pk}").content.decode()
    assert pdf.status_code == xlsx.status_code == 200
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    texts = {
        "page": page,
        "pdf": _pdf_text(pdf.content),
        "xlsx": _xlsx_text(xlsx.content),
        "api": api,
        "compare": compare,
    }
    # The memo is there: the registration counted, the quote, the organiser's name.
    assert "Digital hjelp for seniorer" in texts["xlsx"]
    assert "Tofte er et fyrtårn" in texts["xlsx"] and "Tofte er et fyrt" in texts["pdf"]
    # The new sections are there too: the club's group placed, the distances, the map.
    for where in ("page", "pdf", "xlsx"):
        assert "Sjakkgruppa" in texts[where], where
    for where in ("page", "xlsx", "compare"):
        assert re.search(r"(Residents beyond|Innbyggere over) 5 km", texts[where]), where
    assert re.search(r"Residents beyond 5 km|Innbyggere over 5 km", texts["pdf"])
    assert "sc-distance-map" in texts["page"]
    # Users by postcode: the resident's area, with one booking, held back, and Tofte's with it
    # (listed, the total less its six would give the resident's one).
    for where in ("page", "pdf", "xlsx", "compare"):
        assert re.search(r"(Users beyond|Brukere over) 5 km", texts[where]), where
    for where in ("page", "pdf", "xlsx"):
        assert "Tofte sentrum" not in texts[where], where
        assert re.search(r"(Other areas|Andre områder)", texts[where]), where
    held = json.loads(texts["api"])["postcodes"]
    assert held["areas"] == []
    assert held["other_areas"] == {"areas": 2, "users": 7, "at_affected_hubs": 7}
    for where, text in texts.items():
        for personal in (FIRST, LAST, EMAIL, PHONE, "Per Hansen", "hemmelig utkast", "Filtvet"):
            # As a whole word: "Innbygger" (the last name) stands inside the bokmål
            # "Innbyggere over 5 km", which is no one's name.
            found = re.search(rf"(?<!\w){re.escape(personal)}(?!\w)", text)
            assert not found, f"{personal!r} in the {where}"


def _small_grid(personas) -> None:
    """Tofte and Holmen on the map, and nine cells of residents between them."""
    from torget.scenarios import grid

    for hub, (lat, lon) in (
        (personas.tofte, ("59.5448", "10.5633")),
        (personas.holmen, ("59.8549", "10.4918")),
    ):
        hub.latitude, hub.longitude = Decimal(lat), Decimal(lon)
        hub.save()
    rows = [
        f"{x};{y};{n};{n // 4}"
        for n, (x, y) in enumerate(
            ((x, y) for x in (250125, 252125, 254125) for y in (6607125, 6620125, 6636125)),
            start=10,
        )
    ]
    data = ("x;y;population;age_67_plus\n" + "\n".join(rows) + "\n").encode()
    assert grid.import_grid(actor=grid.OPERATOR, data=data, filename="lite.csv").imported


def _postcode_list() -> None:
    """Two postcode areas near Tofte: its own and Filtvet."""
    from torget.scenarios import grid, postcodes

    data = "postnummer;lat;lon;poststed\n3482;59.5465;10.5602;Tofte sentrum\n3480;59.5760;10.6230;Filtvet\n"
    assert postcodes.import_postcodes(
        actor=grid.OPERATOR, data=data.encode(), filename="postnummer.csv"
    ).imported


# --- Compare ---------------------------------------------------------------------------------


def test_compare_up_to_three_and_refuse_more(client, personas):
    made = [
        _scenario(personas, [ChangeSpec(kind=ChangeKind.CLOSE, hub=personas.tofte)], name=f"S{n}")
        for n in range(4)
    ]
    client.force_login(personas.management)
    three = "&".join(f"scenario={s.pk}" for s in made[:3])
    page = client.get(f"{PAGE}sammenlign/?{three}", HTTP_ACCEPT_LANGUAGE="nb")
    assert page.status_code == 200
    text = page.content.decode()
    assert all(f">S{n}</a>" in text for n in range(3))
    four = "&".join(f"scenario={s.pk}" for s in made)
    refused = client.get(f"{PAGE}sammenlign/?{four}", HTTP_ACCEPT_LANGUAGE="nb")
    assert refused.status_code == 422
    text = refused.content.decode()
    assert (
        "Velg høyst tre scenarioer å sammenligne (du valgte 4)." in text
        or "Choose at most three scenarios to compare (you chose 4)." in text
    )
    assert client.get(f"{PAGE}sammenlign/?scenario=x").status_code == 422


def test_a_leader_compares_and_exports_only_their_own_scenarios(client, personas):
    other = _scenario(personas, [ChangeSpec(kind=ChangeKind.CLOSE, hub=personas.tofte)])
    client.force_login(personas.leader)
    assert client.get(f"{PAGE}sammenlign/?scenario={other.pk}").status_code == 422
    assert client.get(f"{PAGE}{other.pk}/notat.pdf").status_code == 404
    assert client.get(f"{PAGE}{other.pk}/notat.xlsx").status_code == 404
    client.force_login(personas.desk_tofte)
    assert client.get(f"{PAGE}sammenlign/").status_code == 403
    assert client.get(f"{PAGE}{other.pk}/notat.pdf").status_code == 403


def test_the_memo_tables_hold_every_section(personas):
    scenario = _scenario(
        personas, [ChangeSpec(kind=ChangeKind.CLOSE, hub=personas.tofte)], cost=Decimal(500)
    )
    with translation.override("en"):
        titles = [t.title for t in memo.tables(selectors.report(scenario))]
    for title in (
        "Key figures",
        "Key figures for Tofte",
        "Displaced per kind",
        "What residents said",
    ):
        assert title in titles
    assert "Staffed hours" in titles


def test_the_demo_scenarios_carry_a_cost_so_the_saving_shows(personas):
    from torget.places.tests.factories import HubFactory
    from torget.scenarios import demo

    HubFactory.with_hours("Sætre")
    demo.load()
    demo.load()  # a second run changes nothing
    for name in (demo.CLOSE_TOFTE, demo.CUT_SAETRE):
        scenario = Scenario.objects.get(name=name)
        assert scenario.cost_per_staffed_hour == demo.COST_PER_STAFFED_HOUR
        assert selectors.report(scenario).hours.yearly_saving > 0


@pytest.mark.parametrize("staffed, self_service", [(2, 7), (6, 3), (0, 0)])
def test_the_hours_after_keep_the_days_the_displaced_activity_keeps(
    personas, staffed, self_service
):
    """One rule for changed hours: the staffed-hours section keeps exactly the days and
    times the displaced activity keeps (scope.HoursScope), counted day by day for the year."""
    from torget.scenarios.scope import HoursScope

    cut = _scenario(
        personas,
        [
            ChangeSpec(
                kind=ChangeKind.HOURS,
                hub=personas.holmen,
                staffed_days=staffed,
                self_service_days=self_service,
            )
        ],
    )
    (holmen,) = selectors.report(cut).hours.hubs
    kept = HoursScope.of(cut.changes.get(), cut.starts).hub_after
    for kind in (STAFFED, SELF_SERVICE):
        week = kept[kind]
        assert holmen.days_after[kind] == len(week)
        assert holmen.week_after[kind] == pytest.approx(
            sum(hi - lo for windows in week.values() for lo, hi in windows) / 60
        )
    # Staffed weekdays 09–15 today; a sixth day is Saturday with the same window.
    year = _brute_force_year(cut.starts, 9, 15, range(staffed))
    assert holmen.year_after[STAFFED] == pytest.approx(year)
