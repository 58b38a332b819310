import pytest

from torget.consultations import demo, selectors
from torget.consultations.models import Consultation, Response, Status

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_144_answers_partly_coded(personas):
    demo.load()
    autumn = Consultation.objects.get(slug=demo.AUTUMN_SLUG)
    ids = set(Response.objects.filter(consultation=autumn).values_list("pk", flat=True))
    assert len(ids) == 144
    assert autumn.status == Status.PUBLISHED
    s = selectors.summary(autumn)
    assert 0 < s.coded_answers < s.text_answers
    assert all(row.respondents > 0 for row in s.themes)
    assert any(row.quotes for row in s.themes)
    assert "912 34 567" not in "".join(a.moderated_text for row in s.themes for a in row.quotes)
    # Each quote is one invented statement, never several joined into one "answer".
    statements = {
        text.format(hub=hub)
        for text, _themes in demo.SENTENCES + demo.OTHER
        for hub in demo.HUB_WEIGHTS
    }
    assert all(a.moderated_text in statements for row in s.themes for a in row.quotes)
    open_one = Consultation.objects.get(slug=demo.OPEN_SLUG)
    assert open_one.status == Status.OPEN and open_one.responses.count() == 12
    demo.load()
    assert set(Response.objects.filter(consultation=autumn).values_list("pk", flat=True)) == ids
    assert Consultation.objects.get(slug=demo.OPEN_SLUG).responses.count() == 12
