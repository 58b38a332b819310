# Issue 15: consultations made through the API had no deletion date for names and
# contacts, so `purge_consultation_identities` never deleted them. Give every consultation
# with a closing date and none the date the rule gives (the close plus
# TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS; one already past is purged on the next run),
# then let the database refuse a consultation that asks for names without one.

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    days = getattr(settings, "TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS", 90)
    missing = Consultation.objects.filter(
        closes_on__isnull=False, identity_delete_on__isnull=True
    )
    for consultation in missing.only("pk", "closes_on"):
        Consultation.objects.filter(pk=consultation.pk).update(
            identity_delete_on=consultation.closes_on + timedelta(days=days)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="consultation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ask_identity", False),
                    ("closes_on__isnull", True),
                    ("identity_delete_on__isnull", False),
                    _connector="OR",
                ),
                name="consultation_identity_deletion_date",
            ),
        ),
    ]
