"""Private links in a message's text, with their secret part left out.

A private link (cancel a registration, manage an appointment, sign in, a personal calendar
feed) lets whoever holds it act as the recipient. The back office shows where such a link
leads, never the token: any address on this site whose route takes a `token` has it
replaced by "…". Routes are looked up at run time, so no app has to register its links.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from django.urls import Resolver404, resolve

from torget.core.siteurl import site_url

HIDDEN = "…"
# An address ends before white space, quotes or brackets, and before the full stop or
# comma of the sentence it ends (an SMS: "… cancel here: https://…/abc."). The demo's
# outbox page (torget.site.demo_outbox) makes each one a link.
ADDRESS = re.compile(r"https?://[^\s<>\"']+?(?=[.,;:!?)\]]*(?:[\s<>\"']|$))")
_SECRET_ARGUMENTS = ("token",)


def _site_prefix() -> str:
    """The path the site is mounted under, from TORGET_SITE_URL ("" at the root)."""
    return urlsplit(site_url()).path.rstrip("/")


def _hidden(address: str) -> str:
    parts = urlsplit(address)
    path = parts.path
    prefix = _site_prefix()
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix) :]
    try:
        match = resolve(path)
    except Resolver404:
        return address
    secrets = [str(match.kwargs[name]) for name in _SECRET_ARGUMENTS if match.kwargs.get(name)]
    if not secrets:
        return address
    new_path = parts.path
    for secret in secrets:
        new_path = new_path.replace(secret, HIDDEN)
    # The query may carry where to go next, never a secret of its own; drop it all the same.
    return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))


def private_links_hidden(text: str) -> str:
    """The text with every private link's token replaced by "…"."""
    return ADDRESS.sub(lambda found: _hidden(found.group(0)), text)
