"""Norwegian text helpers: slugs that keep æøå readable, sorting with æ ø å last, and
the one rule for control characters in what people type."""

import unicodedata

from django.utils.text import slugify

_TRANSLITERATION = str.maketrans(
    {"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A", "é": "e", "É": "E"}
)

# Norwegian alphabetical order: a–z, then æ, ø, å (aa is treated as å in names).
_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_FOLD = str.maketrans({"é": "e", "è": "e", "ä": "æ", "ö": "ø", "ü": "y"})


def norwegian_slug(value: str) -> str:
    """`Sætre` → `saetre`, `Asker sentrum` → `asker-sentrum`, `Løkka` → `lokka`."""
    return slugify(value.translate(_TRANSLITERATION))


def norwegian_sort_key(value: str) -> tuple[tuple[int, str], ...]:
    """A key that sorts people-facing names as a Norwegian reader expects (æ ø å last)."""
    folded = value.casefold().translate(_FOLD)
    return tuple((_RANK.get(ch, -1 if ch < "a" else len(_ALPHABET)), ch) for ch in folded)


# Line breaks a person may type in a multi-line field (a browser sends CR LF).
_NEWLINES = frozenset("\r\n")


def _is_control(ch: str, *, multiline: bool) -> bool:
    # Cc: C0/C1 controls (NUL, TAB, CR, LF, ESC, …); Zl/Zp: Unicode's line and paragraph
    # separators, line breaks by another name. Calendars, CSV, e-mail headers and PostgreSQL
    # (NUL) all trip on them, and nobody types them into a name or a title.
    if multiline and ch in _NEWLINES:
        return False
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """True if `value` holds a control character; with `multiline`, CR and LF are allowed."""
    return any(_is_control(ch, multiline=multiline) for ch in value)


def without_control_characters(value: str, *, multiline: bool = False) -> str:
    """`value` with control characters dropped (line breaks become spaces unless
    `multiline`): for text written out before the rule existed, e.g. in a calendar file."""
    if not multiline:
        value = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    else:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if not _is_control(ch, multiline=multiline))
