"""`manage.py demo_accounts`: the demo's accounts, what each may do, the shared password
and where the back office is."""

import os

from django.core.management.base import BaseCommand

from torget.accounts.models import User
from torget.site.demo import ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts, their roles and the shared demo password."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, **options) -> None:
        existing = set(
            User.objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        width = max(len(a.username) for a in ACCOUNTS)
        out = self.stdout
        out.write("Demo accounts (invented people, one shared password):")
        out.write(f"  {'username':<{width}}  {'back office':<11}  role")
        for account in ACCOUNTS:
            back_office = "yes" if account.back_office else "no"
            missing = (
                "" if account.username in existing else "  (missing: run `manage.py load_demo`)"
            )
            out.write(
                f"  {account.username:<{width}}  {back_office:<11}  {account.description}{missing}"
            )
        out.write(f"Password for all of them: {DEMO_PASSWORD}")
        out.write(f"Back office: http://{options['host']}:{options['port']}/staff/")
