"""How far staff are with a consultation's written answers, said as what is left.

A written answer is done when it is moderated (approved or hidden) and its coding is
finished. The status word alone ("Summary published") read as "finished" while most answers
still waited; the staff pages say how many are done and how many wait, and for what.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from torget.consultations.models import Answer, Consultation, Moderation, QuestionKind, Status


@dataclass(frozen=True)
class Progress:
    answers: int  # written (non-empty) answers
    done: int  # moderated and coded
    unmoderated: int
    uncoded: int

    @property
    def waiting(self) -> int:
        return self.answers - self.done


NOTHING = Progress(0, 0, 0, 0)


def written_answers(consultations: Iterable[Consultation] | Consultation):
    many = [consultations] if isinstance(consultations, Consultation) else list(consultations)
    return Answer.objects.filter(
        response__consultation__in=many, question__kind=QuestionKind.TEXT
    ).exclude(text="")


def progress_of(consultations: Iterable[Consultation]) -> dict[int, Progress]:
    """{consultation id: its progress}, in one query."""
    pending = Q(moderation=Moderation.PENDING)
    rows = (
        written_answers(consultations)
        .values("response__consultation")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=~pending & Q(coded=True)),
            unmoderated=Count("pk", filter=pending),
            uncoded=Count("pk", filter=Q(coded=False)),
        )
        .order_by()
    )
    return {
        row["response__consultation"]: Progress(
            row["n"], row["done"], row["unmoderated"], row["uncoded"]
        )
        for row in rows
    }


def progress(consultation: Consultation) -> Progress:
    return progress_of([consultation]).get(consultation.pk, NOTHING)


def left_text(p: Progress) -> str:
    """ "40 av 144 svar er behandlet; 104 venter på moderering og koding"; empty when there
    are no written answers."""
    if not p.answers:
        return ""
    done = ngettext(
        "%(done)s of %(total)s answer is done",
        "%(done)s of %(total)s answers are done",
        p.answers,
    ) % {"done": p.done, "total": p.answers}
    if not p.waiting:
        return done
    if p.unmoderated == p.uncoded == p.waiting:
        waits = ngettext(
            "%(n)s waits for moderation and coding",
            "%(n)s wait for moderation and coding",
            p.waiting,
        ) % {"n": p.waiting}
    else:
        parts = []
        if p.unmoderated:
            parts.append(_("%(n)s for moderation") % {"n": p.unmoderated})
        if p.uncoded:
            parts.append(_("%(n)s for coding") % {"n": p.uncoded})
        waits = ngettext("%(n)s waits (%(parts)s)", "%(n)s wait (%(parts)s)", p.waiting) % {
            "n": p.waiting,
            "parts": ", ".join(parts),
        }
    return f"{done}; {waits}"


def status_text(consultation: Consultation, p: Progress) -> str:
    """The status as staff read it: "published" only claims to be finished when nothing
    waits."""
    label = str(consultation.get_status_display())
    if consultation.status == Status.PUBLISHED and p.waiting:
        label = _("Summary published before all answers were done")
    left = left_text(p) if consultation.status != Status.DRAFT else ""
    return f"{label}: {left}" if left else label
