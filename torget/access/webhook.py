"""The HTTP webhook adapter for a real lock bridge, and the signature both directions use.

One shared secret per door system (`TORGET_ACCESS_BRIDGES`: the system's name, as in
`Door.system`, → its URL and secret). Every request, Torget → bridge and bridge → Torget,
carries four headers (docs/access.md, "The lock bridge"):

    X-Torget-System     the door system's name
    X-Torget-Event-Id   the event's id (1–64 of A–Z a–z 0–9 . _ : -)
    X-Torget-Timestamp  seconds since 1970 (UTC) when it was sent
    X-Torget-Signature  sha256=<hex HMAC-SHA256 of "<timestamp>.<event id>." + body>

Torget → bridge: grant, revoke and remote open, each one POST of JSON to the system's URL,
sent by a job (`torget.access.jobs`), so a bridge that is down makes the job fail and the
worker try it again with backoff; meanwhile Torget's own check answers as always. Grant
and revoke ids name their content (the same message, the same id), so a retry is the same
event and a bridge keeps each id once. Only opaque ids and time windows are sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from torget.access.adapters import EntryEvent, GrantPayload

logger = logging.getLogger(__name__)

SYSTEM_HEADER = "X-Torget-System"
EVENT_HEADER = "X-Torget-Event-Id"
TIMESTAMP_HEADER = "X-Torget-Timestamp"
SIGNATURE_HEADER = "X-Torget-Signature"
EVENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class BridgeUnavailable(RuntimeError):
    """The bridge did not take the message (down, timed out, or answered ≥ 300 but not
    409): the job fails and the worker tries again."""


def bridges() -> dict[str, dict[str, Any]]:
    return dict(getattr(settings, "TORGET_ACCESS_BRIDGES", {}) or {})


def secret_for(system: str) -> bytes | None:
    config = bridges().get(system)
    if not config or not config.get("secret"):
        return None
    return str(config["secret"]).encode()


def signature(secret: bytes, timestamp: str, event_id: str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `<timestamp>.<event id>.` followed by the body."""
    message = f"{timestamp}.{event_id}.".encode() + body
    return "sha256=" + hmac.new(secret, message, hashlib.sha256).hexdigest()


def signed_headers(
    system: str, secret: bytes, body: bytes, *, event_id: str | None = None, at: float | None = None
) -> dict[str, str]:
    """The four headers of a signed request (what a bridge sends too; the tests use it)."""
    event_id = event_id or uuid.uuid4().hex
    timestamp = str(int(at if at is not None else time.time()))
    return {
        "Content-Type": "application/json",
        SYSTEM_HEADER: system,
        EVENT_HEADER: event_id,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(secret, timestamp, event_id, body),
    }


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _content_id(kind: str, data: dict[str, Any]) -> str:
    canonical = json.dumps([kind, data], sort_keys=True, separators=(",", ":"))
    return f"{kind}-{hashlib.sha256(canonical.encode()).hexdigest()[:32]}"


@dataclass
class WebhookDoor:
    """A lock bridge over HTTP. Each method sends one signed POST and raises
    `BridgeUnavailable` when the bridge does not take it (the job is retried)."""

    key: str
    url: str
    secret: bytes
    timeout: float = 5.0

    def _send(self, kind: str, data: dict[str, Any], event_id: str) -> None:
        body = json.dumps(
            {"type": kind, "event_id": event_id, "data": data}, separators=(",", ":")
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (the operator's https URL)
            self.url,
            data=body,
            method="POST",
            headers=signed_headers(self.key, self.secret, body, event_id=event_id),
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 409:  # the bridge had this event already: done
                return
            raise BridgeUnavailable(f"{self.key}: {kind} {event_id}: HTTP {exc.code}") from exc
        except (OSError, TimeoutError) as exc:  # refused, unreachable, timed out
            raise BridgeUnavailable(f"{self.key}: {kind} {event_id}: {exc}") from exc
        logger.info("Lock bridge %s took %s %s", self.key, kind, event_id)

    def grant(self, payload: GrantPayload) -> None:
        data = {
            "grant_id": payload.grant_ref,
            "doors": list(payload.door_ids),
            "windows": [{"from": _instant(a), "until": _instant(b)} for a, b in payload.windows],
        }
        self._send("grant", data, _content_id("grant", data))

    def revoke(self, grant_ref: str, door_ids: tuple[str, ...]) -> None:
        data = {"grant_id": grant_ref, "doors": list(door_ids)}
        self._send("revoke", data, _content_id("revoke", data))

    def remote_open(self, door_id: str, *, event_id: str = "") -> None:
        self._send("remote_open", {"door": door_id}, event_id or uuid.uuid4().hex)

    def entry_events(self) -> list[EntryEvent]:
        return []  # the bridge posts them to /api/v1/access/events


def webhook_for(system: str) -> WebhookDoor | None:
    """The webhook adapter of a door system named in TORGET_ACCESS_BRIDGES, if any."""
    config = bridges().get(system)
    secret = secret_for(system)
    if not config or secret is None or not config.get("url"):
        return None
    return WebhookDoor(
        key=system,
        url=str(config["url"]),
        secret=secret,
        timeout=float(config.get("timeout", 5)),
    )


# -- requests from a bridge: who sent it, signed, fresh ----------------------------------


def verify(request, *, now: float | None = None) -> tuple[str, str]:
    """The (door system, event id) of a request a lock bridge signed, or a refusal with a
    stable code: `access.unsigned` (a header missing, or a system with no secret),
    `access.bad_signature`, `access.stale` (the timestamp more than
    TORGET_ACCESS_BRIDGE_TOLERANCE_SECONDS away). A replayed event id is refused where it
    is logged (`services.door_check`: `access.replayed`). Each refusal is logged."""
    from torget.access.errors import BadSignature, Stale, Unsigned

    headers = request.headers
    system = headers.get(SYSTEM_HEADER, "")
    event_id = headers.get(EVENT_HEADER, "")
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    given = headers.get(SIGNATURE_HEADER, "")
    address = request.META.get("REMOTE_ADDR", "")
    secret = secret_for(system) if system else None
    if not (secret and EVENT_ID.match(event_id) and timestamp.isdigit() and given):
        logger.warning("Lock bridge request refused (unsigned): system %r from %s", system, address)
        raise Unsigned()
    expected = signature(secret, timestamp, event_id, request.body)
    if not hmac.compare_digest(expected, given):
        logger.warning("Lock bridge request refused (bad signature): %s %s", system, event_id)
        raise BadSignature()
    tolerance = settings.TORGET_ACCESS_BRIDGE_TOLERANCE_SECONDS
    if abs((now if now is not None else time.time()) - int(timestamp[:12])) > tolerance:
        logger.warning("Lock bridge request refused (stale): %s %s", system, event_id)
        raise Stale()
    return system, event_id
