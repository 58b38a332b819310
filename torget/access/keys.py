"""Keyed hashes of cards and codes, and the codes derived from bookings.

One key (`TORGET_ACCESS_KEY`, or derived from SECRET_KEY) with two uses kept apart: the
fingerprint that finds a card or code without holding it in clear, and the derivation of
a booking's code from the booking and its version.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

CODE_DIGITS = 7


def _key(purpose: str) -> bytes:
    base = (settings.TORGET_ACCESS_KEY or settings.SECRET_KEY).encode()
    return hmac.new(base, f"torget.access.{purpose}".encode(), hashlib.sha256).digest()


def normalised(credential: str) -> str:
    """What a person typed or a reader sent, without spaces and dashes ("12 34-56")."""
    return re.sub(r"[\s-]", "", credential or "").upper()


def fingerprint(credential: str) -> str:
    """The keyed hash a card or a code is stored and found by."""
    value = normalised(credential)
    return hmac.new(_key("fingerprint"), value.encode(), hashlib.sha256).hexdigest()


def derived_code(kind: str, pk: int, version: str, salt: int = 0) -> str:
    """A booking's (or series') door code: CODE_DIGITS digits from its id and version."""
    message = f"{kind}:{pk}:{version}:{salt}".encode()
    digest = hmac.new(_key("code"), message, hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**CODE_DIGITS).zfill(CODE_DIGITS)
