"""`insert_row` writes what `save()` would, for the models that use it on the hot path."""

from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models.signals import post_save, pre_save

from torget.booking.models import Booking, Occupancy
from torget.core.db import _insert_statement, insert_row
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


SAMPLES = [
    None,
    "tekst",
    "",
    0,
    7,
    True,
    False,
    date(2026, 12, 3),
    datetime(2026, 12, 3, 10, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 2, 30),  # naive: the field warns and makes it local, as save() does
]


def _every_field():
    for model in apps.get_models():
        meta = model._meta
        for field in meta.concrete_fields:
            if field is not meta.auto_field:
                yield pytest.param(model, field, id=f"{model.__name__}.{field.name}")


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize(("model", "field"), list(_every_field()))
def test_each_field_is_written_as_save_would_write_it(db, model, field):
    """The inserts read plain values past the field (a str for a CharField, an aware
    datetime on PostgreSQL): for every field of every model, that is what the field would
    have made of it."""
    reader = _insert_statement(model).readers[_insert_statement(model).fields.index(field)]
    for value in SAMPLES:
        obj = model()
        setattr(obj, field.attname, value)
        try:
            expected = field.get_db_prep_save(field.pre_save(obj, True), connection)
        except (TypeError, ValueError, ValidationError, AttributeError):
            continue  # a value this field refuses: not one the readers pass through
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue  # the time of the call: both set it, seconds apart
        # A JSON value comes wrapped for the driver (psycopg's Jsonb): compare what it holds.
        got = reader(obj, connection)
        assert getattr(got, "obj", got) == getattr(expected, "obj", expected), (value, got)
        # The same type too: on PostgreSQL it picks the parameter's type (Int4, Jsonb …).
        assert type(got) is type(expected), (value, got, expected)
