"""Shared API field types."""

import re
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator

_SPACE_OFFSET = re.compile(r"^(.*T[0-9:.]+) (\d{2}:?\d{2})$")


def _plus_from_query(value: Any) -> Any:
    # In a query string an unescaped "+" arrives as a space: "…T10:00:00 02:00".
    if isinstance(value, str):
        match = _SPACE_OFFSET.match(value.strip() if value.endswith(" ") is False else value)
        if match:
            return f"{match.group(1)}+{match.group(2)}"
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_plus_from_query)]
