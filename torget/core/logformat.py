"""Log lines for people (text) or for a log collector (JSON lines), `TORGET_LOG_FORMAT`.

JSON: one object a line, `time` (UTC, ISO 8601), `level`, `logger`, `message`, `request_id`
when the line was written for a request or a job, `exception` with the traceback, and the
plain values a call passed in `extra=` (numbers, strings; objects such as the request are
left out, so no cookie or form ever lands in the log by accident).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

TEXT_FORMAT = "%(levelname)s %(name)s [%(request_id)s] %(message)s"

# Attributes every LogRecord has: not "extra".
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "request_id",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id and request_id != "-":
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if value is None or isinstance(value, str | int | float | bool):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def formatter(kind: str) -> dict[str, object]:
    """The LOGGING formatter for TORGET_LOG_FORMAT ("text" or "json")."""
    if kind == "json":
        return {"()": "torget.core.logformat.JsonFormatter"}
    if kind == "text":
        return {"format": TEXT_FORMAT}
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TORGET_LOG_FORMAT: {kind!r} is neither 'text' nor 'json'")
