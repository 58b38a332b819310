"""What residents said about the affected hubs: the consultations' answers that mention a
hub, their themes with counts and a few whole quotes.

A response mentions a hub as the consultations' own summary reads it
(`consultations.selectors.hub_name_patterns`): a free-text answer names the hub (also in the
genitive), or a "pick a hub" question picked it; a response to the hub's standing input
counts too. Drafts are left out. Themes are the confirmed codings of those responses, counted
once per response and joined by their label across consultations (a merged theme counts as
the theme it was merged into). Quotes are whole answers as moderated — approved for quoting,
their `moderated_text`, never the raw text — that name the hub themselves, the ones staff
marked as representative first, then those with the fewest hidden parts, then the
shortest. Nobody is named: respondents are counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from torget.consultations import quotes as quote_rules
from torget.consultations.models import (
    VISIBLE_Q,
    Answer,
    Coding,
    CodingStatus,
    Consultation,
    Moderation,
    QuestionKind,
)
from torget.consultations.selectors import hub_name_patterns
from torget.consultations.services import REDACTED
from torget.core.text import norwegian_sort_key
from torget.places.models import Hub

QUOTES_PER_HUB = 3
THEMES_PER_HUB = 8


@dataclass(slots=True)
class Quote:
    text: str
    consultation: str

    def as_json(self) -> dict:
        return {"text": self.text, "consultation": self.consultation}


@dataclass(slots=True)
class HubWords:
    hub: Hub
    respondents: int = 0  # responses that mention the hub
    consultations: int = 0  # how many consultations those responses came in
    themes: list[tuple[str, int]] = field(default_factory=list)  # (label, respondents)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not self.respondents

    def as_json(self) -> dict:
        return {
            "hub": self.hub.slug,
            "respondents": self.respondents,
            "consultations": self.consultations,
            "themes": [{"theme": label, "respondents": n} for label, n in self.themes],
            "quotes": [q.as_json() for q in self.quotes],
        }


def what_residents_said(hubs: list[Hub]) -> list[HubWords]:
    """One row per hub, in the order given."""
    if not hubs:
        return []
    consultations = dict(Consultation.objects.filter(VISIBLE_Q).values_list("pk", "title"))
    answers = Answer.objects.filter(response__consultation__in=list(consultations))
    patterns = hub_name_patterns(hubs)
    # response -> consultation, and response -> hubs it mentions
    mentions: dict[int, set[int]] = {}
    consultation_of: dict[int, int] = {}
    text_answers = answers.filter(question__kind=QuestionKind.TEXT).exclude(text="")
    for response_id, consultation_id, text in text_answers.values_list(
        "response_id", "response__consultation_id", "text"
    ):
        consultation_of[response_id] = consultation_id
        for hub, pattern in patterns:
            if pattern.search(text):
                mentions.setdefault(response_id, set()).add(hub.pk)
    hub_ids = [h.pk for h in hubs]
    picked = answers.filter(
        Q(question__kind=QuestionKind.HUB, hub_id__in=hub_ids)
        | Q(response__consultation__standing_hub_id__in=hub_ids)
    ).values_list(
        "response_id",
        "response__consultation_id",
        "hub_id",
        "response__consultation__standing_hub_id",
    )
    for response_id, consultation_id, hub_id, standing in picked:
        consultation_of[response_id] = consultation_id
        for pk in (hub_id, standing):
            if pk in hub_ids:
                mentions.setdefault(response_id, set()).add(pk)
    ids = list(consultations)
    themes = _themes(set(mentions), ids)
    result = []
    for hub in hubs:
        responses = [r for r, found in mentions.items() if hub.pk in found]
        counts = Counter(label for r in responses for label in themes.get(r, set()))
        ranked = sorted(counts.items(), key=lambda t: (-t[1], norwegian_sort_key(t[0])))
        result.append(
            HubWords(
                hub=hub,
                respondents=len(responses),
                consultations=len({consultation_of[r] for r in responses}),
                themes=ranked[:THEMES_PER_HUB],
                quotes=_quotes(hub, set(responses), consultations),
            )
        )
    return result


def _themes(responses: set[int], consultations: list[int]) -> dict[int, set[str]]:
    """Per response, the labels of its confirmed themes (merged into their target)."""
    found: dict[int, set[str]] = {}
    rows = Coding.objects.filter(
        answer__response__consultation__in=consultations, status=CodingStatus.CONFIRMED
    ).values_list("answer__response_id", "code__label", "code__merged_into__label")
    for response_id, label, merged in rows:
        if response_id in responses:
            found.setdefault(response_id, set()).add(merged or label)
    return found


def _quotes(hub: Hub, responses: set[int], titles: dict[int, str]) -> list[Quote]:
    if not responses:
        return []
    ((_hub, pattern),) = hub_name_patterns([hub])
    candidates = [
        answer
        for answer in Answer.objects.filter(
            response__consultation__in=list(titles),
            question__kind=QuestionKind.TEXT,
            moderation=Moderation.APPROVED,
        )
        .exclude(moderated_text="")
        .select_related("response")
        .order_by("pk")
        if answer.response_id in responses and pattern.search(answer.moderated_text)
    ]
    # Marked as representative first, then the fewest hidden parts (an answer that is
    # mostly "[fjernet]" says little), then the shortest.
    candidates.sort(
        key=lambda a: (
            not a.is_quote,
            a.moderated_text.count(REDACTED),
            len(quote_rules.sentences(a.moderated_text)),
            a.pk,
        )
    )
    chosen: list[Quote] = []
    seen: set[str] = set()
    for answer in candidates:
        text = answer.moderated_text.strip()
        if text in seen:  # the same words twice read as one voice counted twice
            continue
        seen.add(text)
        chosen.append(Quote(text, titles.get(answer.response.consultation_id, "")))
        if len(chosen) == QUOTES_PER_HUB:
            break
    return chosen
