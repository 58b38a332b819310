"""`manage.py demo_accounts`: the demo's accounts, each one's e-mail address, what it may
do and how it signs in; the shared password, and where the messages the demo "sends" are.

Back-office accounts sign in with the password; the others (a resident, an organisation's
contact person, a case officer) with a link by e-mail, which the demo shows on its
messages page (/demo/meldinger/) and prints in the server's terminal.
"""

from django.core.management.base import BaseCommand
from django.urls import reverse

from torget.accounts.models import User
from torget.core.siteurl import site_url
from torget.site.demo import ACCOUNTS, DEMO_PASSWORD, demo_email

PASSWORD = "password"  # noqa: S105 (the word shown, not a password)
LINK = "e-mail link"


class Command(BaseCommand):
    help = "Print the demo accounts, their e-mail addresses, roles and how each signs in."

    def handle(self, *args, **options) -> None:
        site = site_url()
        existing = set(
            User.objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        rows = [
            (
                account.username,
                demo_email(account.username),
                PASSWORD if account.back_office else LINK,
                account.description
                + (
                    "" if account.username in existing else "  (missing: run `manage.py load_demo`)"
                ),
            )
            for account in ACCOUNTS
        ]
        header = ("username", "e-mail", "signs in with", "role")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        out = self.stdout
        out.write("Demo accounts (invented people):")
        for row in [header, *rows]:
            out.write(
                "  "
                + "  ".join(f"{v:<{w}}" for v, w in zip(row[:3], widths, strict=True))
                + "  "
                + row[3]
            )
        out.write("")
        out.write(f"With the {PASSWORD}: the username and {DEMO_PASSWORD}, in the back office at")
        out.write(f"  {site}{reverse('admin:login')}")
        out.write(f"With an {LINK}: type the e-mail address at {site}{reverse('accounts:login')}")
        out.write("  The demo sends no e-mail: the link is on the demo's messages page,")
        out.write(f"  {site}{reverse('demo:outbox')} (and in the server's terminal).")
        out.write(f"  The case officer lands on Min arbeidsdag, {site}{reverse('workday:today')}")
