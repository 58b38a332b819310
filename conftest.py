"""Personas used everywhere: who may read and change what is tested with these."""

import os
from types import SimpleNamespace

import pytest
from django.conf import settings

from torget.accounts.models import OrganisationKind, RoleKind


def pytest_configure(config):
    # Tests render templates without collectstatic; the manifest storage would refuse.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)  # whitenoise warns when it is missing
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests
    # Jobs (torget.core.jobs) run at commit in the test's own thread, not in a worker; the
    # worker's own tests switch to the database queue (override_settings(TASKS=...)).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.core.signals import setting_changed

    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    # As in production, the site's address is set (the reminder commands refuse to run
    # without it); the development server's, unless the environment names one.
    settings.TORGET_SITE_URL = settings.TORGET_SITE_URL or "http://127.0.0.1:8000"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in bokmål: a request handled in English must not leak into the next
    test through the thread's active language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def holmen(db):
    from torget.places.tests.factories import HubFactory

    return HubFactory.with_hours("Holmen")


@pytest.fixture
def tofte(db):
    from torget.places.tests.factories import HubFactory

    return HubFactory.with_hours("Tofte")


@pytest.fixture
def personas(db, holmen, tofte):
    """resident, org_contact, desk_holmen, desk_tofte, leader (Holmen), management,
    case_officer, admin — the same names as the demo accounts where they exist."""
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory

    resident = UserFactory(username="innbygger")
    org_contact = UserFactory(username="org-sjakk")
    chess = OrganisationFactory.with_contact(org_contact, name="Asker sjakklubb (oppdiktet)")
    building = OrganisationFactory(name="Byggesak", kind=OrganisationKind.MUNICIPAL)
    return SimpleNamespace(
        resident=resident,
        org_contact=org_contact,
        organisation=chess,
        desk_holmen=UserFactory.with_role("desk-holmen", RoleKind.DESK_STAFF, hub=holmen),
        desk_tofte=UserFactory.with_role("desk-tofte", RoleKind.DESK_STAFF, hub=tofte),
        leader=UserFactory.with_role("leder", RoleKind.HUB_LEADER, hub=holmen),
        management=UserFactory.with_role("ledelse", RoleKind.MANAGEMENT),
        case_officer=UserFactory.with_role(
            "saksbehandler", RoleKind.CASE_OFFICER, service=building
        ),
        admin=UserFactory(username="admin", is_staff=True, is_superuser=True),
        holmen=holmen,
        tofte=tofte,
    )
