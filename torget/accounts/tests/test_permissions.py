"""Who may manage which hub: the predicates every service calls."""

from torget.accounts.permissions import (
    can_lead_hub,
    can_manage_hub,
    can_use_back_office,
    can_view_reports,
    is_management,
)


def test_desk_staff_manage_only_their_own_hub(personas):
    p = personas
    assert can_manage_hub(p.desk_holmen, p.holmen)
    assert not can_manage_hub(p.desk_holmen, p.tofte)
    assert can_manage_hub(p.desk_tofte, p.tofte)
    assert not can_manage_hub(p.desk_tofte, p.holmen)


def test_leader_leads_holmen_only_and_desk_staff_do_not_lead(personas):
    p = personas
    assert can_lead_hub(p.leader, p.holmen) and not can_lead_hub(p.leader, p.tofte)
    assert not can_lead_hub(p.desk_holmen, p.holmen)


def test_residents_and_organisations_manage_nothing(personas):
    p = personas
    for user in (p.resident, p.org_contact, p.case_officer):
        assert not can_manage_hub(user, p.holmen)
        assert not can_use_back_office(user)
        assert not can_view_reports(user, p.holmen)


def test_reports_management_all_hubs_staff_their_own(personas):
    p = personas
    assert is_management(p.management)
    assert can_view_reports(p.management, None)
    assert can_view_reports(p.desk_holmen, p.holmen)
    assert not can_view_reports(p.desk_holmen, p.tofte)
    assert not can_view_reports(p.desk_holmen, None)


def test_administrator_may_do_everything(personas):
    p = personas
    assert can_manage_hub(p.admin, p.tofte) and can_lead_hub(p.admin, p.holmen)
    assert can_view_reports(p.admin, None) and can_use_back_office(p.admin)


def test_inactive_administrator_may_do_nothing(personas):
    p = personas
    p.admin.is_active = False
    assert not can_manage_hub(p.admin, p.holmen)


def test_anonymous_may_do_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    assert not can_manage_hub(AnonymousUser(), personas.holmen)
    assert not can_view_reports(AnonymousUser(), None)
