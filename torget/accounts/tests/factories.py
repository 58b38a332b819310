import factory

from torget.accounts.models import (
    Organisation,
    OrganisationContact,
    OrganisationKind,
    Role,
    RoleKind,
    User,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = "Kari"
    last_name = "Nordmann"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.django.Password("demo-passord-123")

    @classmethod
    def with_role(cls, username: str, kind: str, *, hub=None, service=None, **kwargs) -> User:
        kwargs.setdefault("is_staff", kind != RoleKind.CASE_OFFICER)
        user = cls(username=username, **kwargs)
        Role.objects.create(user=user, kind=kind, hub=hub, service=service)
        return user


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Forening {n}")
    kind = OrganisationKind.VOLUNTARY

    @classmethod
    def with_contact(cls, user: User, **kwargs) -> Organisation:
        org = cls(**kwargs)
        OrganisationContact.objects.create(organisation=org, user=user, is_primary=True)
        return org
