from datetime import datetime
from unittest import mock

import pytest

from torget.core.timeutil import OSLO

# Tuesday 24 November 2026, 10:00 in Oslo.
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def saetre(db):
    from torget.places.tests.factories import HubFactory

    return HubFactory.with_hours("Sætre")


@pytest.fixture(autouse=True)
def _default_topics(db):
    """A transactional test (here or in another app) flushes the tables, the data
    migration's topics with them: put them back for every desk test. (`db` follows the
    test's own `django_db(transaction=...)` marker.)"""
    from torget.desk.services import default_topics_ensure

    default_topics_ensure()
