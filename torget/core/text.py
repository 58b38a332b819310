"""Norwegian text helpers: slugs that keep æøå readable, and sorting with æ ø å last."""

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
