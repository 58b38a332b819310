"""Which approved answers are offered as quotes for a theme.

A quote is always one person's whole answer as moderated (`Answer.moderated_text`), never
put together from several answers. An answer about three things, shown as the quote for one
of them, reads as if sentences from different people were joined, so the suggestions
favour answers that are about the theme alone, then short ones (fewest sentences), then the
coding's score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db.models import Count

from torget.consultations.models import Answer, Coding, CodingStatus

# A sentence ends at . ! ? or … followed by space and what starts a new one.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«(]?[A-ZÆØÅ0-9])")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def best_first(candidates: Sequence[Answer], limit: int) -> list[Answer]:
    """`candidates` (approved answers with the theme confirmed, in the coding's score order)
    reordered: fewest confirmed themes, then fewest sentences; the first `limit`."""
    themes = dict(
        Coding.objects.filter(answer__in=[a.pk for a in candidates], status=CodingStatus.CONFIRMED)
        .values("answer")
        .annotate(n=Count("pk"))
        .values_list("answer", "n")
        .order_by()
    )
    ranked = sorted(
        enumerate(candidates),
        key=lambda item: (
            themes.get(item[1].pk, 0),
            len(sentences(item[1].moderated_text)),
            item[0],
        ),
    )
    return [answer for _n, answer in ranked[:limit]]
