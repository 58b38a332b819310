import pytest

from torget.consultations import services
from torget.consultations.models import Status


@pytest.fixture
def autumn(personas):
    """The autumn-2024 questionnaire for Holmen and Tofte, open today."""
    consultation = services.consultation_from_template(hubs=[personas.holmen, personas.tofte])
    return services.consultation_set_status(consultation, Status.OPEN)


def text_values(consultation, *texts):
    questions = list(consultation.questions.all())
    return {q.pk: t for q, t in zip(questions, texts, strict=False)}
