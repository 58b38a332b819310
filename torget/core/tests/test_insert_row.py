"""`insert_row` writes what `save()` would, for the models that use it on the hot path."""

import pytest
from django.db import models
from django.db.models.signals import post_save, pre_save

from torget.booking.models import Booking, Occupancy
from torget.core.db import insert_row
from torget.ledger.models import LedgerEntry
from torget.notifications.models import Message, MessageStatus

HOT_PATH_MODELS = [Booking, Occupancy, LedgerEntry, Message]


@pytest.mark.parametrize("model", HOT_PATH_MODELS, ids=lambda m: m.__name__)
def test_the_models_it_writes_have_no_save_override_it_would_skip(model):
    assert model.save is models.Model.save, f"{model.__name__} overrides save()"


def test_receivers_hear_of_the_new_row_as_from_save(db):
    heard = []

    def before(sender, instance, **kwargs):
        heard.append(("pre", instance.pk))

    def after(sender, instance, created, **kwargs):
        heard.append(("post", instance.pk, created))

    pre_save.connect(before, sender=Message, dispatch_uid="test-before")
    post_save.connect(after, sender=Message, dispatch_uid="test-after")
    try:
        message = Message(channel="sms", to="+4799999999", body="Hei", key="k", template="t")
        insert_row(message)
    finally:
        pre_save.disconnect(sender=Message, dispatch_uid="test-before")
        post_save.disconnect(sender=Message, dispatch_uid="test-after")
    assert heard == [("pre", None), ("post", message.pk, True)]


def test_a_row_gets_its_defaults_and_creation_time_and_reads_back_equal(db):
    message = Message(channel="email", to="kari@example.no", subject="Hei", body="Tekst", key="k")
    message.template = "test"
    insert_row(message)
    assert message.pk is not None and not message._state.adding
    stored = Message.objects.get(pk=message.pk)
    assert stored.status == MessageStatus.QUEUED
    assert stored.created is not None and stored.created == message.created
    assert (stored.to, stored.subject, stored.body, stored.key) == (
        "kari@example.no",
        "Hei",
        "Tekst",
        "k",
    )
