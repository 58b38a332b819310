"""Sending SMS: an adapter interface, and a console fake until a provider is chosen."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("torget.sms")

DEFAULT_SMS_SENDER = "torget.notifications.sms.ConsoleSmsSender"


class SmsSender(Protocol):
    """Sends one text message; raises on failure (the outbox then tries again later)."""

    def send(self, *, to: str, body: str) -> None: ...


class ConsoleSmsSender:
    """Writes the SMS to the log instead of sending it (development, the demo, tests)."""

    def send(self, *, to: str, body: str) -> None:
        logger.info("SMS to %s:\n%s", to, body)


def sms_sender() -> SmsSender:
    """The configured sender (settings.TORGET_SMS_SENDER, a dotted path to a class)."""
    path = getattr(settings, "TORGET_SMS_SENDER", "") or DEFAULT_SMS_SENDER
    return import_string(path)()
