"""Signing in residents and organisation contacts, without passwords.

`SignInMethod` is what every way of signing in offers the pages: check what the person
brings back (a token from an e-mail today; an ID-porten answer later) and name the user.
`sign_in` then starts the session the same way for every method.

The e-mail link: the person types an address; we queue a message (through the outbox)
with a link whose token is signed with a `TimestampSigner`. The signature's salt holds
the user's `last_login`, e-mail and password hash, so a link stops working once it has
been used (signing in moves `last_login`), and after 15 minutes. Opening the link only
shows a "Sign in" button: mail scanners open links, so only the POST signs in.
"""

from __future__ import annotations

import hashlib
import logging
from abc import ABC, abstractmethod
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.accounts.models import User
from torget.accounts.permissions import can_use_back_office
from torget.core.errors import DomainError
from torget.core.ratelimit import hit, rate_limited
from torget.notifications.models import Channel, Message
from torget.notifications.services import message_queue

logger = logging.getLogger(__name__)

SESSION_METHOD = "torget_signin_method"
BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInFailed(DomainError):
    code = "signin.invalid"
    status = 404
    default_message = gettext_lazy(
        "This sign-in link does not work. It may have been used already, or be incomplete. "
        "Ask for a new link."
    )


class SignInExpired(SignInFailed):
    code = "signin.expired"
    default_message = gettext_lazy(
        "This sign-in link has expired: a link works for 15 minutes. Ask for a new link."
    )


class SignInMethod(ABC):
    """One way of signing in. ID-porten fills this in later with its own `user_for`
    (checking the OpenID Connect answer) and its own pages for the way there."""

    code: str = ""

    @abstractmethod
    def user_for(self, token: str) -> User:
        """The user this credential proves, or SignInFailed (SignInExpired when too old)."""


def sign_in(request: HttpRequest, user: User, method: SignInMethod) -> None:
    """Start a session for the user (a new session key) and note the method used."""
    login(request, user, backend=BACKEND)
    request.session[SESSION_METHOD] = method.code


def _normalised(email: str) -> str:
    return email.strip().lower()


def _free_username(email: str) -> str:
    base = email[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def user_for_email(email: str) -> User | None:
    """The active user with this address; None when the address belongs to someone who may
    not sign in (an inactive account). Creates a resident when the address is new."""
    email = _normalised(email)
    users = list(User.objects.filter(email__iexact=email).order_by("pk")[:10])
    if users:
        # Several accounts may share an address; the one named after it wins, then the oldest.
        users.sort(key=lambda u: (u.username.lower() != email, u.pk))
        active = [u for u in users if u.is_active]
        return active[0] if active else None
    user = User(username=_free_username(email), email=email)
    user.set_unusable_password()
    user.save()
    return user


class EmailLink(SignInMethod):
    code = "email_link"
    max_age = 15 * 60  # seconds
    salt = "torget.accounts.email-link"

    def _signer(self, user: User) -> signing.TimestampSigner:
        # What the link is bound to: using it moves last_login, so it works once.
        last_login = user.last_login.isoformat() if user.last_login else ""
        state = f"{last_login}|{user.email.lower()}|{user.password}"
        return signing.TimestampSigner(salt=f"{self.salt}|{state}", sep=".")

    def make_token(self, user: User) -> str:
        """`<user id>.<timestamp>.<signature>`: URL-safe, no personal data in it."""
        return self._signer(user).sign(str(user.pk))

    def user_for(self, token: str) -> User:
        head = token.split(".", 1)[0]
        valid = head.isdigit() and len(head) <= 18
        user = User.objects.filter(pk=int(head)).first() if valid else None
        if user is None or not user.is_active:
            raise SignInFailed()
        try:
            value = self._signer(user).unsign(token, max_age=self.max_age)
        except signing.SignatureExpired as exc:
            raise SignInExpired() from exc
        except signing.BadSignature as exc:
            raise SignInFailed() from exc
        if value != str(user.pk) or can_use_back_office(user):
            raise SignInFailed()
        return user

    def link_request(self, *, email: str, site_url: str, next_url: str = "") -> Message | None:
        """Queue the sign-in e-mail for this address (creating the resident if new).

        Staff accounts sign in with their password in the back office: they get a message
        that says so instead of a link, so a mailbox alone never opens the back office.
        """
        with transaction.atomic():
            user = user_for_email(email)
            if user is None:
                logger.info("No sign-in link: the account for this address is inactive")
                return None
            language = user.preferred_language or settings.LANGUAGE_CODE
            site = site_url.rstrip("/")
            with translation.override(language):
                if can_use_back_office(user):
                    return self._queue_staff_notice(user, site)
                token = self.make_token(user)
                link = site + reverse("accounts:login-link", kwargs={"token": token})
                if next_url:
                    link += "?" + urlencode({"next": next_url})
                body = render_to_string(
                    "notifications/signin_link.txt",
                    {
                        "link": link,
                        "minutes": self.max_age // 60,
                        "municipality": settings.TORGET_MUNICIPALITY,
                    },
                )
                return message_queue(
                    channel=Channel.EMAIL,
                    to=user.email,
                    subject=_("Your sign-in link"),
                    body=body,
                    # One message per link: the token's digest tells one request from the next.
                    key=f"signin:{user.pk}:{hashlib.sha256(token.encode()).hexdigest()[:16]}",
                    template="signin.link",
                    sensitive=True,
                )

    def _queue_staff_notice(self, user: User, site: str) -> Message:
        body = render_to_string(
            "notifications/signin_staff.txt",
            {"link": site + reverse("admin:login"), "municipality": settings.TORGET_MUNICIPALITY},
        )
        stamp = signing.TimestampSigner().timestamp()
        return message_queue(
            channel=Channel.EMAIL,
            to=user.email,
            subject=_("Sign in to the back office"),
            body=body,
            key=f"signin:{user.pk}:staff:{stamp}",
            template="signin.staff",
        )


email_link = EmailLink()


# Requests for a link: per address and per client, counted in the database (core.ratelimit).
RATE_PER_EMAIL = 5
RATE_PER_CLIENT = 30
RATE_WINDOW = 10 * 60  # seconds


def link_rate_limited(email: str, request: HttpRequest) -> bool:
    """Count one request; True when the address or the client has asked too often."""
    digest = hashlib.sha256(_normalised(email).encode()).hexdigest()[:32]
    by_email = hit(f"torget:rate:signin:email:{digest}", window=RATE_WINDOW)
    by_client = rate_limited(request, "signin:client", RATE_PER_CLIENT, RATE_WINDOW)
    return by_email > RATE_PER_EMAIL or by_client
