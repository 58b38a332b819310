"""`select_rows` reads what the ORM would read, on both databases."""

from datetime import UTC, datetime

from torget.accounts.models import Organisation, Role, RoleKind, User
from torget.core.db import select_rows


def test_rows_come_back_as_the_orm_reads_them(db, holmen):
    joined = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    user = User.objects.create(username="kari", email="kari@example.no", date_joined=joined)
    Role.objects.create(user=user, kind=RoleKind.DESK_STAFF, hub=holmen)
    Role.objects.create(user=user, kind=RoleKind.MANAGEMENT)

    [read] = select_rows(User, '"id" = %s', [user.pk])
    orm = User.objects.get(pk=user.pk)
    assert read == orm
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(orm, field.attname), field.name
    # An aware instant, not SQLite's text.
    assert read.date_joined == joined and read.date_joined.tzinfo is not None
    assert not read._state.adding

    roles = select_rows(Role, '"user_id" = %s', [user.pk])
    assert sorted((r.kind, r.hub_id) for r in roles) == sorted(
        [(RoleKind.DESK_STAFF, holmen.pk), (RoleKind.MANAGEMENT, None)]
    )
    assert select_rows(Organisation, '"id" = %s', [10**6]) == []
