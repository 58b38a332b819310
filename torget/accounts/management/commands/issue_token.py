"""`manage.py issue_token USERNAME [--name NAME]`: print a new API bearer token.

Only the token's hash is stored, so this is the one time it can be read. The token alone
goes to standard output (`TOKEN=$(manage.py issue_token kari)`); the rest to standard error.
"""

from django.core.management.base import BaseCommand, CommandError

from torget.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API bearer token for a user and print it (shown only once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'door system'.")

    def handle(self, *args, **options) -> None:
        username = options["username"]
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user with the username {username!r}.") from None
        if not user.is_active:
            raise CommandError(
                f"The user {username!r} is inactive; a token for them would not work."
            )
        token, raw = ApiToken.issue(user, name=options["name"][:100])
        self.stdout.write(raw)
        self.stderr.write(
            f"Issued token {token.prefix}… for {user.username}. Keep it now: it is not shown again. "
            "Send it as `Authorization: Bearer <token>`.",
            style_func=self.style.WARNING,
        )
