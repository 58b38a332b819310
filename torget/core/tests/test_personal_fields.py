"""Every field of Torget's models that looks personal (a name, an e-mail address, a phone
number, an address, a birth date, free text a person wrote) is in the personal-data
registry (torget.core.personal_data), so the purge, the export and the erasure reach it,
or it is on the list below with the reason it is not a person's data. A new model with
`phone` and no registration fails here."""

import re

from django.apps import apps
from django.db import models

from torget.core.personal_data import kinds

# Names that say "a person": name, e-mail, phone, address, birth date, contact, a holder,
# and the usual names of free text (notes, what it is about, messages, reasons). Every
# TextField is free text too.
LOOKS_PERSONAL = re.compile(
    r"(^|_)(name|username|e?mail|phone|mobile|address|birth\w*|born|contact|holder|"
    r"responsible_adult|note|notes|about|comment|message|reason|text|body|postcode)$"
)

# model.field: why it is not a person's data (or is covered otherwise).
NOT_PERSONAL = {
    "core.ChangeStamp.name": "the name of a cached list, not of a person",
    "accounts.User.feed_secret": "covered as the account: erased with it",
    "accounts.Organisation.name": "an organisation's public name",
    "accounts.Organisation.email": "an organisation's public address, given for it",
    "accounts.Organisation.phone": "an organisation's public number, given for it",
    "accounts.Organisation.description": "what an organisation does, published by it",
    "accounts.ApiToken.name": "a label staff give an integration's token",
    "places.Hub.name": "a hub's public name",
    "places.Hub.address": "a hub's street address",
    "places.Hub.phone": "a hub's public number",
    "places.Hub.email": "a hub's public address",
    "places.Hub.description": "public text about a hub, written by staff",
    "places.Hub.directions": "public text about a hub, written by staff",
    "places.Hub.entrance_accessibility": "public text about a hub, written by staff",
    "places.Module.note": "a note on a hub's module, written by staff about the building",
    "places.Space.name": "a room's name",
    "places.Space.description": "public text about a room, written by staff",
    "places.Space.accessibility_notes": "public text about a room, written by staff",
    "places.Resource.name": "equipment's or an officer's resource's name",
    "places.Resource.description": "public text about equipment, written by staff",
    "places.OpeningException.reason": "why a hub is closed on a day, public",
    "places.Notice.text": "a public notice, written by staff",
    "booking.BookingPolicy.house_rules": "a room's public house rules",
    "booking.BlockedPeriod.reason": "why a room is closed (works, an event), written by staff",
    "booking.Booking.responsible_adult": "covered by booking.details' erasure through its "
    "bookings (blanked with the title); not kept past the booking's period",
    "desk.InquiryTopic.label_nb": "a topic's name",
    "desk.InquiryTopic.label_en": "a topic's name",
    "appointments.Service.name": "a municipal service's name",
    "appointments.Service.description": "public text about a service",
    "appointments.Officer.name": "the working title an officer is shown under, managed "
    "by staff (a staff member's role, not a resident's data)",
    "notifications.Message.last_error": "the mail server's answer, without the message",
    "seasons.Round.name": "an allocation round's name",
    "seasons.Round.applicant_text": "text to applicants, written by staff",
    "seasons.Application.description": "an organisation's application: its activity",
    "seasons.Allocation.staff_reason": "why staff allocated a room to an organisation",
    "seasons.AllocationChange.reason": "why staff changed an organisation's allocation",
    "consultations.Consultation.purpose": "a consultation's public text",
    "consultations.Consultation.use_of_input": "a consultation's public text",
    "consultations.Consultation.consent_text": "a consultation's public text",
    "consultations.Consultation.summary_text": "the published summary, written by staff",
    "consultations.Question.text": "a question's text",
    "consultations.Question.help_text": "a question's help text",
    "consultations.Answer.text": "answers are anonymous by design (the name and contact "
    "are apart, in Identity); moderation removes what names someone",
    "consultations.Answer.moderated_text": "the moderated answer, anonymous",
    "consultations.ModerationLogEntry.reason": "why a moderator acted, written by staff",
    "consultations.Code.keywords": "words for coding answers, written by staff",
    "consultations.Coding.reason": "why a code was suggested for an anonymous answer",
    "events.Event.description": "an event's public description",
    "events.Event.accessibility": "an event's public accessibility note",
    "events.Event.rejection_reason": "why staff turned down an organiser's event",
    "events.RegistrantMessage.text": "a message staff send to an event's registrants, "
    "about the event; its copies to each person are the outbox's (registered)",
    "access.HubAccessPolicy.agreement_text_nb": "a hub's meråpent agreement, written by staff",
    "access.HubAccessPolicy.agreement_text_en": "a hub's meråpent agreement, written by staff",
    "scenarios.Scenario.name": "a planning scenario's name, written by management",
    "scenarios.Scenario.assumptions": "a planning scenario's assumptions, written by management",
}


def _looks_personal(field: models.Field) -> bool:
    return bool(LOOKS_PERSONAL.search(field.name)) or isinstance(field, models.TextField)


def _torget_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("torget."):
            continue
        for field in model._meta.get_fields():
            if field.concrete and not field.is_relation and _looks_personal(field):
                yield f"{model._meta.label}.{field.name}"


def test_the_walk_sees_the_models():
    found = set(_torget_fields())
    assert "accounts.User.email" in found and "desk.CallbackRequest.phone" in found


def test_every_field_that_looks_personal_is_registered_or_explained():
    registered = {f"{kind.model}.{field}" for kind in kinds() for field in kind.fields}
    missing = sorted(set(_torget_fields()) - registered - set(NOT_PERSONAL))
    assert missing == [], (
        "These fields look personal: register them in the app's personal_data.py, or add "
        "them to NOT_PERSONAL with the reason they are not a person's data."
    )


def test_the_allow_list_names_real_fields_not_registered_ones():
    registered = {f"{kind.model}.{field}" for kind in kinds() for field in kind.fields}
    for entry, reason in NOT_PERSONAL.items():
        label, field = entry.rsplit(".", 1)
        apps.get_model(label)._meta.get_field(field)  # raises for a field that is gone
        assert entry not in registered, entry
        assert reason.strip()
