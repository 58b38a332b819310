"""Addresses of pages for lists: `reverse()` once per page name, then filled in.

A list of a hundred spaces or forty events spent a quarter of its time in `reverse()`.
For ids and slugs only (digits, letters, hyphens and underscores), which need no quoting.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

# Stand-ins that every path converter used here (int, slug, str) accepts.
_MARKER = 9_876_543_210


def page_address(name: str, **values: object) -> str:
    """As `reverse(name, kwargs=values)`."""
    return _pattern(get_script_prefix(), name, tuple(sorted(values))).format(**values)


@lru_cache(maxsize=64)
def _pattern(script_prefix: str, name: str, keys: tuple[str, ...]) -> str:
    markers = {key: str(_MARKER + i) for i, key in enumerate(keys)}
    url = reverse(name, kwargs=markers)
    for key, marker in markers.items():
        url = url.replace(marker, "{" + key + "}")
    return url
