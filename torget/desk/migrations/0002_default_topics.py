"""Seed the inquiry taxonomy with the default topics of API.md (DefaultTopic)."""

from django.db import migrations

# Labels as of this migration (bokmål, English), so the seed does not depend on the
# translation catalogue. Codes are API.md's; hubs rename and reorder them in the back office.
DEFAULTS = [
    ("building_guidance", "Byggesaksveiledning", "Building and planning guidance"),
    ("kindergarten", "Barnehageopptak", "Kindergarten admission"),
    ("digital_help", "Hjelp med digitale skjema og ID", "Help with digital forms and ID"),
    ("nav", "NAV", "NAV"),
    ("tax", "Skatt", "Tax"),
    ("health_care", "Helse- og omsorgstjenester", "Health and care services"),
    ("housing", "Bolig", "Housing"),
    ("library", "Bibliotek", "Library"),
    ("whats_on", "Aktiviteter og hva som skjer", "Activities and what is on"),
    ("general_info", "Generell informasjon", "General information"),
    ("complaint", "Klage", "Complaint"),
    ("lost_found", "Hittegods", "Lost and found"),
    ("just_a_chat", "Bare en prat", "Just a chat"),
    ("other", "Annet", "Other"),
]


def seed(apps, schema_editor):
    InquiryTopic = apps.get_model("desk", "InquiryTopic")
    for order, (code, label_nb, label_en) in enumerate(DEFAULTS, start=1):
        InquiryTopic.objects.get_or_create(
            code=code,
            defaults={"label_nb": label_nb, "label_en": label_en, "order": order * 10},
        )


def unseed(apps, schema_editor):
    InquiryTopic = apps.get_model("desk", "InquiryTopic")
    InquiryTopic.objects.filter(code__in=[code for code, _nb, _en in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("desk", "0001_inquiries_callbacks")]

    operations = [migrations.RunPython(seed, unseed)]
