"""Staff pages for agreements (scoped to the user's hubs), the police certificate form, the
swap of a shift, the agreement document and the organisation's public page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.notifications.models import Message
from torget.volunteering import services
from torget.volunteering.models import AgreementStatus, CooperationAgreement, SignUp, Volunteer

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(personas, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "organisation": personas.organisation.pk,
        "hubs": [personas.holmen.pk],
        "starts": today.isoformat(),
        "ends": (today + timedelta(days=365)).isoformat(),
        "organisation_contact": personas.org_contact.pk,
        "storage": "Skap i lageret",
        "activities_per_season": "24",
        "activities_open_to_all": "on",
        "reports_attendance": "on",
        "hub_volunteering": "Sjakkverter på lørdager",
    }
    return data | changes


@pytest.fixture
def active(personas):
    leader = signed_in(personas.leader)
    leader.post("/ansatt/avtaler/ny/", _form(personas))
    agreement = CooperationAgreement.objects.get()
    leader.post(
        f"/ansatt/avtaler/{agreement.pk}/",
        {"action": "activate", "signed_on": timezone.localdate().isoformat()},
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    return agreement


def test_a_leader_makes_activates_and_sees_the_report(personas, active):
    page = signed_in(personas.leader).get(f"/ansatt/avtaler/{active.pk}/").content.decode()
    assert "<caption>" in page and "Skap i lageret" in page
    assert active.hubs.get() == personas.holmen
    listed = signed_in(personas.desk_holmen).get("/ansatt/avtaler/").content.decode()
    assert personas.organisation.name in listed


def test_an_agreement_that_ends_before_it_starts_is_refused_on_the_page(personas):
    today = timezone.localdate()
    response = signed_in(personas.leader).post(
        "/ansatt/avtaler/ny/", _form(personas, ends=(today - timedelta(days=1)).isoformat())
    )
    assert response.status_code == 422
    assert _("The agreement ends before it starts.") in response.content.decode()
    assert not CooperationAgreement.objects.exists()


def test_an_overlap_with_an_active_agreement_is_refused_on_the_page(personas, active):
    response = signed_in(personas.leader).post("/ansatt/avtaler/ny/", _form(personas))
    assert response.status_code == 422
    assert personas.organisation.name in response.content.decode()
    assert CooperationAgreement.objects.count() == 1


def test_desk_staff_of_another_hub_see_nothing(personas, active):
    tofte = signed_in(personas.desk_tofte)
    assert personas.organisation.name not in tofte.get("/ansatt/avtaler/").content.decode()
    for url in ("", "endre/", "skann/", "avtale.pdf"):
        assert tofte.get(f"/ansatt/avtaler/{active.pk}/{url}").status_code == 404, url
    assert signed_in(personas.resident).get("/ansatt/avtaler/").status_code == 403


def test_desk_staff_cannot_change_an_agreement(personas, active):
    response = signed_in(personas.desk_holmen).post(
        f"/ansatt/avtaler/{active.pk}/endre/", _form(personas, storage="Hele lageret")
    )
    assert response.status_code == 422
    active.refresh_from_db()
    assert active.storage == "Skap i lageret"


def test_the_scan_is_private_to_the_hubs_staff(personas, active, tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    field = CooperationAgreement._meta.get_field("scan")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path))
    leader = signed_in(personas.leader)
    bad = SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/pdf")
    response = leader.post(f"/ansatt/avtaler/{active.pk}/", {"action": "scan", "scan": bad})
    assert response.status_code == 422
    assert _("The scan must be a PDF, JPEG or PNG file.") in response.content.decode()
    scan = SimpleUploadedFile("avtale.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    leader.post(f"/ansatt/avtaler/{active.pk}/", {"action": "scan", "scan": scan})
    active.refresh_from_db()
    assert active.scan
    got = signed_in(personas.desk_holmen).get(f"/ansatt/avtaler/{active.pk}/skann/")
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"%PDF-1.4 signed"
    assert "private" in got["Cache-Control"]
    assert Client().get(f"/ansatt/avtaler/{active.pk}/skann/").status_code == 302


def test_the_agreement_document_is_a_pdf(personas, active):
    response = signed_in(personas.desk_holmen).get(f"/ansatt/avtaler/{active.pk}/avtale.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_organisations_page_shows_its_active_agreements_public_parts(personas, active):
    page = Client().get(f"/organisasjoner/{personas.organisation.pk}/").content.decode()
    assert personas.holmen.name in page
    assert "Sjakkverter på lørdager" in page
    assert "Skap i lageret" not in page  # storage is between the parties
    assert Client().get("/organisasjoner/999999/").status_code == 404


def test_the_organisations_page_lists_each_coming_activity_once(personas, active):
    from datetime import time

    from torget.core.timeutil import make_local
    from torget.events import services as events
    from torget.places.tests.factories import SpaceFactory

    room = SpaceFactory(hub=personas.holmen, name="Møterom Nesøya")
    tuesday = timezone.localdate() + timedelta(days=(1 - timezone.localdate().weekday()) % 7 or 7)
    details = events.EventDetails(
        title="Klubbkveld i sjakk",
        category="meeting_place",
        organiser_type="voluntary",
        description="Parti og analyse.",
        organisation=personas.organisation,
    )
    events.event_create(
        actor=personas.desk_holmen,
        details=details,
        space=room,
        start=make_local(tuesday, time(18)),
        end=make_local(tuesday, time(20)),
        until=tuesday + timedelta(weeks=3),
    )
    page = Client().get(f"/organisasjoner/{personas.organisation.pk}/").content.decode()
    assert page.count("Klubbkveld i sjakk") == 1  # a weekly activity once, at its next date
    assert "18:00–20:00 · Holmen" in page and "Tirsdag " in page


def test_staff_record_a_police_certificate_seen(personas, centre):
    client = signed_in(personas.desk_holmen)
    today = timezone.localdate().isoformat()
    client.post(
        "/ansatt/frivillige/politiattest/",
        {"hub": "holmen", "police-who": "ingrid@example.no", "police-seen_on": today},
    )
    volunteer = Volunteer.objects.get(pk=centre.volunteer.pk)
    assert volunteer.police_certificate_seen_on == timezone.localdate()
    assert volunteer.police_certificate_seen_by == personas.desk_holmen
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    client.post(
        "/ansatt/frivillige/politiattest/",
        {"hub": "holmen", "police-who": "ingrid@example.no", "police-seen_on": future},
    )
    volunteer.refresh_from_db()
    assert volunteer.police_certificate_seen_on == timezone.localdate()


def test_a_volunteer_gives_their_shift_to_another(personas, centre, make_volunteer):
    signup = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    make_volunteer("kari")
    client = signed_in(personas.resident)
    client.post(f"/frivillig/mine/gi-bort/{signup.pk}/", {"to": "kari@example.no"})
    mine = SignUp.objects.filter(shift_date=signup.shift_date, status="confirmed")
    assert [s.volunteer.user.username for s in mine] == ["kari"]
    assert Message.objects.filter(template="volunteering.swapped").count() >= 1
    # Nobody by that address: nothing changes.
    again = SignUp.objects.get(volunteer__user__username="kari")
    assert (
        signed_in(personas.resident)
        .post(f"/frivillig/mine/gi-bort/{again.pk}/", {"to": "x@example.no"})
        .status_code
        == 302
    )
    assert SignUp.objects.get(pk=again.pk).status == "confirmed"


def test_a_shift_cannot_go_to_someone_too_young(personas, centre, make_volunteer):
    from datetime import date

    signup = services.signup_create(
        actor=personas.resident, shift_id=centre.tuesday.pk, day=centre.day
    )
    make_volunteer("ung", birth=date.today().replace(year=date.today().year - 14))
    signed_in(personas.resident).post(
        f"/frivillig/mine/gi-bort/{signup.pk}/", {"to": "ung@example.no"}
    )
    assert SignUp.objects.get(pk=signup.pk).status == "confirmed"
    assert SignUp.objects.count() == 1


def test_renewal_reminders_are_sent_once_before_the_end(personas, active):
    from torget.core.jobs import schedules
    from torget.volunteering.services.agreements import (
        RENEWAL,
        RENEWAL_NOTICE_DAYS,
        renewal_reminders_send,
    )

    personas.holmen.email = "holmen@example.no"
    personas.holmen.save()
    personas.org_contact.email = "sjakk@example.no"
    personas.org_contact.save()
    far = active.ends - timedelta(days=RENEWAL_NOTICE_DAYS + 1)
    renewal_reminders_send(today=far)
    assert not Message.objects.filter(template=RENEWAL).exists()
    near = active.ends - timedelta(days=30)
    renewal_reminders_send(today=near)
    renewal_reminders_send(today=near + timedelta(days=1))
    sent = Message.objects.filter(template=RENEWAL)
    assert sorted(sent.values_list("to", flat=True)) == ["holmen@example.no", "sjakk@example.no"]
    assert "volunteering.renewals" in {s.key for s in schedules()}


def test_the_hub_page_links_to_volunteering_and_proposals(personas):
    page = Client().get(f"/torg/{personas.holmen.slug}/")
    if page.status_code == 404:  # the hub page's address
        from django.urls import reverse

        page = Client().get(reverse("places:hub", kwargs={"slug": personas.holmen.slug}))
    html = page.content.decode()
    assert "/frivillig/holmen/" in html and "/frivillig/holmen/foresla/" in html
